/**
 * Content lint: what makes a question weak even though the file is valid. Each finding is a
 * located warning (or an information) with the rule's name; none keeps a module from loading.
 * A rule is kept quiet for a module or a question with `"lintIgnore": ["rule-name"]`, or for
 * every module with the `quizModules.lint.ignore` setting.
 */
import type { ArticleHeading } from '../markdown/markdown';
import { isMultipleAnswer, type Question, type QuizModule } from '../module/moduleModel';
import type { ModuleProblem, Span } from './problems';
import { LineIndex } from '../util/textLocation';
import { english, type Translate } from '../util/translate';

export const LINT_RULES = [
  'missing-explanation',
  'distractor-without-feedback',
  'length-cue',
  'all-or-none-of-the-above',
  'missing-section',
  'duplicate-prompt',
  'duplicate-choice',
  'convergence-cue',
  'overlapping-choices',
] as const;
type LintRule = (typeof LINT_RULES)[number];

interface LintInput {
  readonly module: QuizModule;
  readonly text: string;
  readonly file: string;
  /** Where a JSON path is written in the file. */
  readonly locate: (path: readonly (string | number)[]) => Span | undefined;
  /** The article's headings, when the module has an article. */
  readonly headings?: readonly ArticleHeading[];
  /** Rules kept quiet everywhere (the setting). */
  readonly ignore?: readonly string[];
  readonly t?: Translate;
}

/** Markdown marks, links and spacing dropped from text that is not code. */
function stripMarks(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_~]/g, '');
}

/**
 * A choice's text as a reader sees it: Markdown marks and spacing dropped, but code spans kept as
 * their code (the backticks go, the characters inside stay, `*` and `_` included). `code` says
 * whether the whole choice is one code span.
 */
export function plainChoice(text: string): { text: string; code: boolean } {
  const whole = /^\s*(`+)(?!`)([\s\S]*?[^`])\1(?!`)\s*$/.exec(text);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
  if (whole) return { text: codeSpanText(whole[2]!), code: true };
  let plain = '';
  let last = 0;
  for (const match of text.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
    plain += stripMarks(text.slice(last, match.index)) + codeSpanText(match[2]!);
    last = match.index + match[0].length;
  }
  plain += stripMarks(text.slice(last));
  return { text: plain.replace(/\s+/g, ' ').trim(), code: false };
}

/** A code span's code: one space on each side is dropped when both are there, as Markdown does. */
function codeSpanText(inner: string): string {
  return /^ [\s\S]* $/.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

/** "All of the above", "none of these", "both of the above", in any case. */
const ABOVE = /\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them|those)\b/i;
const NONE = /\bnone\s+of\s+(the\s+)?(above|these|them|those)\b/i;

/** How much longer the key must be than every distractor to be a cue, and by at least how many characters. */
const LENGTH_RATIO = 1.5;
const LENGTH_MARGIN = 15;

/**
 * Words too common to carry meaning when choices are compared for shared wording. Words of one
 * or two letters are dropped as well, which covers most of them in other languages too.
 */
const STOP_WORDS = new Set(
  'the and for but not nor yet was were are has have had been being its his her their them they this that these those than then with from into onto over under about which who whom what when where why how all any each some one more most very just also only own same such both there here out off'.split(' '),
);

/** A choice's words for comparing wording: lower case, numbers kept whole ("1.25", "150,000"), a trailing "'s" dropped. */
export function choiceWords(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of plainChoice(text).text.toLowerCase().matchAll(/\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['\u2019]\p{L}+)*/gu)) {
    const word = match[0].replace(/['\u2019]s$/, '');
    if (/^\p{N}/u.test(word) || (word.length > 2 && !STOP_WORDS.has(word))) found.add(word);
  }
  return found;
}

/**
 * Convergence: in a one-answer question whose distractors were each made by changing one part of
 * the key, the key is the choice that shares the most wording with the others, so a learner can
 * find it without knowing anything. Each choice scores, for every word it shares, the number of
 * other choices that have the word too; a cue is a key that scores strictly more than every
 * distractor (and shares at least two words), with at least three choices.
 */
export function convergenceScores(texts: readonly string[]): number[] {
  const words = texts.map(choiceWords);
  const count = new Map<string, number>();
  for (const set of words) for (const word of set) count.set(word, (count.get(word) ?? 0) + 1);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every word of every set was counted just above
  return words.map((set) => [...set].reduce((sum, word) => sum + count.get(word)! - 1, 0));
}

/** A number range: the lowest and highest value, and whether each end is included. */
interface Range {
  readonly low: number;
  readonly high: number;
  readonly lowIn: boolean;
  readonly highIn: boolean;
  readonly unit: string;
}

const NUMBER = String.raw`(\d+(?:,\d{3})*(?:\.\d+)?)`;
const num = (text: string) => Number(text.replace(/,/g, ''));

/* eslint-disable @typescript-eslint/no-non-null-assertion -- numberRange: each group read is not optional, so it is set whenever its pattern matched */
/**
 * A choice that is nothing but an exact number range ("Less than 5%", "10 to 20 days", "Over 3",
 * "7"), with what follows the number as its unit. Vague amounts ("about 5", "nearly 12%") are not
 * ranges: how far "about" reaches is a matter of reading, so they are never compared. Nor are
 * "at least" and "at most": they usually name a threshold (a rule's minimum), and two thresholds
 * are meant to exclude each other even though the values above them overlap.
 */
export function numberRange(text: string): Range | undefined {
  const plain = plainChoice(text).text.toLowerCase().replace(/[.!]$/, '').trim();
  const unitOf = (rest: string) => rest.trim().replace(/\s+/g, ' ');
  let m = new RegExp(String.raw`^(?:between\s+)?${NUMBER}\s*(?:to|and|-|\u2013)\s*${NUMBER}(.*)$`).exec(plain);
  if (m) return { low: num(m[1]!), high: num(m[2]!), lowIn: true, highIn: true, unit: unitOf(m[3]!) };
  m = new RegExp(String.raw`^(less than|fewer than|under|below|more than|over|above)\s+${NUMBER}(.*)$`).exec(plain);
  if (m) {
    const value = num(m[2]!);
    const below = ['less than', 'fewer than', 'under', 'below'].includes(m[1]!);
    return below
      ? { low: -Infinity, high: value, lowIn: false, highIn: false, unit: unitOf(m[3]!) }
      : { low: value, high: Infinity, lowIn: false, highIn: false, unit: unitOf(m[3]!) };
  }
  m = new RegExp(String.raw`^${NUMBER}(.*)$`).exec(plain);
  if (m && !/^\s*(?:or|and|to|-)\b/.test(m[2]!)) return { low: num(m[1]!), high: num(m[1]!), lowIn: true, highIn: true, unit: unitOf(m[2]!) };
  return undefined;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** Whether two ranges of the same unit have a value in common. */
function overlap(a: Range, b: Range): boolean {
  if (a.unit !== b.unit) return false;
  const [first, second] = a.low < b.low || (a.low === b.low && a.lowIn) ? [a, b] : [b, a];
  if (second.low < first.high) return true;
  return second.low === first.high && second.lowIn && first.highIn;
}

export function lintModule(input: LintInput): ModuleProblem[] {
  const { module, text, file, locate } = input;
  const t = input.t ?? english;
  let lineIndex: LineIndex | undefined; // built at the first finding: most modules have none
  const lines = { position: (offset: number) => (lineIndex ??= new LineIndex(text)).position(offset) };
  const problems: ModuleProblem[] = [];
  const quietEverywhere = new Set([...(input.ignore ?? []), ...(module.lintIgnore ?? [])]);

  const find = (rule: LintRule, question: Question | undefined, path: readonly (string | number)[], severity: 'warning' | 'info', message: string) => {
    if (quietEverywhere.has(rule) || question?.lintIgnore?.includes(rule)) return;
    const span = locate(path) ?? { offset: 0, length: 0 };
    const start = lines.position(span.offset);
    const end = lines.position(span.offset + span.length);
    problems.push({
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      offset: span.offset,
      length: span.length,
      message,
      severity,
      rule,
    });
  };

  const prompts = new Map<string, string>();
  const headingIds = new Set((input.headings ?? []).map((h) => h.id));
  module.questions.forEach((question, q) => {
    const at = ['questions', q];
    if (question.explanation === undefined || question.explanation.trim() === '') {
      find('missing-explanation', question, [...at, 'id'], 'warning', t('Question "{0}" has no explanation: a learner who got it wrong learns nothing more than the answer.', question.id));
    }
    question.choices.forEach((choice, c) => {
      if (!choice.correct && (choice.feedback === undefined || choice.feedback.trim() === '')) {
        find('distractor-without-feedback', question, [...at, 'choices', c, 'text'], 'info', t('Question "{0}": this wrong choice has no feedback saying why it is wrong.', question.id));
      }
    });

    const lengths = question.choices.map((choice) => plainChoice(choice.text).text.length);
    const keys = question.choices.flatMap((choice, c) => (choice.correct ? [c] : []));
    const distractors = question.choices.flatMap((choice, c) => (choice.correct ? [] : [c]));
    // lengths and scores below have one entry per choice: `?? 0` never applies.
    const longestDistractor = Math.max(0, ...distractors.map((c) => lengths[c] ?? 0));
    // A single-answer question has one right choice.
    const [key] = keys;
    if (!isMultipleAnswer(question) && distractors.length > 0 && key !== undefined) {
      const keyLength = lengths[key] ?? 0;
      if (keyLength > longestDistractor * LENGTH_RATIO && keyLength - longestDistractor >= LENGTH_MARGIN) {
        find(
          'length-cue',
          question,
          [...at, 'choices', key, 'text'],
          'warning',
          t('Question "{0}": the right choice is much longer than every other ({1} characters against at most {2}), which gives it away.', question.id, keyLength, longestDistractor),
        );
      }
    }

    question.choices.forEach((choice, c) => {
      const plain = plainChoice(choice.text).text;
      if (isMultipleAnswer(question) && NONE.test(plain)) {
        find('all-or-none-of-the-above', question, [...at, 'choices', c, 'text'], 'warning', t('Question "{0}": "none of these" makes no sense when several choices are right.', question.id));
      } else if (module.shuffleChoices && !choice.fixed && ABOVE.test(plain)) {
        find('all-or-none-of-the-above', question, [...at, 'choices', c, 'text'], 'warning', t('Question "{0}": a choice that refers to the others should stay in place when choices are shuffled: add "fixed": true.', question.id));
      }
    });

    if (question.section === undefined && module.article !== undefined && headingIds.size > 0) {
      find('missing-section', question, [...at, 'id'], 'warning', t('Question "{0}" names no "section" of the article to re-read after a wrong answer.', question.id));
    }

    if (!isMultipleAnswer(question) && question.choices.length >= 3 && keys.length === 1 && key !== undefined) {
      const scores = convergenceScores(question.choices.map((choice) => choice.text));
      const keyScore = scores[key] ?? 0;
      if (keyScore >= 2 && distractors.every((c) => (scores[c] ?? 0) < keyScore)) {
        find(
          'convergence-cue',
          question,
          [...at, 'choices', key, 'text'],
          'warning',
          t('Question "{0}": the right choice shares more of its wording with the other choices than any wrong one does, so it can be found without knowing the answer. Vary the wrong choices in more than one part each.', question.id),
        );
      }
    }

    if (!isMultipleAnswer(question)) {
      const ranges = question.choices.map((choice) => numberRange(choice.text));
      ranges.forEach((range, c) => {
        const earlier = range ? ranges.findIndex((other, o) => o < c && other !== undefined && overlap(other, range)) : -1;
        if (earlier >= 0) {
          find('overlapping-choices', question, [...at, 'choices', c, 'text'], 'warning', t('Question "{0}": choices {1} and {2} are number ranges with values in common, so both could be right.', question.id, earlier + 1, c + 1));
        }
      });
    }

    const prompt = question.prompt.replace(/\s+/g, ' ').trim().toLowerCase();
    const earlier = prompts.get(prompt);
    if (earlier !== undefined) {
      find('duplicate-prompt', question, [...at, 'prompt'], 'warning', t('Question "{0}" asks the same as question "{1}".', question.id, earlier));
    } else {
      prompts.set(prompt, question.id);
    }

    // A choice that is all code is compared as written (`Foo` and `foo` are different code); text
    // ignores case and spacing. A code choice and a text choice with the same characters look the
    // same to a reader, so they count as repeats too.
    const seen = new Map<string, number>();
    question.choices.forEach((choice, c) => {
      const plain = plainChoice(choice.text);
      const keys = plain.code ? [`exact:${plain.text}`] : [`exact:${plain.text}`, `fold:${plain.text.toLowerCase().replace(/\s+/g, '')}`];
      const first = keys.map((key) => seen.get(key)).find((at) => at !== undefined);
      if (first !== undefined) {
        find('duplicate-choice', question, [...at, 'choices', c, 'text'], 'warning', t('Question "{0}": choice {1} repeats choice {2}.', question.id, c + 1, first + 1));
      } else {
        for (const key of keys) seen.set(key, c);
      }
    });
  });
  return problems;
}
