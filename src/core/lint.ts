/**
 * Content lint: what makes a question weak even though the file is valid. Each finding is a
 * located warning (or an information) with the rule's name; none keeps a module from loading.
 * A rule is kept quiet for a module or a question with `"lintIgnore": ["rule-name"]`, or for
 * every module with the `quizModules.lint.ignore` setting.
 */
import type { ArticleHeading } from './markdown';
import { isMultipleAnswer, type Question, type QuizModule } from './moduleModel';
import type { ModuleProblem } from './problems';
import { LineIndex } from './textLocation';
import { english, type Translate } from './translate';
import type { Span } from './validateModule';

export const LINT_RULES = [
  'missing-explanation',
  'distractor-without-feedback',
  'length-cue',
  'all-or-none-of-the-above',
  'missing-section',
  'duplicate-prompt',
  'duplicate-choice',
] as const;
export type LintRule = (typeof LINT_RULES)[number];

export interface LintInput {
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
  if (whole) return { text: codeSpanText(whole[2]!), code: true };
  let plain = '';
  let last = 0;
  for (const match of text.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
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
    const longestDistractor = Math.max(0, ...distractors.map((c) => lengths[c]!));
    if (!isMultipleAnswer(question) && distractors.length > 0) {
      const key = keys[0]!;
      if (lengths[key]! > longestDistractor * LENGTH_RATIO && lengths[key]! - longestDistractor >= LENGTH_MARGIN) {
        find(
          'length-cue',
          question,
          [...at, 'choices', key, 'text'],
          'warning',
          t('Question "{0}": the right choice is much longer than every other ({1} characters against at most {2}), which gives it away.', question.id, lengths[key]!, longestDistractor),
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
