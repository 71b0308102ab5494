import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DEFAULT_PASSING_SCORE, MAX_CHOICES, MIN_CHOICES, type Choice, type FeedbackTiming, type Question, type QuizModule } from '../module/moduleModel';
import { MAX_ARTICLE_PATH_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_MARKDOWN_LENGTH, MAX_NESTING_DEPTH, MAX_REPORTED_PROBLEMS, MAX_SECTION_LENGTH, MAX_TITLE_LENGTH } from '../module/limits';
import { articlePathProblem } from './article';
import { JsonChecker, type Where } from './JsonChecker';
import { PlainNode, spanOf, type JsonNode } from './jsonNode';
import { scanJsonShape } from './jsonShape';
import { makeProblem, type Span } from './problems';
import type { ModuleValidation } from './validation';
import { clip, describeType, describeValue, parseErrorMessage } from './wording';

/** The keys of the format (docs/module-format.md); `$schema` lets an editor find the schema. */
const MODULE_KEYS = [
  '$schema',
  'lintIgnore',
  'version',
  'id',
  'title',
  'description',
  'article',
  'passingScore',
  'shuffleQuestions',
  'shuffleChoices',
  'partialCredit',
  'feedbackTiming',
  'allowHintsInExam',
  'questions',
  'draw',
] as const;
const QUESTION_KEYS = ['id', 'prompt', 'choices', 'explanation', 'hint', 'section', 'points', 'lintIgnore'] as const;
const CHOICE_KEYS = ['text', 'correct', 'feedback', 'fixed'] as const;

const FEEDBACK_TIMINGS: readonly FeedbackTiming[] = ['immediate', 'end'];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The rules of the module format (docs/module-format.md), read over the whole file. */
export class ModuleValidator extends JsonChecker {
  private readonly sectionSpans = new Map<string, Span>();

  run(): ModuleValidation {
    // The parser recurses once per level of nesting, so a deep enough file would overflow the
    // stack (sooner in a web worker); and its work grows with the tokens. Both are checked first.
    const shape = scanJsonShape(this.text, MAX_NESTING_DEPTH, this.limits.tokens);
    if (shape?.kind === 'depth') {
      this.report(
        { offset: shape.offset, length: 1 },
        this.t('Arrays and objects are nested more than {0} levels deep here; a module file may nest at most {0}.', MAX_NESTING_DEPTH),
      );
      return this.result();
    }
    if (shape?.kind === 'tokens') {
      this.report(
        { offset: shape.offset, length: 1 },
        this.t(
          'This is JSON token number {0} of the file; a module file may hold at most {1} tokens (values, property names and punctuation).',
          this.limits.tokens + 1,
          this.limits.tokens,
        ),
      );
      return this.result();
    }
    const parseErrors: ParseError[] = [];
    const root = parseTree(this.text, parseErrors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: true,
    });
    for (const error of parseErrors) {
      const code = printParseErrorCode(error.error);
      this.report({ offset: error.offset, length: Math.max(error.length, 1) }, parseErrorMessage(code, this.t));
    }
    if (parseErrors.length > 0) return this.result();
    if (!root) {
      this.report({ offset: 0, length: 0 }, this.t('The file is empty: a module is a JSON object.'));
      return this.result();
    }
    if (root.type !== 'object') {
      this.report(root, this.t('A module must be a JSON object, not {0}.', describeType(root, this.t)));
      return this.result();
    }
    const module = this.readModule(root);
    // Warnings (a key the format does not know) leave the module loadable.
    return this.result(this.problems.some((p) => p.severity === 'error') || this.left > 0 ? undefined : module, root);
  }

  private result(module?: QuizModule, root?: JsonNode): ModuleValidation {
    if (this.left > 0) {
      this.problems.push(
        makeProblem(
          this.file,
          this.text,
          this.lines,
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- left > 0: the first problem past the limit was kept
          this.firstLeft!,
          this.t('Only the first {0} problems are listed; {1} more were found, the first of them here.', MAX_REPORTED_PROBLEMS, this.left),
        ),
      );
    }
    const idNode = root ? this.valueOf(root, 'id') : undefined;
    const articleNode = root ? this.valueOf(root, 'article') : undefined;
    return {
      ...(module ? { module } : {}),
      problems: this.problems,
      ...(idNode ? { idSpan: spanOf(idNode) } : {}),
      ...(articleNode ? { articleSpan: spanOf(articleNode) } : {}),
      sectionSpans: this.sectionSpans,
      ...(root ? { locate: (path: readonly (string | number)[]) => { const node = findNodeAtLocation(root, [...path]); return node ? spanOf(node) : undefined; } } : {}),
    };
  }


  readModule(root: JsonNode): QuizModule {
    const where: Where = () => this.t('Module');
    this.reportDuplicateKeys(root, where);
    this.reportUnknownKeys(root, where, MODULE_KEYS);

    const versionNode = this.valueOf(root, 'version');
    if (!versionNode) this.missing(root, where, 'version', this.t('the format version, 1'));
    else if (versionNode.value !== 1 || versionNode.type !== 'number')
      this.report(versionNode, this.t('"version" must be 1 (the only format version), not {0}.', describeValue(versionNode, this.t)));

    const id = this.requiredId(root, where, 'id');
    const title = this.requiredText(root, where, 'title', MAX_TITLE_LENGTH);
    const description = this.optionalString(root, where, 'description', MAX_DESCRIPTION_LENGTH);
    const article = this.optionalArticle(root, where);
    const passingScore = this.optionalNumber(root, where, 'passingScore', DEFAULT_PASSING_SCORE, (n) =>
      n >= 0 && n <= 100 ? undefined : this.t('{0}: "{1}" must be a percent from 0 to 100 (found {2}).', where(), 'passingScore', n),
    );
    const shuffleQuestions = this.optionalBoolean(root, where, 'shuffleQuestions', false);
    const shuffleChoices = this.optionalBoolean(root, where, 'shuffleChoices', false);
    const partialCredit = this.optionalBoolean(root, where, 'partialCredit', false);
    const feedbackTiming = this.optionalFeedbackTiming(root, where);
    const allowHintsInExam = this.optionalBoolean(root, where, 'allowHintsInExam', false);
    const questions = this.readQuestions(root, where);
    const draw = this.optionalDraw(root, where, questions);
    const lintIgnore = this.optionalRuleList(root, where);

    return {
      version: 1,
      id,
      title,
      ...(description !== undefined ? { description } : {}),
      ...(article !== undefined ? { article } : {}),
      passingScore,
      shuffleQuestions,
      shuffleChoices,
      partialCredit,
      feedbackTiming,
      ...(allowHintsInExam ? { allowHintsInExam: true as const } : {}),
      questions,
      ...(draw !== undefined ? { draw } : {}),
      ...(lintIgnore ? { lintIgnore } : {}),
    };
  }

  /**
   * `draw`, a question pool: a count of the module's questions, or a count per section. A count
   * must be a whole number from 1 to the size of its pool, and a section must be one some
   * question names; each problem is reported at the value (or the section name) at fault.
   */
  private optionalDraw(root: JsonNode, where: Where, questions: readonly Question[]): QuizModule['draw'] {
    const node = this.valueOf(root, 'draw');
    if (!node) return undefined;
    const count = (value: JsonNode, pool: number, label: string): number | undefined => {
      const n = value.value;
      if (value.type !== 'number' || typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
        this.report(value, this.t('{0}: "{1}" must be a whole number of questions, 1 or more, not {2}.', where(), label, describeValue(value, this.t)));
        return undefined;
      }
      if (n > pool) {
        this.report(value, this.t('{0}: "{1}" draws {2} questions from a pool of only {3}.', where(), label, n, pool));
        return undefined;
      }
      return n;
    };
    if (node.type === 'number') return count(node, questions.length, 'draw');
    if (node.type !== 'object') {
      this.report(node, this.t('{0}: "{1}" must be a number of questions, or an object of section ids and numbers, not {2}.', where(), 'draw', describeType(node, this.t)));
      return undefined;
    }
    let entries: [string, JsonNode, JsonNode][];
    if (node instanceof PlainNode) {
      entries = Object.entries(node.value as Record<string, unknown>).map(([key, value]) => [key, node, new PlainNode(value)]);
      this.seen.objects++;
      this.seen.properties += entries.length;
    } else {
      this.reportDuplicateKeys(node, where);
      entries = (node.children ?? []).flatMap((property): [string, JsonNode, JsonNode][] => {
        const [keyNode, valueNode] = property.children ?? [];
        return keyNode && valueNode && typeof keyNode.value === 'string' ? [[keyNode.value, keyNode, valueNode]] : [];
      });
    }
    if (entries.length === 0) {
      this.report(node, this.t('{0}: "{1}" must name at least one section.', where(), 'draw'));
      return undefined;
    }
    const draw: Record<string, number> = {};
    let valid = true;
    for (const [section, keyNode, valueNode] of entries) {
      const pool = questions.filter((q) => q.section === section).length;
      if (pool === 0) {
        this.report(keyNode, this.t('{0}: "{1}" names section "{2}", which no question has.', where(), 'draw', clip(section)));
        valid = false;
        continue;
      }
      const n = count(valueNode, pool, `draw.${clip(section)}`);
      if (n === undefined) valid = false;
      else draw[section] = n;
    }
    return valid ? draw : undefined;
  }

  /** `lintIgnore`: the content-lint rules to keep quiet here, as a list of rule names. */
  private optionalRuleList(object: JsonNode, where: Where): string[] | undefined {
    const node = this.valueOf(object, 'lintIgnore');
    if (!node) return undefined;
    const items = node.type === 'array' ? this.itemsOf(node) : undefined;
    if (!items || !items.every((item) => item.type === 'string' && /^[a-z][a-z-]{0,40}$/.test(String(item.value)))) {
      this.report(node, this.t('{0}: "{1}" must be a list of lint rule names, such as ["length-cue"].', where(), 'lintIgnore'));
      return undefined;
    }
    return items.map((item) => String(item.value));
  }


  private optionalFeedbackTiming(root: JsonNode, where: Where): FeedbackTiming {
    const node = this.valueOf(root, 'feedbackTiming');
    if (!node) return 'immediate';
    if (node.type !== 'string' || !FEEDBACK_TIMINGS.includes(node.value as FeedbackTiming)) {
      this.report(node, this.t('{0}: "{1}" must be "immediate" or "end", not {2}.', where(), 'feedbackTiming', describeValue(node, this.t)));
      return 'immediate';
    }
    return node.value as FeedbackTiming;
  }

  private optionalArticle(root: JsonNode, where: Where): string | undefined {
    const value = this.optionalString(root, where, 'article', MAX_ARTICLE_PATH_LENGTH);
    if (value === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- optionalString just read a string there
    const node = this.valueOf(root, 'article')!;
    const complaint = articlePathProblem(value, this.t);
    if (complaint) {
      this.report(node, complaint);
      return undefined;
    }
    return value;
  }

  private readQuestions(root: JsonNode, where: Where): Question[] {
    const node = this.valueOf(root, 'questions');
    if (!node) {
      this.missing(root, where, 'questions', this.t('a list of one or more questions'));
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, this.t('{0}: "{1}" must be an array, not {2}.', where(), 'questions', describeType(node, this.t)));
      return [];
    }
    const items = this.itemsOf(node);
    if (items.length === 0) {
      this.report(node, this.t('{0}: "questions" must hold at least one question.', where()));
      return [];
    }
    const maxQuestions = this.limits.questions;
    if (items.length > maxQuestions) {
      // Pointed at the first question too many; only the ones within the limit are checked.
      this.report(
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- items.length > maxQuestions
        items[maxQuestions]!,
        this.t('{0}: "questions" holds {1} questions; a module may have at most {2}.', where(), items.length, maxQuestions),
      );
    }
    const questions: Question[] = [];
    const seenIds = new Map<string, number>();
    items.slice(0, maxQuestions).forEach((item, index) => {
      const question = this.readQuestion(item, index);
      if (!question) return;
      if (question.id) {
        const first = seenIds.get(question.id);
        if (first !== undefined) {
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the question read has an id, so its object has one
          const idNode = this.valueOf(item, 'id')!;
          this.report(
            idNode,
            this.t('Question {0}: id "{1}" is already used by question {2}; question ids must be unique.', index + 1, question.id, first + 1),
          );
        } else {
          seenIds.set(question.id, index);
        }
      }
      questions.push(question);
    });
    return questions;
  }

  private readQuestion(node: JsonNode, index: number): Question | undefined {
    let where: Where = () => this.t('Question {0}', index + 1);
    if (node.type !== 'object') {
      this.report(node, this.t('{0} must be an object, not {1}.', where(), describeType(node, this.t)));
      return undefined;
    }
    this.reportDuplicateKeys(node, where);
    this.reportUnknownKeys(node, where, QUESTION_KEYS);
    const id = this.requiredId(node, where, 'id');
    if (id) where = () => this.t('Question "{0}"', id);
    const prompt = this.requiredText(node, where, 'prompt', MAX_MARKDOWN_LENGTH);
    const choices = this.readChoices(node, where);
    const explanation = this.optionalString(node, where, 'explanation', MAX_MARKDOWN_LENGTH);
    const hintNode = this.valueOf(node, 'hint');
    const hint = hintNode ? this.stringValue(hintNode, where, 'hint', MAX_MARKDOWN_LENGTH) : undefined;
    if (hint !== undefined && hintNode && hint.trim() === '') this.report(hintNode, this.t('{0}: "{1}" must not be empty.', where(), 'hint'));
    const sectionNode = this.valueOf(node, 'section');
    const section = sectionNode ? this.stringValue(sectionNode, where, 'section', MAX_SECTION_LENGTH) : undefined;
    if (section !== undefined && sectionNode) {
      if (section.trim() === '') this.report(sectionNode, this.t('{0}: "{1}" must not be empty.', where(), 'section'));
      else if (id && !this.quick) this.sectionSpans.set(id, spanOf(sectionNode));
    }
    const points = this.optionalNumber(node, where, 'points', 1, (n) =>
      n > 0 && Number.isFinite(n) ? undefined : this.t('{0}: "{1}" must be a positive number (found {2}).', where(), 'points', n),
    );
    const lintIgnore = this.optionalRuleList(node, where);
    // Built by assignment rather than spreads, which cost a copy each on every question of
    // every module loaded; the keys keep the order they are written in here.
    const question: Partial<Writable<Question>> = { id, prompt, choices };
    if (explanation !== undefined) question.explanation = explanation;
    if (hint !== undefined && hint.trim() !== '') question.hint = hint;
    if (section !== undefined) question.section = section;
    question.points = points;
    if (lintIgnore) question.lintIgnore = lintIgnore;
    return question as Question;
  }

  private readChoices(question: JsonNode, where: Where): Choice[] {
    const node = this.valueOf(question, 'choices');
    if (!node) {
      this.missing(question, where, 'choices', this.t('{0} to {1} choices', MIN_CHOICES, MAX_CHOICES));
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, this.t('{0}: "{1}" must be an array, not {2}.', where(), 'choices', describeType(node, this.t)));
      return [];
    }
    const items = this.itemsOf(node);
    if (items.length < MIN_CHOICES || items.length > MAX_CHOICES) {
      this.report(node, this.t('{0}: a question has {1} to {2} choices, this one has {3}.', where(), MIN_CHOICES, MAX_CHOICES, items.length));
    }
    const choices: Choice[] = [];
    // The trimmed text of each choice read so far, by index (undefined where none): a question
    // has at most MAX_CHOICES, so a look along this list is cheaper than hashing every text.
    const texts: (string | undefined)[] = [];
    for (let index = 0; index < items.length; index++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is inside the array: a hot loop (the loader's quick path) without a check per item
      const item = items[index]!;
      const choiceWhere: Where = () => this.t('{0}, choice {1}', where(), index + 1);
      if (item.type !== 'object') {
        this.report(item, this.t('{0} must be an object with a "text", not {1}.', choiceWhere(), describeType(item, this.t)));
        continue;
      }
      this.reportDuplicateKeys(item, choiceWhere);
      this.reportUnknownKeys(item, choiceWhere, CHOICE_KEYS);
      const text = this.requiredText(item, choiceWhere, 'text', MAX_MARKDOWN_LENGTH);
      const correct = this.optionalBoolean(item, choiceWhere, 'correct', false);
      const feedback = this.optionalString(item, choiceWhere, 'feedback', MAX_MARKDOWN_LENGTH);
      const fixed = this.optionalBoolean(item, choiceWhere, 'fixed', false);
      const key = text.trim();
      if (key !== '') {
        const first = texts.indexOf(key);
        if (first >= 0) {
          this.report(
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the choice read has a text, so its object has one
            this.valueOf(item, 'text')!,
            this.t('{0}: the text repeats choice {1}; choice texts must be unique within a question.', choiceWhere(), first + 1),
          );
        } else {
          texts[index] = key;
        }
      }
      choices.push(feedback !== undefined ? { text, correct, feedback, fixed } : { text, correct, fixed });
    }
    if (items.length > 0 && items.every((item) => item.type === 'object') && !choices.some((c) => c.correct)) {
      this.report(node, this.t('{0}: no choice is marked "correct": true; at least one must be.', where()));
    }
    return choices;
  }
}
