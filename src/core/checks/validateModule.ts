import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import {
  DEFAULT_PASSING_SCORE,
  ID_PATTERN,
  MAX_CHOICES,
  MIN_CHOICES,
  type Choice,
  type FeedbackTiming,
  type Question,
  type QuizModule,
} from '../module/moduleModel';
import {
  MAX_ARTICLE_BYTES,
  MAX_ARTICLE_PATH_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_JSON_TOKENS,
  MAX_MARKDOWN_LENGTH,
  MAX_EMPHASIS_MARKS,
  MAX_MARKDOWN_NESTING,
  markdownNestingProblem,
  MAX_MODULE_FILE_BYTES,
  MAX_NESTING_DEPTH,
  MAX_QUESTIONS,
  MAX_REPORTED_PROBLEMS,
  MAX_SECTION_LENGTH,
  MAX_TITLE_LENGTH,
  megabytes,
} from '../module/limits';
import type { ModuleProblem } from './problems';
import { LineIndex } from '../util/textLocation';
import { english, type Translate } from '../util/translate';

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
  /** Where the value at a JSON path (`['questions', 2, 'choices', 0]`) is written, when the file parsed. */
  readonly locate?: (path: readonly (string | number)[]) => Span | undefined;
}

export interface ValidateOptions {
  /**
   * Size of the file in bytes, when the caller read it (the text's UTF-8 length otherwise). A
   * file over {@link MAX_MODULE_FILE_BYTES} is refused without being parsed.
   */
  readonly byteLength?: number;
  /**
   * Other limits than those of src/core/module/limits.ts, for measuring only (`npm run bench` times a
   * 10,000-question module with them lifted). The extension and the CLI never pass them.
   */
  readonly limits?: Partial<ValidationLimits>;
  /** Locates everything even in a file without problems, skipping the quick path (tests compare both). */
  readonly locateAlways?: boolean;
}

/** The limits the validator applies that a benchmark may lift. */
export interface ValidationLimits {
  readonly fileBytes: number;
  readonly tokens: number;
  readonly questions: number;
}

const DEFAULT_LIMITS: ValidationLimits = { fileBytes: MAX_MODULE_FILE_BYTES, tokens: MAX_JSON_TOKENS, questions: MAX_QUESTIONS };

const FEEDBACK_TIMINGS: readonly FeedbackTiming[] = ['immediate', 'end'];

/**
 * Validates the text of a `*.quiz.json` file against every rule of format version 1 that can
 * be checked from the file alone, the limits included (src/core/module/limits.ts). Sections are checked
 * later, against the article's headings (see {@link checkSections}). Never throws: whatever the
 * text, the result is a module or at least one problem located in the file.
 */
export function validateModuleText(text: string, file: string, t: Translate = english, options: ValidateOptions = {}): ModuleValidation {
  const limits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
  const tooBig = moduleFileSizeProblem(options.byteLength ?? utf8LengthAround(text, limits.fileBytes), file, t, limits.fileBytes);
  if (tooBig) return { problems: [tooBig], sectionSpans: new Map() };
  try {
    return (options.locateAlways ? undefined : validateQuickly(text, file, t, limits)) ?? new ModuleValidator(text, file, t, limits).run();
  } catch (error) {
    // Not expected (the limits keep the parser's recursion shallow), but one file must never
    // take the loader down with it.
    const message = t('The file could not be checked: {0}', error instanceof Error ? error.message : String(error));
    return { problems: [problemAt(text, file, { offset: 0, length: 0 }, message)], sectionSpans: new Map() };
  }
}

/** A problem at the top of a module file over {@link MAX_MODULE_FILE_BYTES}, or undefined. */
export function moduleFileSizeProblem(byteLength: number, file: string, t: Translate = english, maxBytes = MAX_MODULE_FILE_BYTES): ModuleProblem | undefined {
  // Only a size known to be over refuses: a provider that gives no size does not block a file.
  if (!(byteLength > maxBytes)) return undefined;
  return fileStartProblem(
    file,
    t('The module file is {0} MB; a module file may be at most {1} MB, so it was not loaded.', megabytes(byteLength), megabytes(maxBytes)),
  );
}

/**
 * The validation of a file without a single problem, found without locating anything: the
 * engine's `JSON.parse`, a tree of the same shape as jsonc-parser's (without offsets) and the
 * same checks, which give up at the first thing they would report. Where each value is written
 * (for duplicate ids, sections, lint findings) is worked out only when it is asked for, by the
 * full validator. Undefined when the file has anything to report, or could have: then the full
 * validator runs and locates every problem, so the outcome is the same either way.
 */
function validateQuickly(text: string, file: string, t: Translate, limits: ValidationLimits): ModuleValidation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // a syntax error (or a nesting too deep for the engine): the parser words it
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let module: QuizModule;
  const validator = new ModuleValidator(text, file, t, limits, true);
  try {
    module = validator.readModule(new PlainNode(value));
  } catch (error) {
    if (error === SOMETHING_TO_REPORT) return undefined;
    throw error;
  }
  // A key written twice leaves one property in the parsed value: the file then has more keys
  // written than the module has properties, and the full validator reports the second one.
  // Past the token limit (which only a long lintIgnore list can reach) it says where, too.
  if (countKeyLikeSpots(text) !== validator.seen.properties || validator.seen.tokensAtMost() > limits.tokens) return undefined;
  let located: ModuleValidation | undefined;
  const locations = () => (located ??= new ModuleValidator(text, file, t, limits).run());
  return {
    module,
    problems: [],
    get idSpan() {
      return locations().idSpan;
    },
    get articleSpan() {
      return locations().articleSpan;
    },
    get sectionSpans() {
      return locations().sectionSpans;
    },
    locate: (path) => locations().locate?.(path),
  };
}

/** Thrown by the quick validator at the first problem: the full validator takes over. */
const SOMETHING_TO_REPORT = new Error('something to report');

/**
 * A value from `JSON.parse` with the face of a jsonc-parser node (without offsets), so that one
 * set of checks reads both. Made only for the values the checks look at, and dropped right after.
 */
class PlainNode {
  readonly offset = 0;
  readonly length = 0;
  constructor(readonly value: unknown) {}

  get type(): Node['type'] {
    const value = this.value;
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    return typeof value as 'object' | 'string' | 'number' | 'boolean';
  }

  get children(): PlainNode[] | undefined {
    return Array.isArray(this.value) ? this.value.map((item) => new PlainNode(item)) : undefined;
  }
}

/** What the checks read: a node of jsonc-parser's tree, or a parsed value. */
type JsonNode = Node | PlainNode;

/** What the quick validator saw, to compare with the text (see {@link validateQuickly}). */
class SeenCounts {
  objects = 0;
  properties = 0;
  arrays = 0;
  items = 0;

  /**
   * At least the JSON tokens of what was seen: brackets, keys, colons, commas and values (each
   * property and item counted once as a comma and once as a value, a little too many).
   */
  tokensAtMost(): number {
    return 2 * (this.objects + this.arrays) + 4 * this.properties + 2 * this.items;
  }
}

/**
 * How many `:` follow a closing `"` (spaces between allowed) in a text `JSON.parse` accepted:
 * the number of property keys written. A quote escaped inside a string has an odd run of `\`
 * before it; a closing quote has an even one (`"a\\\\"` ends after two), and nothing else
 * in valid JSON puts a closing quote before a colon.
 */
function countKeyLikeSpots(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let code = text.charCodeAt(j);
    while (code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn) code = text.charCodeAt(--j);
    if (code !== Char.DoubleQuote) continue;
    let backslashes = 0;
    while (text.charCodeAt(--j) === Char.Backslash) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

/**
 * A problem at the module's `article` value when its article is over {@link MAX_ARTICLE_BYTES},
 * or undefined.
 */
export function articleSizeProblem(
  validation: ModuleValidation,
  byteLength: number,
  text: string,
  file: string,
  t: Translate = english,
): ModuleProblem | undefined {
  if (!(byteLength > MAX_ARTICLE_BYTES)) return undefined;
  return problemAt(
    text,
    file,
    validation.articleSpan ?? { offset: 0, length: 0 },
    t('Module: the article is {0} MB; an article may be at most {1} MB, so the module was not loaded.', megabytes(byteLength), megabytes(MAX_ARTICLE_BYTES)),
  );
}

/** Line 1, column 1: where problems with the whole file go. Needs no pass over the text. */
function fileStartProblem(file: string, message: string): ModuleProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, length: 0, message, severity: 'error' };
}

/**
 * Bytes of a text in UTF-8 when that decides whether it is over `limit`; otherwise a bound on
 * the same side of it. Each UTF-16 unit is 1 to 3 bytes, so only a text over a third of the
 * limit needs counting.
 */
function utf8LengthAround(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length * 3 : utf8Length(text);
}

/** Bytes of a text in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD, as encoders write it). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // 4 bytes for the pair of 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Where a JSON text breaks a limit the parser must not meet, found without parsing it. */
export interface ShapeProblem {
  readonly kind: 'depth' | 'tokens';
  /** Offset of the opening bracket that is one level too deep, or of the token one too many. */
  readonly offset: number;
}

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Asterisk = 42,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  OpenBrace = 123,
  CloseBrace = 125,
  Plus = 43,
}

function isDigit(code: number): boolean {
  return code >= Char.Zero && code <= Char.Nine;
}

/** Characters of a bare word (a literal or junk), as the jsonc-parser scanner reads one. */
function isWordCharacter(code: number): boolean {
  switch (code) {
    case Char.Space:
    case Char.Tab:
    case Char.LineFeed:
    case Char.CarriageReturn:
    case Char.OpenBrace:
    case Char.CloseBrace:
    case Char.OpenBracket:
    case Char.CloseBracket:
    case Char.DoubleQuote:
    case Char.Colon:
    case Char.Comma:
    case Char.Slash:
      return false;
    default:
      return true;
  }
}

/**
 * One flat pass over a JSON text, tokenizing it exactly as jsonc-parser's scanner does (strings
 * end at a quote or a line break, `\` escapes the next character, comments are skipped), to
 * find the first place it nests deeper than `maxDepth` or holds more than `maxTokens` tokens.
 *
 * The depth is counted on a stack of open brackets where a closing bracket pops only the
 * bracket it matches. The parser's error recovery never leaves a level on a closing bracket
 * that does not match it (it skips such tokens), so this depth is never below the depth the
 * parser recurses to, even in broken text such as `[}, [}, [}…`.
 */
export function scanJsonShape(text: string, maxDepth = MAX_NESTING_DEPTH, maxTokens: number = MAX_JSON_TOKENS): ShapeProblem | undefined {
  const open: number[] = [];
  const length = text.length;
  let tokens = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn) {
      i++;
      continue;
    }
    if (code === Char.Slash) {
      const next = text.charCodeAt(i + 1);
      if (next === Char.Slash) {
        i += 2;
        while (i < length && text.charCodeAt(i) !== Char.LineFeed && text.charCodeAt(i) !== Char.CarriageReturn) i++;
        continue;
      }
      if (next === Char.Asterisk) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? length : end + 2;
        continue;
      }
    }
    // Everything else is a token.
    if (++tokens > maxTokens) return { kind: 'tokens', offset: i };
    switch (code) {
      case Char.OpenBracket:
      case Char.OpenBrace:
        open.push(code);
        if (open.length > maxDepth) return { kind: 'depth', offset: i };
        i++;
        break;
      case Char.CloseBracket:
        if (open[open.length - 1] === Char.OpenBracket) open.pop();
        i++;
        break;
      case Char.CloseBrace:
        if (open[open.length - 1] === Char.OpenBrace) open.pop();
        i++;
        break;
      case Char.DoubleQuote:
        i++;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === Char.DoubleQuote) {
            i++;
            break;
          }
          if (c === Char.LineFeed || c === Char.CarriageReturn) break;
          i += c === Char.Backslash ? 2 : 1;
        }
        break;
      case Char.Minus:
        i++;
        if (i < length && isDigit(text.charCodeAt(i))) i = skipNumber(text, i);
        break;
      default:
        if (isDigit(code)) i = skipNumber(text, i);
        else if (isWordCharacter(code)) {
          i++;
          while (i < length && isWordCharacter(text.charCodeAt(i))) i++;
        } else i++; // a lone `:`, `,` or `/`
    }
  }
  return undefined;
}

/** The end of the number starting at `i` (a digit), as the scanner reads it. */
function skipNumber(text: string, i: number): number {
  if (text.charCodeAt(i) === Char.Zero) i++;
  else while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === Char.Dot) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return i;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === Char.UpperE || e === Char.LowerE) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Char.Plus || sign === Char.Minus) i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** A user's text for a message, cut short when long (a key or an id can be megabytes long). */
function clip(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Reports each question `section` that names no heading of the article. */
export function checkSections(
  validation: ModuleValidation,
  headingIds: ReadonlySet<string>,
  text: string,
  file: string,
  t: Translate = english,
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  // Where sections are written is looked up only when one names no heading: most modules have none.
  if (validation.module?.questions.every((q) => !q.section || headingIds.has(q.section))) return problems;
  const lines = new LineIndex(text);
  const questions = new Map(validation.module?.questions.map((q) => [q.id, q]));
  let known: string | undefined; // worded once, and only when needed: an article may have many headings
  let left = 0;
  let firstLeft: Span | undefined;
  for (const [questionId, span] of validation.sectionSpans) {
    const question = questions.get(questionId);
    if (!question?.section || headingIds.has(question.section)) continue;
    if (problems.length >= MAX_REPORTED_PROBLEMS) {
      left++;
      firstLeft ??= span;
      continue;
    }
    known ??= [...headingIds].slice(0, 8).map((id) => `"${clip(id)}"`).join(', ') + (headingIds.size > 8 ? ', …' : '');
    problems.push(
      makeProblem(
        file,
        text,
        lines,
        span,
        headingIds.size > 0
          ? t('Question "{0}": section "{1}" is not a heading of the article (headings: {2}).', questionId, clip(question.section), known)
          : t('Question "{0}": section "{1}" is not a heading of the article (the article has no headings).', questionId, clip(question.section)),
      ),
    );
  }
  if (firstLeft) {
    problems.push(
      makeProblem(file, text, lines, firstLeft, t('Only the first {0} problems are listed; {1} more were found, the first of them here.', MAX_REPORTED_PROBLEMS, left)),
    );
  }
  return problems;
}

/** A problem placed at a span of a file. */
export function problemAt(text: string, file: string, span: Span, message: string): ModuleProblem {
  return makeProblem(file, text, new LineIndex(text), span, message);
}

function makeProblem(file: string, text: string, lines: LineIndex, span: Span, message: string, severity: ModuleProblem['severity'] = 'error'): ModuleProblem {
  // A span may reach past the end of the text (the parser marks a missing "}" at the end of
  // the file with one character there): keep it inside, so editors get a range that exists.
  // Nor may an end fall between the "\r" and "\n" of a line break, a column that no line has
  // (a string closed by a "\" before a CRLF ends there).
  const offset = outsideLineBreak(text, Math.min(Math.max(span.offset, 0), text.length));
  const end = outsideLineBreak(text, Math.min(offset + Math.max(span.length, 0), text.length));
  const length = end - offset;
  const { line, column } = lines.position(offset);
  const endPosition = lines.position(end);
  return {
    file,
    line,
    column,
    endLine: endPosition.line,
    endColumn: endPosition.column,
    offset,
    length,
    message,
    severity,
  };
}

/** An offset moved off the "\n" of a "\r\n" onto the "\r", where a column exists. */
function outsideLineBreak(text: string, offset: number): number {
  return offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
}

/** "an object", "a string"…: what a value is, for messages. */
function describeType(node: JsonNode, t: Translate): string {
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

/** A value for a message: a short literal as written (`2`, `"later"`), an object or array by its type. */
function describeValue(node: JsonNode, t: Translate): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(clip(node.value as string));
    case 'number':
    case 'boolean':
    case 'null':
      return String(node.value);
    default:
      return describeType(node, t);
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

/** Edits (insert, delete, replace, swap two neighbours) between two keys, ignoring case. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[x.length]![y.length]!;
}

/** The known key an unknown one most likely meant, when one is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // One edit for short keys, two for longer ones: "tex" is "text", "shuffleChoice" is "shuffleChoices".
  return best !== undefined && bestDistance <= (best.length <= 4 ? 1 : 2) ? best : undefined;
}

class ModuleValidator {
  private lineIndex: LineIndex | undefined;
  private readonly problems: ModuleProblem[] = [];
  private readonly sectionSpans = new Map<string, Span>();
  /** Counted by the quick validator only. */
  readonly seen = new SeenCounts();
  /** Problems past {@link MAX_REPORTED_PROBLEMS}: how many, and where the first was. */
  private left = 0;
  private firstLeft: Span | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly t: Translate,
    private readonly limits: ValidationLimits = DEFAULT_LIMITS,
    /** Gives up at the first problem instead of locating it (see {@link validateQuickly}). */
    private readonly quick = false,
  ) {}

  /** Line starts, found on the first problem: a file without one never needs them. */
  private get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

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

  private report(at: Span, message: string, severity: ModuleProblem['severity'] = 'error'): void {
    if (this.quick) throw SOMETHING_TO_REPORT;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) {
      this.problems.push(makeProblem(this.file, this.text, this.lines, at, message, severity));
    } else {
      this.left++;
      this.firstLeft ??= { offset: at.offset, length: at.length };
    }
  }

  /** The items of an array (counted on the quick path). */
  private itemsOf(array: JsonNode): JsonNode[] {
    const items: JsonNode[] = array.children ?? [];
    if (array instanceof PlainNode) {
      this.seen.arrays++;
      this.seen.items += items.length;
    }
    return items;
  }

  /** The value node of a property, or undefined; a duplicated key is reported once. */
  private valueOf(object: JsonNode, key: string): JsonNode | undefined {
    if (object instanceof PlainNode) {
      const value = object.value as Record<string, unknown>;
      return Object.hasOwn(value, key) ? new PlainNode(value[key]) : undefined;
    }
    let found: JsonNode | undefined;
    for (const property of object.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode?.value === key) found = valueNode;
    }
    return found;
  }

  private reportDuplicateKeys(object: JsonNode, where: Where): void {
    if (this.quick) return; // the quick validator counted the keys already (see countKeyLikeSpots)
    const seen = new Set<string>();
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      if (seen.has(keyNode.value)) this.report(keyNode, this.t('{0}: "{1}" is written twice.', where(), clip(keyNode.value)));
      seen.add(keyNode.value);
    }
  }

  /**
   * A key the format does not know is most often a typo ("feedbackTimming"), which would
   * silently turn an exam into a practice quiz: a warning at the key, with the known key it is
   * closest to. The module still loads.
   */
  private reportUnknownKeys(object: JsonNode, where: Where, known: readonly string[]): void {
    if (object instanceof PlainNode) {
      // Every object of a module passes here: count them and their properties.
      const keys = Object.keys(object.value as object);
      this.seen.objects++;
      this.seen.properties += keys.length;
      for (const key of keys) if (!known.includes(key)) throw SOMETHING_TO_REPORT;
      return;
    }
    for (const property of object.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode || typeof keyNode.value !== 'string' || known.includes(keyNode.value)) continue;
      const suggestion = closestKey(keyNode.value, known);
      this.report(
        keyNode,
        suggestion
          ? this.t('{0}: "{1}" is not a field of the module format, so it is ignored. Did you mean "{2}"?', where(), clip(keyNode.value), suggestion)
          : this.t('{0}: "{1}" is not a field of the module format, so it is ignored.', where(), clip(keyNode.value)),
        'warning',
      );
    }
  }

  /** Span of the key of a property, to point at when a required value is wrong or missing. */
  private missing(object: JsonNode, where: Where, key: string, what: string): void {
    // Point at the opening brace of the object that lacks the property.
    this.report({ offset: object.offset, length: 1 }, this.t('{0}: "{1}" is required ({2}).', where(), key, what));
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

  private requiredId(object: JsonNode, where: Where, key: string): string {
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
          clip(value),
        ),
      );
    }
    return value;
  }

  private requiredText(object: JsonNode, where: Where, key: string, maxLength: number): string {
    const node = this.valueOf(object, key);
    if (!node) {
      this.missing(object, where, key, this.t('non-empty text'));
      return '';
    }
    const value = this.stringValue(node, where, key, maxLength);
    if (value === undefined) return '';
    if (value.trim() === '') this.report(node, this.t('{0}: "{1}" must not be empty.', where(), key));
    return value;
  }

  private optionalString(object: JsonNode, where: Where, key: string, maxLength: number): string | undefined {
    const node = this.valueOf(object, key);
    return node ? this.stringValue(node, where, key, maxLength) : undefined;
  }

  /** The text of a string value no longer than `maxLength`; anything else is reported. */
  private stringValue(node: JsonNode, where: Where, key: string, maxLength: number): string | undefined {
    if (node.type !== 'string') {
      this.report(node, this.t('{0}: "{1}" must be a string, not {2}.', where(), key, describeType(node, this.t)));
      return undefined;
    }
    const value = node.value as string;
    if (value.length > maxLength) {
      this.report(node, this.t('{0}: "{1}" is {2} characters long; it may be at most {3}.', where(), key, value.length, maxLength));
      return undefined;
    }
    if (maxLength === MAX_MARKDOWN_LENGTH) {
      const shape = markdownNestingProblem(value);
      if (shape) {
        this.report(
          node,
          shape.kind === 'nesting'
            ? this.t('{0}: "{1}" nests lists or quotes {2} levels deep (its line {3}); Markdown may nest at most {4} levels.', where(), key, shape.count, shape.line, MAX_MARKDOWN_NESTING)
            : this.t('{0}: "{1}" has more than {2} emphasis marks (* or _) in one paragraph (its line {3}).', where(), key, MAX_EMPHASIS_MARKS, shape.line),
        );
        return undefined;
      }
    }
    return value;
  }

  private optionalBoolean(object: JsonNode, where: Where, key: string, fallback: boolean): boolean {
    const node = this.valueOf(object, key);
    if (!node) return fallback;
    if (node.type !== 'boolean') {
      this.report(node, this.t('{0}: "{1}" must be true or false, not {2}.', where(), key, describeType(node, this.t)));
      return fallback;
    }
    return node.value as boolean;
  }

  private optionalNumber(
    object: JsonNode,
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
    const hint = this.optionalString(node, where, 'hint', MAX_MARKDOWN_LENGTH);
    const hintNode = this.valueOf(node, 'hint');
    if (hint !== undefined && hintNode && hint.trim() === '') this.report(hintNode, this.t('{0}: "{1}" must not be empty.', where(), 'hint'));
    const section = this.optionalString(node, where, 'section', MAX_SECTION_LENGTH);
    const sectionNode = this.valueOf(node, 'section');
    if (section !== undefined && sectionNode) {
      if (section.trim() === '') this.report(sectionNode, this.t('{0}: "{1}" must not be empty.', where(), 'section'));
      else if (id && !this.quick) this.sectionSpans.set(id, spanOf(sectionNode));
    }
    const points = this.optionalNumber(node, where, 'points', 1, (n) =>
      n > 0 && Number.isFinite(n) ? undefined : this.t('{0}: "{1}" must be a positive number (found {2}).', where(), 'points', n),
    );
    const lintIgnore = this.optionalRuleList(node, where);
    return {
      id,
      prompt,
      choices,
      ...(explanation !== undefined ? { explanation } : {}),
      ...(hint !== undefined && hint.trim() !== '' ? { hint } : {}),
      ...(section !== undefined ? { section } : {}),
      points,
      ...(lintIgnore ? { lintIgnore } : {}),
    };
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
    const texts = new Map<string, number>();
    items.forEach((item, index) => {
      const choiceWhere: Where = () => this.t('{0}, choice {1}', where(), index + 1);
      if (item.type !== 'object') {
        this.report(item, this.t('{0} must be an object with a "text", not {1}.', choiceWhere(), describeType(item, this.t)));
        return;
      }
      this.reportDuplicateKeys(item, choiceWhere);
      this.reportUnknownKeys(item, choiceWhere, CHOICE_KEYS);
      const text = this.requiredText(item, choiceWhere, 'text', MAX_MARKDOWN_LENGTH);
      const correct = this.optionalBoolean(item, choiceWhere, 'correct', false);
      const feedback = this.optionalString(item, choiceWhere, 'feedback', MAX_MARKDOWN_LENGTH);
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

function spanOf(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}

/** Why an `article` path is not acceptable, as a whole message, or undefined when it is. */
export function articlePathProblem(path: string, t: Translate = english): string | undefined {
  if (path.trim() === '') return t('Module: "article" must not be empty.');
  if (!/\.md$/i.test(path)) return t('Module: "article" must name a Markdown file ending in ".md" (found "{0}").', clip(path));
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    return t('Module: "article" must be a path relative to this file, not "{0}".', clip(path));
  }
  let depth = 0;
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return t('Module: "article" must stay inside this file\'s folder ("{0}" leaves it).', clip(path));
  }
  return undefined;
}
