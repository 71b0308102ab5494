import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import {
  DEFAULT_PASSING_SCORE,
  ID_PATTERN,
  MAX_CHOICES,
  MIN_CHOICES,
  type Choice,
  type FeedbackTiming,
  type Question,
  type QuizModule,
} from './moduleModel';
import type { ModuleProblem } from './problems';
import { LineIndex } from './textLocation';
import { english, type Translate } from './translate';

/** A stretch of the module file: where a value was written. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

export interface ModuleValidation {
  /** Present only when the file broke no rule that can be checked without its article. */
  readonly module?: QuizModule;
  readonly problems: readonly ModuleProblem[];
  /** Where the module's `id` value is written (for duplicate-id reports). */
  readonly idSpan?: Span;
  /** Where the `article` value is written. */
  readonly articleSpan?: Span;
  /** Question id -> where its `section` value is written. */
  readonly sectionSpans: ReadonlyMap<string, Span>;
}

const FEEDBACK_TIMINGS: readonly FeedbackTiming[] = ['immediate', 'end'];

/**
 * Validates the text of a `*.quiz.json` file against every rule of format version 1 that can
 * be checked from the file alone. Sections are checked later, against the article's headings
 * (see {@link checkSections}).
 */
export function validateModuleText(text: string, file: string, t: Translate = english): ModuleValidation {
  return new ModuleValidator(text, file, t).run();
}

/** Reports each question `section` that names no heading of the article. */
export function checkSections(
  validation: ModuleValidation,
  headingIds: ReadonlySet<string>,
  text: string,
  file: string,
  t: Translate = english,
): ModuleProblem[] {
  const lines = new LineIndex(text);
  const problems: ModuleProblem[] = [];
  for (const [questionId, span] of validation.sectionSpans) {
    const question = validation.module?.questions.find((q) => q.id === questionId);
    if (!question?.section || headingIds.has(question.section)) continue;
    const known = [...headingIds].slice(0, 8).map((id) => `"${id}"`).join(', ') + (headingIds.size > 8 ? ', …' : '');
    problems.push(
      makeProblem(
        file,
        lines,
        span,
        headingIds.size > 0
          ? t('Question "{0}": section "{1}" is not a heading of the article (headings: {2}).', questionId, question.section, known)
          : t('Question "{0}": section "{1}" is not a heading of the article (the article has no headings).', questionId, question.section),
      ),
    );
  }
  return problems;
}

/** A problem placed at a span of a file. */
export function problemAt(text: string, file: string, span: Span, message: string): ModuleProblem {
  return makeProblem(file, new LineIndex(text), span, message);
}

function makeProblem(file: string, lines: LineIndex, span: Span, message: string): ModuleProblem {
  const { line, column } = lines.position(span.offset);
  const end = lines.position(span.offset + span.length);
  return {
    file,
    line,
    column,
    endLine: end.line,
    endColumn: end.column,
    offset: span.offset,
    length: span.length,
    message,
    severity: 'error',
  };
}

/** "an object", "a string"…: what a value is, for messages. */
function describeType(node: Node, t: Translate): string {
  switch (node.type) {
    case 'object':
      return t('an object');
    case 'array':
      return t('an array');
    case 'string':
      return t('a string');
    case 'number':
      return t('a number');
    case 'boolean':
      return t('a boolean');
    case 'null':
      return t('null');
    default:
      return node.type;
  }
}

/** A JSON syntax error of jsonc-parser, in words. */
function parseErrorMessage(code: string, t: Translate): string {
  switch (code) {
    case 'InvalidSymbol':
      return t('Unexpected character.');
    case 'InvalidNumberFormat':
      return t('Invalid number.');
    case 'PropertyNameExpected':
      return t('A property name in double quotes is expected.');
    case 'ValueExpected':
      return t('A value is expected.');
    case 'ColonExpected':
      return t('A colon is expected after the property name.');
    case 'CommaExpected':
      return t('A comma is expected.');
    case 'CloseBraceExpected':
      return t('A closing brace "}" is expected.');
    case 'CloseBracketExpected':
      return t('A closing bracket "]" is expected.');
    case 'EndOfFileExpected':
      return t('Nothing may follow the top-level object.');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return t('Comments are not allowed in JSON.');
    case 'UnexpectedEndOfString':
      return t('The string is not closed.');
    case 'UnexpectedEndOfNumber':
      return t('The number is incomplete.');
    case 'InvalidUnicode':
      return t('Invalid Unicode escape.');
    case 'InvalidEscapeCharacter':
      return t('Invalid escape character in string.');
    case 'InvalidCharacter':
      return t('Invalid character in string (control characters must be escaped).');
    default:
      return t('JSON syntax error: {0}.', code);
  }
}

/** Where in the module a problem is ("Question 3", "Module"…), worded only when one is reported. */
type Where = () => string;

class ModuleValidator {
  private readonly lines: LineIndex;
  private readonly problems: ModuleProblem[] = [];
  private readonly sectionSpans = new Map<string, Span>();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly t: Translate,
  ) {
    this.lines = new LineIndex(text);
  }

  run(): ModuleValidation {
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
    return this.result(this.problems.length === 0 ? module : undefined, root);
  }

  private result(module?: QuizModule, root?: Node): ModuleValidation {
    const idNode = root ? this.valueOf(root, 'id') : undefined;
    const articleNode = root ? this.valueOf(root, 'article') : undefined;
    return {
      ...(module ? { module } : {}),
      problems: this.problems,
      ...(idNode ? { idSpan: spanOf(idNode) } : {}),
      ...(articleNode ? { articleSpan: spanOf(articleNode) } : {}),
      sectionSpans: this.sectionSpans,
    };
  }

  private report(at: Span, message: string): void {
    this.problems.push(makeProblem(this.file, this.lines, at, message));
  }

  /** The value node of a property, or undefined; a duplicated key is reported once. */
  private valueOf(object: Node, key: string): Node | undefined {
    let found: Node | undefined;
    for (const property of object.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode?.value === key) found = valueNode;
    }
    return found;
  }

  private reportDuplicateKeys(object: Node, where: Where): void {
    const seen = new Set<string>();
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      if (seen.has(keyNode.value)) this.report(keyNode, this.t('{0}: "{1}" is written twice.', where(), keyNode.value));
      seen.add(keyNode.value);
    }
  }

  /** Span of the key of a property, to point at when a required value is wrong or missing. */
  private missing(object: Node, where: Where, key: string, what: string): void {
    // Point at the opening brace of the object that lacks the property.
    this.report({ offset: object.offset, length: 1 }, this.t('{0}: "{1}" is required ({2}).', where(), key, what));
  }

  private readModule(root: Node): QuizModule {
    const where: Where = () => this.t('Module');
    this.reportDuplicateKeys(root, where);

    const versionNode = this.valueOf(root, 'version');
    if (!versionNode) this.missing(root, where, 'version', this.t('the format version, 1'));
    else if (versionNode.value !== 1 || versionNode.type !== 'number')
      this.report(versionNode, this.t('"version" must be 1 (the only format version), not {0}.', JSON.stringify(versionNode.value)));

    const id = this.requiredId(root, where, 'id');
    const title = this.requiredText(root, where, 'title');
    const description = this.optionalString(root, where, 'description');
    const article = this.optionalArticle(root, where);
    const passingScore = this.optionalNumber(root, where, 'passingScore', DEFAULT_PASSING_SCORE, (n) =>
      n >= 0 && n <= 100 ? undefined : this.t('{0}: "{1}" must be a percent from 0 to 100 (found {2}).', where(), 'passingScore', n),
    );
    const shuffleQuestions = this.optionalBoolean(root, where, 'shuffleQuestions', false);
    const shuffleChoices = this.optionalBoolean(root, where, 'shuffleChoices', false);
    const partialCredit = this.optionalBoolean(root, where, 'partialCredit', false);
    const feedbackTiming = this.optionalFeedbackTiming(root, where);
    const questions = this.readQuestions(root, where);

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
      questions,
    };
  }

  private requiredId(object: Node, where: Where, key: string): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, this.t('lower-case letters, digits and hyphens'));
      return '';
    }
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return '';
    }
    const value = node.value as string;
    if (!ID_PATTERN.test(value)) {
      this.report(
        node,
        this.t(
          '{0}: "{1}" "{2}" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.',
          where(),
          key,
          value,
        ),
      );
    }
    return value;
  }

  private requiredText(object: Node, where: Where, key: string): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, this.t('non-empty text'));
      return '';
    }
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return '';
    }
    const value = node.value as string;
    if (value.trim() === '') this.report(node, this.t('{0}: "{1}" must not be empty.', where(), key));
    return value;
  }

  private optionalString(object: Node, where: Where, key: string): string | undefined {
    const node = this.valueOf(object, key);
    if (!node) return undefined;
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return undefined;
    }
    return node.value as string;
  }

  private optionalBoolean(object: Node, where: Where, key: string, fallback: boolean): boolean {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'boolean') {
      this.report(node, this.t('{0}: "{1}" must be true or false, not {2}.', where(), key, describeType(node, this.t)));
      return fallback;
    }
    return node.value as boolean;
  }

  private optionalNumber(
    object: Node,
    where: Where,
    key: string,
    fallback: number,
    check: (value: number) => string | undefined,
  ): number {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'number') {
      this.report(node, this.t('{0}: "{1}" must be a number, not {2}.', where(), key, describeType(node, this.t)));
      return fallback;
    }
    const value = node.value as number;
    const complaint = check(value);
    if (complaint) {
      this.report(node, complaint);
      return fallback;
    }
    return value;
  }

  private optionalFeedbackTiming(root: Node, where: Where): FeedbackTiming {
    const node = this.valueOf(root, 'feedbackTiming');
    if (!node) return 'immediate';
    if (node.type !== 'string' || !FEEDBACK_TIMINGS.includes(node.value as FeedbackTiming)) {
      this.report(node, this.t('{0}: "{1}" must be "immediate" or "end", not {2}.', where(), 'feedbackTiming', JSON.stringify(node.value)));
      return 'immediate';
    }
    return node.value as FeedbackTiming;
  }

  private optionalArticle(root: Node, where: Where): string | undefined {
    const value = this.optionalString(root, where, 'article');
    if (value === undefined) return undefined;
    const node = this.valueOf(root, 'article')!;
    const complaint = articlePathProblem(value, this.t);
    if (complaint) {
      this.report(node, complaint);
      return undefined;
    }
    return value;
  }

  private readQuestions(root: Node, where: Where): Question[] {
    const node = this.valueOf(root, 'questions');
    if (!node) {
      this.missing(root, where, 'questions', this.t('a list of one or more questions'));
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, this.t('{0}: "{1}" must be an array, not {2}.', where(), 'questions', describeType(node, this.t)));
      return [];
    }
    const items = node.children ?? [];
    if (items.length === 0) {
      this.report(node, this.t('{0}: "questions" must hold at least one question.', where()));
      return [];
    }
    const questions: Question[] = [];
    const seenIds = new Map<string, number>();
    items.forEach((item, index) => {
      const question = this.readQuestion(item, index);
      if (!question) return;
      if (question.id) {
        const first = seenIds.get(question.id);
        if (first !== undefined) {
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

  private readQuestion(node: Node, index: number): Question | undefined {
    let where: Where = () => this.t('Question {0}', index + 1);
    if (node.type !== 'object') {
      this.report(node, this.t('{0} must be an object, not {1}.', where(), describeType(node, this.t)));
      return undefined;
    }
    this.reportDuplicateKeys(node, where);
    const id = this.requiredId(node, where, 'id');
    if (id) where = () => this.t('Question "{0}"', id);
    const prompt = this.requiredText(node, where, 'prompt');
    const choices = this.readChoices(node, where);
    const explanation = this.optionalString(node, where, 'explanation');
    const section = this.optionalString(node, where, 'section');
    const sectionNode = this.valueOf(node, 'section');
    if (section !== undefined && sectionNode) {
      if (section.trim() === '') this.report(sectionNode, this.t('{0}: "{1}" must not be empty.', where(), 'section'));
      else if (id) this.sectionSpans.set(id, spanOf(sectionNode));
    }
    const points = this.optionalNumber(node, where, 'points', 1, (n) =>
      n > 0 && Number.isFinite(n) ? undefined : this.t('{0}: "{1}" must be a positive number (found {2}).', where(), 'points', n),
    );
    return {
      id,
      prompt,
      choices,
      ...(explanation !== undefined ? { explanation } : {}),
      ...(section !== undefined ? { section } : {}),
      points,
    };
  }

  private readChoices(question: Node, where: Where): Choice[] {
    const node = this.valueOf(question, 'choices');
    if (!node) {
      this.missing(question, where, 'choices', this.t('{0} to {1} choices', MIN_CHOICES, MAX_CHOICES));
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, this.t('{0}: "{1}" must be an array, not {2}.', where(), 'choices', describeType(node, this.t)));
      return [];
    }
    const items = node.children ?? [];
    if (items.length < MIN_CHOICES || items.length > MAX_CHOICES) {
      this.report(node, this.t('{0}: a question has {1} to {2} choices, this one has {3}.', where(), MIN_CHOICES, MAX_CHOICES, items.length));
    }
    const choices: Choice[] = [];
    const texts = new Map<string, number>();
    items.forEach((item, index) => {
      const choiceWhere: Where = () => this.t('{0}, choice {1}', where(), index + 1);
      if (item.type !== 'object') {
        this.report(item, this.t('{0} must be an object with a "text", not {1}.', choiceWhere(), describeType(item, this.t)));
        return;
      }
      this.reportDuplicateKeys(item, choiceWhere);
      const text = this.requiredText(item, choiceWhere, 'text');
      const correct = this.optionalBoolean(item, choiceWhere, 'correct', false);
      const feedback = this.optionalString(item, choiceWhere, 'feedback');
      const fixed = this.optionalBoolean(item, choiceWhere, 'fixed', false);
      if (text.trim() !== '') {
        const key = text.trim();
        const first = texts.get(key);
        if (first !== undefined) {
          this.report(
            this.valueOf(item, 'text')!,
            this.t('{0}: the text repeats choice {1}; choice texts must be unique within a question.', choiceWhere(), first + 1),
          );
        } else {
          texts.set(key, index);
        }
      }
      choices.push({ text, correct, ...(feedback !== undefined ? { feedback } : {}), fixed });
    });
    if (items.length > 0 && items.every((item) => item.type === 'object') && !choices.some((c) => c.correct)) {
      this.report(node, this.t('{0}: no choice is marked "correct": true; at least one must be.', where()));
    }
    return choices;
  }
}

function spanOf(node: Node): Span {
  return { offset: node.offset, length: node.length };
}

/** Why an `article` path is not acceptable, as a whole message, or undefined when it is. */
export function articlePathProblem(path: string, t: Translate = english): string | undefined {
  if (path.trim() === '') return t('Module: "article" must not be empty.');
  if (!/\.md$/i.test(path)) return t('Module: "article" must name a Markdown file ending in ".md" (found "{0}").', path);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    return t('Module: "article" must be a path relative to this file, not "{0}".', path);
  }
  let depth = 0;
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return t('Module: "article" must stay inside this file\'s folder ("{0}" leaves it).', path);
  }
  return undefined;
}
