/**
 * Scores leave the workspace and come back: a complete JSON export (every attempt, those moved
 * to the history files too, and the review schedule), its reader, and its merge into the saved
 * records on import. Its answers as rows are answerRows.ts's, as CSV scoresCsv.ts's, as xAPI
 * statements core/xapi's. Pure.
 */
import type { QuestionInfo } from './analytics';
import { betterResult } from '../module/grading';
import { readSchedule, type ScheduleBook } from '../schedule/schedule';
import { MAX_EXPORT_ANSWERS, MAX_EXPORT_ATTEMPTS, MAX_EXPORT_MODULES, MAX_TITLE_LENGTH } from '../module/limits';
import { isId } from '../module/moduleModel';
import { isFinished as isFinishedAttempt, pruneAttempts, PROGRESS_VERSION, type ArchivedTotals, type AttemptRecord, type ProgressRecord } from '../session/progressRecord';
import { addToTotals, archiveOldAttempts, keptTotals, normalTotals, unreadTotals } from '../session/progressSummary';
import { invalidIdReason, readProgress } from '../session/recordReader';

/** The tag that says a file is a Quiz Modules export. */
export const EXPORT_FORMAT = 'quiz-modules-scores';
export const EXPORT_VERSION = 1;

/**
 * Everything saved for one module: every attempt known (history files and record), oldest
 * first, and the totals of archived attempts whose bodies could not be read, if any.
 */
export interface ModuleDump {
  readonly moduleId: string;
  readonly attempts: readonly AttemptRecord[];
  readonly unreadArchived?: ArchivedTotals;
}

export interface ExportedModule extends ModuleDump {
  readonly title?: string;
  /** The module's questions, when it was in the workspace: what CSV, xAPI and the report need. */
  readonly questions?: readonly QuestionInfo[];
}

export interface ScoresExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly modules: readonly ExportedModule[];
  readonly schedule?: ScheduleBook;
}

// ---- Dumps and their merge ----------------------------------------------------------------------
// The merge rules of an import: every attempt is kept, each id once; where both sides hold the
// same attempt, a finished copy wins over an open one (it was finished on the other machine);
// where both are open, the copy with more answers wins (it went further), the copy here on a tie;
// where both are finished, the copy here stays. Totals of archived attempts that could not be read are kept,
// the larger of each figure where both sides have some (they may count the same attempts).
// Practice and review attempts stay what they are, and never count toward a score.

/** A module's saved data as one dump: history attempts, then the record's, each id once. */
export function dumpOf(record: ProgressRecord, history: readonly AttemptRecord[]): ModuleDump {
  const seen = new Set<string>();
  const attempts: AttemptRecord[] = [];
  for (const attempt of [...history, ...record.attempts]) {
    if (seen.has(attempt.id)) continue;
    seen.add(attempt.id);
    attempts.push(attempt);
  }
  const unread = unreadTotals(record, history);
  return { moduleId: record.moduleId, attempts: oldestFirst(attempts, openOf(record.attempts)), ...(unread ? { unreadArchived: unread } : {}) };
}

/** What an export holds of a module: its dump without the attempts that hold nothing. */
export function exportedDump(record: ProgressRecord, history: readonly AttemptRecord[]): ModuleDump {
  const dump = dumpOf(record, history);
  const attempts = dump.attempts.filter(carries);
  return attempts.length === dump.attempts.length ? dump : { ...dump, attempts };
}

/** The open attempt of a list: its last one, when unfinished. */
function openOf(attempts: readonly AttemptRecord[]): AttemptRecord | undefined {
  const lastOne = attempts[attempts.length - 1];
  return lastOne && !isFinishedAttempt(lastOne) ? lastOne : undefined;
}

/** Attempts by start time, ties by id (so both sides of a merge order alike); the open attempt, if any, stays last. */
function oldestFirst(attempts: readonly AttemptRecord[], open: AttemptRecord | undefined): AttemptRecord[] {
  const rest = attempts.filter((a) => a !== open);
  rest.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...rest, ...(open ? [open] : [])];
}


/** Two sets of unread totals may stand for the same attempts: keep the larger of each figure. */
function maxTotals(a: ArchivedTotals | undefined, b: ArchivedTotals | undefined): ArchivedTotals | undefined {
  if (!a || !b || a === b) return a ?? b;
  const accuracy: Record<string, [number, number]> = {};
  for (const [id, [n, c]] of Object.entries(a.accuracy)) accuracy[id] = [n, c];
  for (const [id, [n, c]] of Object.entries(b.accuracy)) {
    const pair = accuracy[id];
    accuracy[id] = pair ? [Math.max(pair[0], n), Math.max(pair[1], c)] : [n, c];
  }
  const best = !a.best ? b.best : !b.best ? a.best : betterResult(b.best, a.best) ? b.best : a.best;
  const sideAttempts = Math.max(a.sideAttempts ?? 0, b.sideAttempts ?? 0);
  return { attempts: Math.max(a.attempts, b.attempts), sideAttempts, ...(best ? { best } : {}), accuracy };
}

/**
 * Incoming copies that replace an attempt still open in `base`, by id: a finished copy (finished
 * on another machine), or an open copy with more answers (answered further there). An open copy
 * with as many answers or fewer leaves the one here: on a tie this workspace's copy wins, so
 * importing the same file again changes nothing.
 */
function newerCopies(base: ModuleDump, incoming: ModuleDump): Map<string, AttemptRecord> {
  const open = new Map(base.attempts.filter((a) => !isFinishedAttempt(a)).map((a) => [a.id, a]));
  const found = new Map<string, AttemptRecord>();
  const answers = (attempt: AttemptRecord) => Object.keys(attempt.answers).length;
  for (const attempt of incoming.attempts) {
    const mine = open.get(attempt.id);
    if (mine && (isFinishedAttempt(attempt) || answers(attempt) > answers(mine))) found.set(attempt.id, attempt);
  }
  return found;
}

/**
 * The attempts of `base` with `incoming` added by the merge rules above, oldest first by start;
 * an open attempt of the base (or else of the incoming dump) stays last, where the session looks
 * for it. Unfinished attempts left behind are then bounded as every save bounds them (the newest
 * `MAX_ABANDONED_ATTEMPTS`), so an import adds only what the record keeps.
 */
function mergedAttempts(base: ModuleDump, incoming: ModuleDump): { attempts: AttemptRecord[]; added: AttemptRecord[]; finished: Map<string, AttemptRecord> } {
  const ids = new Set(base.attempts.map((a) => a.id));
  const candidates = incoming.attempts.filter((a) => carries(a) && !ids.has(a.id) && (ids.add(a.id), true));
  const finished = newerCopies(base, incoming);
  const baseOpen = openOf(base.attempts);
  const incomingOpen = openOf(incoming.attempts);
  // The open attempt here, or the copy that continued it elsewhere; else the import's open attempt.
  const baseOpenNow = baseOpen && (finished.get(baseOpen.id) ?? baseOpen);
  const open = baseOpenNow && !isFinishedAttempt(baseOpenNow) ? baseOpenNow : incomingOpen && candidates.includes(incomingOpen) ? incomingOpen : undefined;
  const ordered = oldestFirst([...base.attempts.map((a) => finished.get(a.id) ?? a), ...candidates], open);
  const attempts = pruneAttempts({ version: PROGRESS_VERSION, moduleId: base.moduleId, attempts: ordered }).attempts;
  const kept = new Set(attempts);
  return { attempts: [...attempts], added: candidates.filter((a) => kept.has(a)), finished };
}

/** Adds `incoming` to `base` (see `mergedAttempts`); returns `base` itself when nothing changes. */
export function mergeDumps(base: ModuleDump, incoming: ModuleDump): ModuleDump {
  const { attempts, added, finished } = mergedAttempts(base, incoming);
  const unread = keptTotals(maxTotals(base.unreadArchived, incoming.unreadArchived), attempts);
  if (added.length === 0 && finished.size === 0 && JSON.stringify(unread) === JSON.stringify(base.unreadArchived)) return base;
  return { moduleId: base.moduleId, attempts, ...(unread ? { unreadArchived: unread } : {}) };
}

/**
 * The record to save for a dump, given the ids already in this workspace's history files: those
 * stay there (their totals in `archived`, practice and review as side attempts), the rest go in
 * the record, and the record is then pruned and slimmed as every save is. `moved` are the
 * attempts to write to new history files.
 */
export function recordFor(dump: ModuleDump, archivedIds: ReadonlySet<string>, slim = true): { record: ProgressRecord; moved: AttemptRecord[] } {
  const inRecord: AttemptRecord[] = [];
  const archived: AttemptRecord[] = [];
  for (const attempt of dump.attempts) (archivedIds.has(attempt.id) && isFinishedAttempt(attempt) ? archived : inRecord).push(attempt);
  const totals = normalTotals(addToTotals(dump.unreadArchived, archived));
  const record: ProgressRecord = {
    version: PROGRESS_VERSION,
    moduleId: dump.moduleId,
    attempts: inRecord,
    ...(totals ? { archived: totals } : {}),
  };
  return slim ? archiveOldAttempts(pruneAttempts(record)) : { record: pruneAttempts(record), moved: [] };
}

/**
 * What importing `incoming` does to a module saved as `current` plus the attempts read from its
 * history files: the record to save (before it is slimmed) and how many attempts it adds or
 * finishes; undefined when the import brings nothing new.
 */
export function importIntoRecord(current: ProgressRecord, history: readonly AttemptRecord[], incoming: ModuleDump): { record: ProgressRecord; added: number } | undefined {
  const base = dumpOf(current, history);
  const merged = mergeDumps(base, incoming);
  if (merged === base) return undefined;
  const { record } = recordFor(merged, new Set(history.map((a) => a.id)), false);
  return { record, added: addedBy(base, incoming).attempts };
}

/** An attempt worth carrying over: finished, or with answers (an empty one is dropped on every save). */
function carries(attempt: AttemptRecord): boolean {
  return isFinishedAttempt(attempt) || Object.keys(attempt.answers).length > 0;
}

/** How many attempts and answers `incoming` adds to `base`, attempts it finishes included. */
export function addedBy(base: ModuleDump, incoming: ModuleDump): { attempts: number; answers: number } {
  const { added, finished } = mergedAttempts(base, incoming);
  const all = [...added, ...finished.values()];
  return { attempts: all.length, answers: all.reduce((n, a) => n + Object.keys(a.answers).length, 0) };
}


// ---- Reading an export ----------------------------------------------------------------------------

/**
 * The first limit an export's list of modules passes, by counting alone (before any record in
 * it is read): modules, attempts of a module, answers in all.
 */
function exportLimitProblem(modules: readonly unknown[]): string | undefined {
  if (modules.length > MAX_EXPORT_MODULES) return `it holds ${modules.length} modules, more than the ${MAX_EXPORT_MODULES} an import takes`;
  let answers = 0;
  for (const [index, m] of modules.entries()) {
    const attempts = isObject(m) ? m['attempts'] : undefined;
    if (!Array.isArray(attempts)) continue;
    if (attempts.length > MAX_EXPORT_ATTEMPTS) return `module ${index + 1} holds ${attempts.length} attempts, more than the ${MAX_EXPORT_ATTEMPTS} an import takes`;
    for (const attempt of attempts) {
      const given = isObject(attempt) ? attempt['answers'] : undefined;
      if (isObject(given)) answers += Object.keys(given).length;
      if (answers > MAX_EXPORT_ANSWERS) return `it holds more than the ${MAX_EXPORT_ANSWERS} answers an import takes`;
    }
  }
  return undefined;
}

type ExportReadResult = { readonly ok: true; readonly value: ScoresExport } | { readonly ok: false; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readQuestions(value: unknown): QuestionInfo[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const questions: QuestionInfo[] = [];
  for (const q of value) {
    if (!isObject(q) || !isId(q['id']) || typeof q['prompt'] !== 'string' || !Array.isArray(q['choices'])) return undefined;
    const choices = q['choices'].filter(
      (c): c is { key: string; text: string; correct: boolean } =>
        isObject(c) && typeof c['key'] === 'string' && typeof c['text'] === 'string' && typeof c['correct'] === 'boolean',
    );
    if (choices.length !== q['choices'].length) return undefined;
    questions.push({ id: q['id'], prompt: q['prompt'], ...(typeof q['section'] === 'string' ? { section: q['section'] } : {}), choices });
  }
  return questions;
}

/**
 * Reads a parsed export: refuses anything that is not one of ours, that holds a record the
 * extension could not read, an id that breaks the id pattern (checked first: ids become file
 * names) or more than the limits allow, with the reason; a file is taken whole or not at all.
 * The caller checks the file's size (`MAX_EXPORT_BYTES`) before it parses it.
 */
export function readExport(raw: unknown): ExportReadResult {
  if (!isObject(raw) || raw['format'] !== EXPORT_FORMAT) {
    return { ok: false, reason: 'it is not a Quiz Modules scores export (no "format": "quiz-modules-scores")' };
  }
  const version = raw['version'];
  if (version !== EXPORT_VERSION) {
    return {
      ok: false,
      reason: typeof version === 'number' && version > EXPORT_VERSION ? `it was written by a newer version of Quiz Modules (export version ${version})` : `unknown export version ${JSON.stringify(version)}`,
    };
  }
  if (!Array.isArray(raw['modules'])) return { ok: false, reason: 'it has no list of modules' };
  const limits = exportLimitProblem(raw['modules']);
  if (limits) return { ok: false, reason: limits };
  const modules: ExportedModule[] = [];
  const seen = new Set<string>();
  for (const [index, m] of raw['modules'].entries()) {
    const where = `module ${index + 1}`;
    if (!isObject(m) || typeof m['moduleId'] !== 'string' || m['moduleId'] === '') return { ok: false, reason: `${where} has no module id` };
    const moduleId = m['moduleId'];
    if (!isId(moduleId)) return { ok: false, reason: invalidIdReason(`the module id of ${where}`, moduleId) };
    if (seen.has(moduleId)) return { ok: false, reason: `module "${moduleId}" appears twice` };
    seen.add(moduleId);
    const check = readProgress({ version: PROGRESS_VERSION, moduleId, attempts: m['attempts'], archived: m['unreadArchived'] }, moduleId);
    if (!check.ok) return { ok: false, reason: `module "${moduleId}": ${check.reason}` };
    const ids = new Set<string>();
    for (const attempt of check.record.attempts) {
      if (ids.has(attempt.id)) return { ok: false, reason: `module "${moduleId}": attempt "${attempt.id}" appears twice` };
      ids.add(attempt.id);
    }
    const questions = m['questions'] === undefined ? undefined : readQuestions(m['questions']);
    if (m['questions'] !== undefined && !questions) return { ok: false, reason: `module "${moduleId}" has an invalid list of questions` };
    // Totals as a dump keeps them: a best with no attempt behind it is no best.
    const unread = keptTotals(check.record.archived, check.record.attempts);
    modules.push({
      moduleId,
      attempts: check.record.attempts,
      ...(unread ? { unreadArchived: unread } : {}),
      ...(typeof m['title'] === 'string' ? { title: m['title'].slice(0, MAX_TITLE_LENGTH) } : {}),
      ...(questions ? { questions } : {}),
    });
  }
  let schedule: ScheduleBook | undefined;
  if (raw['schedule'] !== undefined) {
    const read = readSchedule(raw['schedule']);
    if (!read.ok) return { ok: false, reason: `its review schedule is invalid: ${read.reason}` };
    schedule = read.book;
  }
  const exportedAt = typeof raw['exportedAt'] === 'string' ? raw['exportedAt'] : '';
  return { ok: true, value: { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, modules, ...(schedule ? { schedule } : {}) } };
}
