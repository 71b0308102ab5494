/**
 * How the review schedule is saved: a compact encoding of a `ScheduleBook` (cards grouped by
 * module, question versions written once, each card a row of numbers, times in milliseconds),
 * about a third of the book's own JSON (gzipped by the host when written), and what to do at start with what is found on disk and
 * in the old `workspaceState` value. The book in memory and in a scores export stays the plain
 * `ScheduleBook`; only the saved form changes.
 */
import { State } from 'ts-fsrs';
import { MAX_SCHEDULE_CARDS } from '../module/limits';
import { isId } from '../module/moduleModel';
import { invalidIdReason } from '../session/recordReader';
import { cardKey, emptySchedule, readSchedule, SCHEDULE_VERSION, splitCardKey, type ScheduleBook, type ScheduleCard, type ScheduleReadResult } from './schedule';
import { mergeSchedules } from './scheduleMerge';

const SAVED_SCHEDULE_VERSION = 2;

/** Bytes of a saved schedule file read at start; a bigger file is kept aside unread. */
export const MAX_SCHEDULE_FILE_BYTES = 64 * 1024 * 1024;

/**
 * One card: question id, index into `versions`, due (after the last review, when there is one:
 * the milliseconds from it; else, or when that is too far to be exact, the time), stability, difficulty, elapsed days,
 * scheduled days, reps, lapses, state, last review (or null), and, for a card whose question is
 * gone, when that was first seen. Times are milliseconds since 1970 (UTC).
 */
type CardRow = readonly [string, number, number | string, number, number, number, number, number, number, number, number | null, number?];

interface SavedSchedule {
  readonly version: typeof SAVED_SCHEDULE_VERSION;
  /** Question versions, each once; a card names its version by index. */
  readonly versions: readonly string[];
  readonly modules: readonly { readonly id: string; readonly cards: readonly CardRow[] }[];
}

function timeOf(iso: string, what: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`${what} is not a date: ${JSON.stringify(iso)}`);
  return at;
}

/**
 * A card's due and last review times in milliseconds, kept per card object once encoded: cards
 * are never changed in place, and a save after one answer re-encodes a book whose other cards
 * are the same objects, so only the new card's dates are parsed. (Not filled while reading: that
 * made a start slower than the first save it would spare.)
 */
const cardTimes = new WeakMap<ScheduleCard, readonly [number, number | null]>();

function timesOf(card: ScheduleCard): readonly [number, number | null] {
  let times = cardTimes.get(card);
  if (!times) {
    times = [timeOf(card.due, 'a due date'), card.lastReview === undefined ? null : timeOf(card.lastReview, 'a last review date')];
    cardTimes.set(card, times);
  }
  return times;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Day number -> "YYYY-MM-DDT" of that day, as `toISOString` writes it. */
const dayPrefixes = new Map<number, string>();
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, about three times faster (a start reads two dates a card): the
 * date part is computed once per day, the time of day by hand.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    const full = new Date(day * DAY_MS).toISOString();
    prefix = full.slice(0, full.indexOf('T') + 1);
    if (dayPrefixes.size > 100_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return flat(`${prefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`);
}

/**
 * The same string, stored in one piece: V8 keeps a string built by concatenation as a tree of
 * its parts until a character is read, and 40,000 such trees kept in a book doubled the time a
 * start spends reading it (mostly in the garbage collector).
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * The saved form of a book. Every card is kept (a card key that names no module and question
 * throws rather than being dropped); a gone mark without its card, which pruning drops anyway,
 * is not written.
 */
export function encodeSchedule(book: ScheduleBook): SavedSchedule {
  const gone = book.gone ?? {};
  // Grouped by module first, versions numbered in that order: a book read back from a file is
  // in that order, so it encodes to the same text again.
  const byModule = new Map<string, [string, string, ScheduleCard][]>();
  for (const [key, card] of Object.entries(book.cards)) {
    const id = splitCardKey(key);
    if (!id) throw new Error(`the card ${JSON.stringify(key.slice(0, 60))} has no module and question id`);
    const list = byModule.get(id.moduleId) ?? [];
    list.push([key, id.questionId, card]);
    byModule.set(id.moduleId, list);
  }
  const versions: string[] = [];
  const versionIndex = new Map<string, number>();
  const modules: { id: string; cards: CardRow[] }[] = [];
  for (const [moduleId, cards] of byModule) {
    const rows: CardRow[] = [];
    for (const [key, questionId, card] of cards) {
      let version = versionIndex.get(card.questionVersion);
      if (version === undefined) {
        version = versions.length;
        versions.push(card.questionVersion);
        versionIndex.set(card.questionVersion, version);
      }
      const times = timesOf(card);
      const row: (string | number | null)[] = [
        questionId,
        version,
        // After the last review, due is that time plus a whole number of days more often than not:
        // saved as the difference, it packs to a few repeated digits.
        // (A difference too large to be exact, between dates no review makes, is written as the
        // due time itself, in a string.)
        times[1] === null ? times[0] : Math.abs(times[0] - times[1]) <= MAX_TIME ? times[0] - times[1] : String(times[0]),
        card.stability,
        card.difficulty,
        card.elapsedDays,
        card.scheduledDays,
        card.reps,
        card.lapses,
        card.state,
        times[1],
      ];
      // A mark that is not a date counts as no mark (pruning marks such a card afresh).
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- hasOwn just said the key is there
      const mark = Object.hasOwn(gone, key) ? Date.parse(gone[key]!) : Number.NaN;
      if (!Number.isNaN(mark)) row.push(mark);
      rows.push(row as unknown as CardRow);
    }
    modules.push({ id: moduleId, cards: rows });
  }
  return { version: SAVED_SCHEDULE_VERSION, versions, modules };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Milliseconds a `Date` can hold (about 275,000 years either side of 1970). */
const MAX_TIME = 8.64e15;
const isTime = (value: unknown): value is number => Number.isInteger(value) && Math.abs(value as number) <= MAX_TIME;
const isNonNegative = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function rowProblem(row: unknown, versions: readonly string[]): string | undefined {
  // Indexed, not destructured: this runs once per card at every start.
  if (!Array.isArray(row) || row.length < 11 || row.length > 12) return 'is not a row of 11 or 12 values';
  const version: unknown = row[1];
  if (!isCount(version) || version >= versions.length) return 'names no question version';
  const due: unknown = row[2];
  if (!isTime(due) && !(typeof due === 'string' && /^-?\d{1,16}$/.test(due) && isTime(Number(due)))) return 'has no valid due date';
  if (!isNonNegative(row[3])) return 'has an invalid stability';
  if (!isNonNegative(row[4])) return 'has an invalid difficulty';
  if (!isNonNegative(row[5])) return 'has an invalid elapsedDays';
  if (!isNonNegative(row[6])) return 'has an invalid scheduledDays';
  if (!isCount(row[7]) || !isCount(row[8])) return 'has invalid review counts';
  const state: unknown = row[9];
  if (!isCount(state) || state > State.Relearning) return 'has an unknown state';
  if (row[10] !== null && !isTime(row[10])) return 'has an invalid last review date';
  if (row.length === 12 && !isTime(row[11])) return 'has an invalid date of when its question went';
  return undefined;
}

/**
 * Reads a saved schedule: the compact form, or a plain book (version 1, as older versions saved
 * it in `workspaceState`). Nothing saved gives an empty book; anything this code cannot trust is
 * refused with where and why (never partly read), so the caller can keep it aside.
 */
export function readSavedSchedule(raw: unknown): ScheduleReadResult {
  if (raw === undefined || raw === null) return { ok: true, book: emptySchedule() };
  if (!isObject(raw)) return { ok: false, reason: `expected an object, found ${Array.isArray(raw) ? 'an array' : typeof raw}` };
  const version = raw['version'];
  if (version === SCHEDULE_VERSION) return readSchedule(raw);
  if (typeof version === 'number' && version > SAVED_SCHEDULE_VERSION) {
    return { ok: false, reason: `it was written by a newer version of Quiz Modules (schedule version ${version})` };
  }
  if (version !== SAVED_SCHEDULE_VERSION) return { ok: false, reason: `unknown schedule version ${JSON.stringify(version)}` };
  const versions = raw['versions'];
  const modules = raw['modules'];
  if (!Array.isArray(versions) || !versions.every((v) => typeof v === 'string' && v !== '')) return { ok: false, reason: 'its list of question versions is not a list of non-empty strings' };
  if (!Array.isArray(modules)) return { ok: false, reason: 'it has no list of modules' };
  // Counted before anything else is read.
  let count = 0;
  for (const m of modules) if (isObject(m) && Array.isArray(m['cards'])) count += m['cards'].length;
  if (count > MAX_SCHEDULE_CARDS) return { ok: false, reason: `it holds ${count} cards, more than the ${MAX_SCHEDULE_CARDS} a schedule may hold` };
  const cards: Record<string, ScheduleCard> = {};
  const gone: Record<string, string> = {};
  const seenModules = new Set<string>();
  for (const [index, m] of modules.entries()) {
    if (!isObject(m) || !Array.isArray(m['cards'])) return { ok: false, reason: `module ${index + 1} of the schedule has no list of cards` };
    const moduleId = m['id'];
    // Ids first: a module id may become a folder name elsewhere, so nothing else is read before.
    if (!isId(moduleId)) return { ok: false, reason: invalidIdReason(`the id of module ${index + 1} of the schedule`, moduleId) };
    if (seenModules.has(moduleId)) return { ok: false, reason: `module "${moduleId}" appears twice in the schedule` };
    seenModules.add(moduleId);
    const rows = m['cards'] as unknown[];
    for (let at = 0; at < rows.length; at++) {
      const row = rows[at];
      const questionId = Array.isArray(row) ? (row as unknown[])[0] : undefined;
      if (!isId(questionId)) return { ok: false, reason: invalidIdReason(`the question id of card ${at + 1} of module "${moduleId}"`, questionId) };
      const problem = rowProblem(row, versions);
      if (problem) return { ok: false, reason: `the card of question "${questionId}" in module "${moduleId}" ${problem}` };
      const key = flat(cardKey(moduleId, questionId));
      if (Object.hasOwn(cards, key)) return { ok: false, reason: `the card of question "${questionId}" in module "${moduleId}" appears twice` };
      const r = row as CardRow;
      const due = typeof r[2] === 'string' ? Number(r[2]) : r[10] === null ? r[2] : r[10] + r[2];
      if (!isTime(due)) return { ok: false, reason: `the card of question "${questionId}" in module "${moduleId}" has no valid due date` };
      const card: Mutable<ScheduleCard> = {
        questionVersion: versions[r[1]] as string,
        due: isoTime(due),
        stability: r[3],
        difficulty: r[4],
        elapsedDays: r[5],
        scheduledDays: r[6],
        reps: r[7],
        lapses: r[8],
        state: r[9],
      };
      if (r[10] !== null) card.lastReview = isoTime(r[10]);
      cards[key] = card;
      if (r[11] !== undefined) gone[key] = isoTime(r[11]);
    }
  }
  return { ok: true, book: { version: SCHEDULE_VERSION, cards, ...(Object.keys(gone).length > 0 ? { gone } : {}) } };
}

/** The text of a schedule file. */
export function scheduleFileText(book: ScheduleBook): string {
  return JSON.stringify(encodeSchedule(book));
}

/** A saved schedule file's text read back; JSON that does not parse is refused with the parser's reason. */
export function readScheduleFileText(text: string): ScheduleReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return readSavedSchedule(raw);
}

/** What the store does at start, decided from the schedule file and the old `workspaceState` value. */
interface ScheduleStart {
  /** The book to use. */
  readonly book: ScheduleBook;
  /** Why the file could not be read: it is moved aside, unchanged, before anything is written. */
  readonly fileProblem?: string;
  /** Why the `workspaceState` value could not be read: it is kept aside under its own key. */
  readonly savedProblem?: string;
  /** Write `book` to the file (atomically): it holds cards the file does not. */
  readonly writeFile: boolean;
  /** Remove the old `workspaceState` value, only once the file is written. */
  readonly clearSaved: boolean;
}

/**
 * Start-up with a schedule file: `fileText` is the file's text (undefined when there is none)
 * and `saved` the value older versions kept in `workspaceState`. Nothing readable is lost:
 * when both hold a book they are merged card by card (the later review wins, as an import
 * does), which covers a start stopped between writing the file and clearing the old value.
 */
export function planScheduleStart(fileText: string | undefined, saved: unknown): ScheduleStart {
  let fileBook: ScheduleBook | undefined;
  let fileProblem: string | undefined;
  if (fileText !== undefined) {
    const read = readScheduleFileText(fileText);
    if (read.ok) fileBook = read.book;
    else fileProblem = read.reason;
  }
  if (saved === undefined) return { book: fileBook ?? emptySchedule(), ...(fileProblem ? { fileProblem } : {}), writeFile: false, clearSaved: false };
  const old = readSavedSchedule(saved);
  if (!old.ok) return { book: fileBook ?? emptySchedule(), ...(fileProblem ? { fileProblem } : {}), savedProblem: old.reason, writeFile: false, clearSaved: false };
  if (!fileBook) return { book: old.book, ...(fileProblem ? { fileProblem } : {}), writeFile: Object.keys(old.book.cards).length > 0, clearSaved: true };
  const merged = mergeSchedules(fileBook, old.book) ?? fileBook;
  return { book: merged, writeFile: merged !== fileBook, clearSaved: true };
}
