/**
 * The schedule's journal: the ratings given since the book was last written whole, kept in a
 * small file beside `schedule.json.gz`, so an answer writes its rating (a few hundred bytes)
 * instead of the whole book (hundreds of KiB gzipped at 20,000 cards). At start the ratings are
 * replayed over the book, in order, and the book is written whole again (folded); it is also
 * folded once the journal grows past `JOURNAL_FOLD_AT` ratings.
 *
 * `base` names the book file the journal follows (its size and modification time): a journal
 * left by a crash after its book was written whole names an older file and is not replayed (a
 * module reset since would otherwise get its cards back).
 */
import { isId } from '../module/moduleModel';
import { applyRatings, type AnswerRating, type ScheduleBook } from './schedule';

export const JOURNAL_VERSION = 1;
/** Ratings after which the book is written whole and the journal emptied. */
export const JOURNAL_FOLD_AT = 200;
/** Bytes of a journal read at start; a bigger file is kept aside unread. */
export const MAX_JOURNAL_BYTES = 8 * 1024 * 1024;

/** One answer step's ratings of one module, and when it was saved (milliseconds since 1970). */
export type JournalEntry = readonly [moduleId: string, ratings: readonly AnswerRating[], at: number];

interface ScheduleJournal {
  readonly version: typeof JOURNAL_VERSION;
  readonly base: string;
  readonly entries: readonly JournalEntry[];
}

export function journalText(journal: ScheduleJournal): string {
  return JSON.stringify(journal);
}

const OUTCOMES = new Set(['again', 'hard', 'good']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ratingProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'a rating is not an object';
  if (!isId(value['questionId'])) return 'a rating has no valid question id';
  if (typeof value['questionVersion'] !== 'string' || value['questionVersion'] === '') return 'a rating has no question version';
  if (typeof value['outcome'] !== 'string' || !OUTCOMES.has(value['outcome'])) return 'a rating has no valid outcome';
  if (typeof value['at'] !== 'string' || Number.isNaN(Date.parse(value['at']))) return 'a rating has no valid date';
  return undefined;
}

/** A journal's text read back, every entry checked; refused whole with the reason otherwise. */
export function readJournalText(text: string): { readonly ok: true; readonly journal: ScheduleJournal } | { readonly ok: false; readonly reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(raw)) return { ok: false, reason: 'it is not an object' };
  if (raw['version'] !== JOURNAL_VERSION) return { ok: false, reason: `unknown journal version ${JSON.stringify(raw['version'])}` };
  if (typeof raw['base'] !== 'string') return { ok: false, reason: 'it names no schedule file' };
  const entries = raw['entries'];
  if (!Array.isArray(entries)) return { ok: false, reason: 'it has no list of entries' };
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1}`;
    if (!Array.isArray(entry) || entry.length !== 3) return { ok: false, reason: `${where} is not [module, ratings, time]` };
    const [moduleId, ratings, at] = entry as unknown[];
    if (!isId(moduleId)) return { ok: false, reason: `${where} has no valid module id` };
    if (!Array.isArray(ratings)) return { ok: false, reason: `${where} has no list of ratings` };
    const problem = ratings.map(ratingProblem).find((p) => p !== undefined);
    if (problem) return { ok: false, reason: `${where}: ${problem}` };
    if (typeof at !== 'number' || Number.isNaN(new Date(at).getTime())) return { ok: false, reason: `${where} has no valid time` };
  }
  return { ok: true, journal: raw as unknown as ScheduleJournal };
}

/** The book with the journal's ratings applied in order, as each answer applied them. */
export function replayJournal(book: ScheduleBook, entries: readonly JournalEntry[]): ScheduleBook {
  let next = book;
  for (const [moduleId, ratings, at] of entries) next = applyRatings(next, moduleId, ratings, new Date(at));
  return next;
}
