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
export function validateModuleText(text: string, file: string): ModuleValidation {
  return new ModuleValidator(text, file).run();
}

/** Reports each question `section` that names no heading of the article. */
export function checkSections(
  validation: ModuleValidation,
  headingIds: ReadonlySet<string>,
  text: string,
  file: string,
): ModuleProblem[] {
  const lines = new LineIndex(text);
  const problems: ModuleProblem[] = [];
  for (const [questionId, span] of validation.sectionSpans) {
    const question = validation.module?.questions.find((q) => q.id === questionId);
    if (!question?.section || headingIds.has(question.section)) continue;
    const known = [...headingIds].slice(0, 8).map((id) => `"${id}"`).join(', ');
    problems.push(
      makeProblem(
        file,
        lines,
        span,
        `Question "${questionId}": section "${question.section}" is not a heading of the article` +
          (headingIds.size > 0 ? ` (headings: ${known}${headingIds.size > 8 ? ', …' : ''}).` : ' (the article has no headings).'),
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

function describeType(node: Node): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    default:
      return node.type;
  }
}

const PARSE_ERROR_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'A property name in double quotes is expected',
  ValueExpected: 'A value is expected',
  ColonExpected: 'A colon is expected after the property name',
  CommaExpected: 'A comma is expected',
  CloseBraceExpected: 'A closing brace "}" is expected',
  CloseBracketExpected: 'A closing bracket "]" is expected',
  EndOfFileExpected: 'Nothing may follow the top-level object',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Comments are not allowed in JSON',
  UnexpectedEndOfString: 'The string is not closed',
  UnexpectedEndOfNumber: 'The number is incomplete',
  InvalidUnicode: 'Invalid Unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid character in string (control characters must be escaped)',
};

class ModuleValidator {
  private readonly lines: LineIndex;
  private readonly problems: ModuleProblem[] = [];
  private readonly sectionSpans = new Map<string, Span>();

  constructor(
    private readonly text: string,
    private readonly file: string,
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
      this.report(
        { offset: error.offset, length: Math.max(error.length, 1) },
        `${PARSE_ERROR_MESSAGES[code] ?? code}.`,
      );
    }
    if (parseErrors.length > 0) return this.result();
    if (!root) {
      this.report({ offset: 0, length: 0 }, 'The file is empty: a module is a JSON object.');
      return this.result();
    }
    if (root.type !== 'object') {
      this.report(root, `A module must be a JSON object, not ${describeType(root)}.`);
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

  private reportDuplicateKeys(object: Node, where: string): void {
    const seen = new Set<string>();
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      if (seen.has(keyNode.value)) this.report(keyNode, `${where}: "${keyNode.value}" is written twice.`);
      seen.add(keyNode.value);
    }
  }

  /** Span of the key of a property, to point at when a required value is wrong or missing. */
  private missing(object: Node, where: string, key: string, what: string): void {
    // Point at the opening brace of the object that lacks the property.
    this.report({ offset: object.offset, length: 1 }, `${where}: "${key}" is required (${what}).`);
  }

  private readModule(root: Node): QuizModule {
    const where = 'Module';
    this.reportDuplicateKeys(root, where);

    const versionNode = this.valueOf(root, 'version');
    if (!versionNode) this.missing(root, where, 'version', 'the format version, 1');
    else if (versionNode.value !== 1 || versionNode.type !== 'number')
      this.report(versionNode, `"version" must be 1 (the only format version), not ${JSON.stringify(versionNode.value)}.`);

    const id = this.requiredId(root, where, 'id');
    const title = this.requiredText(root, where, 'title');
    const description = this.optionalString(root, where, 'description');
    const article = this.optionalArticle(root);
    const passingScore = this.optionalNumber(root, where, 'passingScore', DEFAULT_PASSING_SCORE, (n) =>
      n >= 0 && n <= 100 ? undefined : 'must be a percent from 0 to 100',
    );
    const shuffleQuestions = this.optionalBoolean(root, where, 'shuffleQuestions', false);
    const shuffleChoices = this.optionalBoolean(root, where, 'shuffleChoices', false);
    const partialCredit = this.optionalBoolean(root, where, 'partialCredit', false);
    const feedbackTiming = this.optionalFeedbackTiming(root);
    const questions = this.readQuestions(root);

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

  private requiredId(object: Node, where: string, key: string): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, 'lower-case letters, digits and hyphens');
      return '';
    }
    if (node.type !== 'string') {
      this.report(node, `${where}: "${key}" must be a string, not ${describeType(node)}.`);
      return '';
    }
    const value = node.value as string;
    if (!ID_PATTERN.test(value)) {
      this.report(
        node,
        `${where}: "${key}" "${value}" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.`,
      );
    }
    return value;
  }

  private requiredText(object: Node, where: string, key: string): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, 'non-empty text');
      return '';
    }
    if (node.type !== 'string') {
      this.report(node, `${where}: "${key}" must be a string, not ${describeType(node)}.`);
      return '';
    }
    const value = node.value as string;
    if (value.trim() === '') this.report(node, `${where}: "${key}" must not be empty.`);
    return value;
  }

  private optionalString(object: Node, where: string, key: string): string | undefined {
    const node = this.valueOf(object, key);
    if (!node) return undefined;
    if (node.type !== 'string') {
      this.report(node, `${where}: "${key}" must be a string, not ${describeType(node)}.`);
      return undefined;
    }
    return node.value as string;
  }

  private optionalBoolean(object: Node, where: string, key: string, fallback: boolean): boolean {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'boolean') {
      this.report(node, `${where}: "${key}" must be true or false, not ${describeType(node)}.`);
      return fallback;
    }
    return node.value as boolean;
  }

  private optionalNumber(
    object: Node,
    where: string,
    key: string,
    fallback: number,
    check: (value: number) => string | undefined,
  ): number {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'number') {
      this.report(node, `${where}: "${key}" must be a number, not ${describeType(node)}.`);
      return fallback;
    }
    const value = node.value as number;
    const complaint = check(value);
    if (complaint) {
      this.report(node, `${where}: "${key}" ${complaint} (found ${value}).`);
      return fallback;
    }
    return value;
  }

  private optionalFeedbackTiming(root: Node): FeedbackTiming {
    const node = this.valueOf(root, 'feedbackTiming');
    if (!node) return 'immediate';
    if (node.type !== 'string' || !FEEDBACK_TIMINGS.includes(node.value as FeedbackTiming)) {
      this.report(node, `Module: "feedbackTiming" must be "immediate" or "end", not ${JSON.stringify(node.value)}.`);
      return 'immediate';
    }
    return node.value as FeedbackTiming;
  }

  private optionalArticle(root: Node): string | undefined {
    const value = this.optionalString(root, 'Module', 'article');
    if (value === undefined) return undefined;
    const node = this.valueOf(root, 'article')!;
    const complaint = articlePathProblem(value);
    if (complaint) {
      this.report(node, `Module: "article" ${complaint}`);
      return undefined;
    }
    return value;
  }

  private readQuestions(root: Node): Question[] {
    const node = this.valueOf(root, 'questions');
    if (!node) {
      this.missing(root, 'Module', 'questions', 'a list of one or more questions');
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, `Module: "questions" must be an array, not ${describeType(node)}.`);
      return [];
    }
    const items = node.children ?? [];
    if (items.length === 0) {
      this.report(node, 'Module: "questions" must hold at least one question.');
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
          this.report(idNode, `Question ${index + 1}: id "${question.id}" is already used by question ${first + 1}; question ids must be unique.`);
        } else {
          seenIds.set(question.id, index);
        }
      }
      questions.push(question);
    });
    return questions;
  }

  private readQuestion(node: Node, index: number): Question | undefined {
    let where = `Question ${index + 1}`;
    if (node.type !== 'object') {
      this.report(node, `${where} must be an object, not ${describeType(node)}.`);
      return undefined;
    }
    this.reportDuplicateKeys(node, where);
    const id = this.requiredId(node, where, 'id');
    if (id) where = `Question "${id}"`;
    const prompt = this.requiredText(node, where, 'prompt');
    const choices = this.readChoices(node, where);
    const explanation = this.optionalString(node, where, 'explanation');
    const section = this.optionalString(node, where, 'section');
    const sectionNode = this.valueOf(node, 'section');
    if (section !== undefined && sectionNode) {
      if (section.trim() === '') this.report(sectionNode, `${where}: "section" must not be empty.`);
      else if (id) this.sectionSpans.set(id, spanOf(sectionNode));
    }
    const points = this.optionalNumber(node, where, 'points', 1, (n) =>
      n > 0 && Number.isFinite(n) ? undefined : 'must be a positive number',
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

  private readChoices(question: Node, where: string): Choice[] {
    const node = this.valueOf(question, 'choices');
    if (!node) {
      this.missing(question, where, 'choices', `${MIN_CHOICES} to ${MAX_CHOICES} choices`);
      return [];
    }
    if (node.type !== 'array') {
      this.report(node, `${where}: "choices" must be an array, not ${describeType(node)}.`);
      return [];
    }
    const items = node.children ?? [];
    if (items.length < MIN_CHOICES || items.length > MAX_CHOICES) {
      this.report(node, `${where}: a question has ${MIN_CHOICES} to ${MAX_CHOICES} choices, this one has ${items.length}.`);
    }
    const choices: Choice[] = [];
    const texts = new Map<string, number>();
    items.forEach((item, index) => {
      const choiceWhere = `${where}, choice ${index + 1}`;
      if (item.type !== 'object') {
        this.report(item, `${choiceWhere} must be an object with a "text", not ${describeType(item)}.`);
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
            `${choiceWhere}: the text repeats choice ${first + 1}; choice texts must be unique within a question.`,
          );
        } else {
          texts.set(key, index);
        }
      }
      choices.push({ text, correct, ...(feedback !== undefined ? { feedback } : {}), fixed });
    });
    if (items.length > 0 && items.every((item) => item.type === 'object') && !choices.some((c) => c.correct)) {
      this.report(node, `${where}: no choice is marked "correct": true; at least one must be.`);
    }
    return choices;
  }
}

function spanOf(node: Node): Span {
  return { offset: node.offset, length: node.length };
}

/** Why an `article` path is not acceptable, or undefined when it is. */
export function articlePathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'must not be empty.';
  if (!/\.md$/i.test(path)) return `must name a Markdown file ending in ".md" (found "${path}").`;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    return `must be a path relative to this file, not "${path}".`;
  }
  let depth = 0;
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return `must stay inside this file's folder ("${path}" leaves it).`;
  }
  return undefined;
}
