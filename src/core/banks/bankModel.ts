/**
 * What every question-bank reader (GIFT, Moodle XML, mdbook-quiz TOML) turns a bank into, and
 * how that becomes a module file and an article stub. No file access: callers pass text in and
 * write what comes back, all or nothing.
 */
import GithubSlugger from 'github-slugger';
import { MAX_CHOICES, MIN_CHOICES, ID_PATTERN } from '../module/moduleModel';
import { MAX_MARKDOWN_LENGTH, MAX_QUESTIONS } from '../module/limits';
import { english, type Translate } from '../util/translate';

export type BankFormat = 'gift' | 'moodle-xml' | 'mdbook-quiz';

/** A bank larger than this is refused before it is parsed (a module file may be 5 MB). */
export const MAX_BANK_BYTES = 10 * 1024 * 1024;

/** Something the reader could not keep, or kept differently; `where` is "file:line" or "file: XML path". */
export interface BankNote {
  readonly severity: 'error' | 'warning';
  readonly where: string;
  readonly message: string;
}

interface BankChoice {
  readonly text: string;
  readonly correct: boolean;
  readonly feedback?: string;
}

/** How a multiple-answer question of the bank scores: the module has one `partialCredit` for all. */
type CreditVote = 'partial' | 'all-or-nothing' | undefined;

export interface BankQuestion {
  /** The bank's name for the question, made into an id later. */
  readonly name?: string;
  readonly prompt: string;
  readonly choices: readonly BankChoice[];
  readonly explanation?: string;
  readonly hint?: string;
  readonly points?: number;
  /** The category path's last part, which becomes a section of the article stub. */
  readonly category?: string;
  readonly credit?: CreditVote;
  readonly where: string;
}

export interface BankRead {
  readonly questions: BankQuestion[];
  readonly notes: BankNote[];
  /** Questions seen but not kept (each has a warning in `notes`). */
  readonly skipped: number;
}

/** An id from a bank's question name: lower case, hyphens, at most 64 characters; undefined when nothing is left. */
export function idFromName(name: string): string | undefined {
  if (ID_PATTERN.test(name)) return name;
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id && ID_PATTERN.test(id) ? id : undefined;
}

/** Makes ids unique by a numbered suffix, keeping them within 64 characters. */
export class IdMaker {
  private readonly used = new Set<string>();

  take(wanted: string | undefined, fallback: string): string {
    const base = wanted ?? fallback;
    let id = base;
    for (let n = 2; this.used.has(id); n++) {
      const suffix = `-${n}`;
      id = `${base.slice(0, 64 - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.used.add(id);
    return id;
  }
}

/** A weighted choice as the banks write it: the percent of the question's points it is worth. */
interface WeightedChoice {
  readonly text: string;
  readonly percent: number;
  readonly feedback?: string;
}

const WHOLE = 100;
const TOLERANCE = 0.5;

/**
 * Weights to `correct` flags. One choice worth 100%: a single-answer question. Several choices
 * with positive weights: "select all that apply", each counting the same. Wrong choices all at
 * −100% vote for all-or-nothing scoring, other negative weights for partial credit. What a
 * module cannot say is kept as close as it can be, with a warning.
 */
export function choicesFromWeights(
  weighted: readonly WeightedChoice[],
  warn: (message: string) => void,
  t: Translate = english,
): { choices: BankChoice[]; credit: CreditVote } | { problem: string } {
  const positive = weighted.filter((c) => c.percent > 0);
  if (positive.length === 0) return { problem: t('no answer is worth any points') };
  const full = weighted.filter((c) => Math.abs(c.percent - WHOLE) < TOLERANCE);
  const toChoice = (c: WeightedChoice, correct: boolean): BankChoice => ({ text: c.text, correct, ...(c.feedback ? { feedback: c.feedback } : {}) });
  if (full.length === 1) {
    for (const c of positive) {
      if (c !== full[0]) warn(t('the partial credit of {0}% for the answer "{1}" is not kept: a single-answer question is right or wrong.', round(c.percent), clipText(c.text)));
    }
    return { choices: weighted.map((c) => toChoice(c, c === full[0])), credit: undefined };
  }
  const sum = positive.reduce((s, c) => s + c.percent, 0);
  if (full.length > 1) warn(t('several answers are each fully right; here the learner must pick all of them.'));
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- some() calls back only when positive has an element
  else if (Math.abs(sum - WHOLE) >= TOLERANCE || positive.some((c) => Math.abs(c.percent - positive[0]!.percent) >= TOLERANCE))
    warn(t('the weights of the right answers are not kept: each right answer counts the same here.'));
  const wrong = weighted.filter((c) => c.percent <= 0);
  const credit: CreditVote = wrong.length === 0 ? undefined : wrong.every((c) => c.percent <= -WHOLE + TOLERANCE) ? 'all-or-nothing' : 'partial';
  return { choices: weighted.map((c) => toChoice(c, c.percent > 0)), credit };
}

/** Why a question cannot be a module question, or undefined when it can. */
function questionProblem(question: Pick<BankQuestion, 'prompt' | 'choices' | 'explanation' | 'hint'>, t: Translate = english): string | undefined {
  if (question.prompt.trim() === '') return t('the question has no text');
  if (question.choices.length < MIN_CHOICES) return t('a question needs at least {0} answers', MIN_CHOICES);
  if (question.choices.length > MAX_CHOICES) return t('it has {0} answers; a module question may have at most {1}', question.choices.length, MAX_CHOICES);
  if (!question.choices.some((c) => c.correct)) return t('no answer is right');
  if (question.choices.some((c) => c.text.trim() === '')) return t('an answer is empty');
  if (new Set(question.choices.map((c) => c.text)).size !== question.choices.length) return t('two answers have the same text');
  const texts = [question.prompt, question.explanation, question.hint, ...question.choices.flatMap((c) => [c.text, c.feedback])];
  if (texts.some((text) => text !== undefined && text.length > MAX_MARKDOWN_LENGTH)) return t('a text is longer than {0} characters', MAX_MARKDOWN_LENGTH);
  return undefined;
}

export interface ModuleFiles {
  readonly id: string;
  readonly moduleFileName: string;
  readonly articleFileName: string;
  readonly moduleText: string;
  readonly articleText: string;
  readonly kept: number;
  readonly skipped: number;
  readonly notes: readonly BankNote[];
}

/** Heading text that renders as itself, so its slug is the section id. */
function headingText(name: string): string {
  const plain = name.replace(/[\\`*_{}[\]<>#+!|~]/g, ' ').replace(/\s+/g, ' ').trim();
  return plain === '' ? 'Questions' : plain.slice(0, 150);
}

/**
 * The module and its article stub. Categories become `##` sections in the order first met;
 * a question with a category points at its section. Errors (no question kept, too many) give
 * no files: the caller writes nothing.
 */
export function buildModuleFiles(
  read: BankRead,
  options: { readonly id: string; readonly title: string; readonly source: string },
  t: Translate = english,
): ModuleFiles | { readonly errors: BankNote[] } {
  const errors = read.notes.filter((n) => n.severity === 'error');
  if (errors.length > 0) return { errors };
  if (read.questions.length === 0)
    return { errors: [{ severity: 'error', where: options.source, message: t('no question could be kept ({0} skipped), so no module was written.', read.skipped) }] };
  if (read.questions.length > MAX_QUESTIONS)
    return {
      errors: [
        {
          severity: 'error',
          where: options.source,
          message: t('the bank holds {0} questions a module can ask; a module may hold at most {1}. Split the bank into smaller files.', read.questions.length, MAX_QUESTIONS),
        },
      ],
    };
  const slugger = new GithubSlugger();
  const title = options.title.trim() || 'Imported questions';
  const titleHeading = headingText(title);
  slugger.slug(titleHeading);
  const sections = new Map<string, { heading: string; id: string; count: number }>();
  for (const q of read.questions) {
    if (q.category === undefined || sections.has(q.category)) continue;
    const heading = headingText(q.category);
    sections.set(q.category, { heading, id: slugger.slug(heading), count: 0 });
  }
  const ids = new IdMaker();
  const partial = read.questions.some((q) => q.credit === 'partial');
  const questions = read.questions.map((q, i) => {
    const section = q.category !== undefined ? sections.get(q.category) : undefined;
    if (section) section.count++;
    return {
      id: ids.take(q.name !== undefined ? idFromName(q.name) : undefined, `question-${i + 1}`),
      prompt: q.prompt,
      choices: q.choices.map((c) => ({ text: c.text, ...(c.correct ? { correct: true } : {}), ...(c.feedback ? { feedback: c.feedback } : {}) })),
      ...(q.explanation ? { explanation: q.explanation } : {}),
      ...(q.hint ? { hint: q.hint } : {}),
      ...(section ? { section: section.id } : {}),
      ...(q.points !== undefined && q.points > 0 && q.points !== 1 ? { points: q.points } : {}),
    };
  });
  const articleFileName = `${options.id}.md`;
  const module = {
    version: 1,
    id: options.id,
    title: title.slice(0, 200),
    description: t('Imported from {0}.', options.source.slice(0, 500)),
    article: articleFileName,
    ...(partial ? { partialCredit: true } : {}),
    questions,
  };
  const article = [`# ${titleHeading}`, '', t('These questions were imported from {0}. Write what a learner should read before the quiz here.', options.source), ''];
  for (const section of sections.values()) {
    article.push(`## ${section.heading}`, '', t('{0} questions of the bank are about this section.', section.count), '');
  }
  return {
    id: options.id,
    moduleFileName: `${options.id}.quiz.json`,
    articleFileName,
    moduleText: `${JSON.stringify(module, null, 2)}\n`,
    articleText: article.join('\n'),
    kept: read.questions.length,
    skipped: read.skipped,
    notes: read.notes,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function clipText(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * What a reader gathers as it goes: the questions kept, its notes, and how many questions it
 * skipped, each with a warning that says why.
 */
export class BankGathering {
  readonly questions: BankQuestion[] = [];
  readonly notes: BankNote[] = [];
  skipped = 0;

  constructor(private readonly t: Translate) {}

  skip(where: string, why: string): void {
    this.notes.push({ severity: 'warning', where, message: this.t('skipped: {0}.', why) });
    this.skipped++;
  }

  /** Keeps a question the module format accepts; skips any other, saying why. */
  keep(question: BankQuestion, where: string): void {
    const problem = questionProblem(question, this.t);
    if (problem) this.skip(where, problem);
    else this.questions.push(question);
  }

  get read(): BankRead {
    return { questions: this.questions, notes: this.notes, skipped: this.skipped };
  }
}
