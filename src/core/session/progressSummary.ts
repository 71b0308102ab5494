// What a record sums up to (the sidebar's best and last), and the totals of finished attempts
// moved to the history files.
import { betterResult } from '../module/grading';
import {
  ARCHIVE_BATCH,
  countsForScore,
  hasAnswers,
  isFinished,
  isFullAttempt,
  KEEP_FINISHED_ATTEMPTS,
  RECORD_BYTE_BUDGET,
  type ArchivedTotals,
  type AttemptRecord,
  type AttemptResult,
  type FinishedAttempt,
  type ProgressRecord,
} from './progressRecord';

/** What the sidebar, the quick pick and the scores view show of one module's record. */
export interface ProgressSummary {
  readonly finishedAttempts: number;
  readonly best?: AttemptResult;
  readonly last?: AttemptResult & { readonly finishedAt: string };
  /** An open full attempt (not practice or review) with at least one answer; says nothing about those answers. */
  readonly inProgress: boolean;
  /** Attempts that hold answers (finished, open or abandoned): what a reset deletes. */
  readonly attemptsWithAnswers: number;
}

/**
 * Finished full attempts only: an open attempt (an exam in particular) tells nothing until it
 * ends, and practice and review attempts never change the best or last score.
 */
export function summarize(record: ProgressRecord): ProgressSummary {
  let best: AttemptResult | undefined;
  let last: FinishedAttempt | undefined;
  let finishedAttempts = 0;
  let attemptsWithAnswers = 0;
  for (const attempt of record.attempts) {
    if (isFinished(attempt) || hasAnswers(attempt)) attemptsWithAnswers++;
    if (!countsForScore(attempt)) continue;
    finishedAttempts++;
    const result = attempt.result;
    if (!best || betterResult(result, best)) best = result;
    if (!last || attempt.finishedAt >= last.finishedAt) last = attempt;
  }
  const archived = record.archived;
  if (archived) {
    finishedAttempts += archived.attempts;
    attemptsWithAnswers += archived.attempts + (archived.sideAttempts ?? 0);
    if (archived.best && (!best || betterResult(archived.best, best))) best = archived.best;
  }
  return {
    finishedAttempts,
    ...(best ? { best } : {}),
    ...(last ? { last: { ...last.result, finishedAt: last.finishedAt } } : {}),
    // Any open full attempt, not only the newest: a review or practice attempt started after it
    // does not hide the quiz the learner will resume.
    inProgress: record.attempts.some((attempt) => isFullAttempt(attempt) && !isFinished(attempt) && hasAnswers(attempt)),
    attemptsWithAnswers,
  };
}

/**
 * Moves the oldest finished attempts out of the record, to be written to the history files.
 * Nothing moves until the record holds more than `keep` + `batch` finished attempts or more than
 * `byteBudget` bytes; then attempts move until `keep` remain and the record is under half the
 * budget, so history files are written in batches, not one per attempt. The newest finished
 * attempt and the newest finished full attempt always stay (they are the ones to review). What
 * moves of full attempts is added to `archived`, so summaries stay the same; practice and review
 * attempts move to the history files without adding to the totals, as they never counted. Returns the same record and nothing moved when no attempt needs to go.
 */
export function archiveOldAttempts(
  record: ProgressRecord,
  keep = KEEP_FINISHED_ATTEMPTS,
  byteBudget = RECORD_BYTE_BUDGET,
  batch = ARCHIVE_BATCH,
): { record: ProgressRecord; moved: AttemptRecord[] } {
  const finished = record.attempts.filter(isFinished);
  if (finished.length <= 1) return { record, moved: [] };
  let size = finished.length > keep + batch ? Infinity : JSON.stringify(record).length;
  if (size <= byteBudget) return { record, moved: [] };
  if (size === Infinity) size = JSON.stringify(record).length;
  const moved: AttemptRecord[] = [];
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- finished is not empty here
  const stays = new Set<AttemptRecord>([finished[finished.length - 1]!]);
  const lastFull = finished.filter(isFullAttempt).pop();
  if (lastFull) stays.add(lastFull);
  let remaining = finished.length;
  for (const attempt of finished) {
    if (remaining <= stays.size || (remaining <= keep && size <= byteBudget / 2)) break;
    if (stays.has(attempt)) continue;
    moved.push(attempt);
    size -= JSON.stringify(attempt).length + 1;
    remaining--;
  }
  if (moved.length === 0) return { record, moved };
  const movedIds = new Set(moved.map((a) => a.id));
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- moved is not empty, and addToTotals gives totals for any attempts
  const archived = addToTotals(record.archived, moved)!;
  return { record: { ...record, attempts: record.attempts.filter((a) => !movedIds.has(a.id)), archived }, moved };
}

/**
 * Totals with nothing empty in them: no question answered 0 times, no 0 side attempts, and
 * undefined when they count nothing at all, so equal totals are written alike.
 */
export function normalTotals(totals: ArchivedTotals | undefined): ArchivedTotals | undefined {
  if (!totals) return undefined;
  const accuracy: Record<string, [number, number]> = {};
  for (const [id, [answered, correct]] of Object.entries(totals.accuracy)) if (answered > 0) accuracy[id] = [answered, Math.min(correct, answered)];
  const side = totals.sideAttempts ?? 0;
  if (totals.attempts === 0 && side === 0 && Object.keys(accuracy).length === 0 && !totals.best) return undefined;
  return { attempts: totals.attempts, ...(side > 0 ? { sideAttempts: side } : {}), ...(totals.best ? { best: totals.best } : {}), accuracy };
}

/**
 * What a record's archived totals still stand for once the history attempts that could be read
 * are taken out: the attempts whose history files could not be read. The one place this is
 * worked out, for the export and the dashboard. Full attempts come off the attempt count and the
 * accuracy, practice and review attempts off `sideAttempts`. An attempt that is in the history
 * and still in the record was never added to the totals (the record was not saved after its
 * file was written), so it is not taken off. `best` stays only while no known full attempt
 * reaches it: otherwise the known attempts already give the best.
 */
export function unreadTotals(record: ProgressRecord, history: readonly AttemptRecord[]): ArchivedTotals | undefined {
  const archived = record.archived;
  if (!archived) return undefined;
  const inRecord = new Set(record.attempts.map((a) => a.id));
  const seen = new Set<string>();
  let full = 0;
  let side = 0;
  const accuracy: Record<string, [number, number]> = {};
  for (const [id, [answered, correct]] of Object.entries(archived.accuracy)) accuracy[id] = [answered, correct];
  for (const attempt of history) {
    if (!isFinished(attempt) || inRecord.has(attempt.id) || seen.has(attempt.id)) continue;
    seen.add(attempt.id);
    if (!isFullAttempt(attempt)) {
      side++;
      continue;
    }
    full++;
    for (const [id, answer] of Object.entries(attempt.answers)) {
      const pair = accuracy[id];
      if (!pair) continue;
      pair[0] = Math.max(0, pair[0] - 1);
      if (answer.correct) pair[1] = Math.max(0, pair[1] - 1);
    }
  }
  const attempts = Math.max(0, archived.attempts - full);
  const sideAttempts = Math.max(0, (archived.sideAttempts ?? 0) - side);
  const totals = { attempts, sideAttempts, ...(archived.best ? { best: archived.best } : {}), accuracy: attempts > 0 ? accuracy : {} };
  return keptTotals(totals, [...history, ...record.attempts]);
}

/**
 * Unread totals as a dump keeps them (normal, see `normalTotals`), with `best` only while no
 * known full attempt reaches it: otherwise the known attempts already give the best, and a
 * merge or a second export gives the same totals.
 */
export function keptTotals(totals: ArchivedTotals | undefined, known: readonly AttemptRecord[]): ArchivedTotals | undefined {
  const normal = normalTotals(totals);
  const best = normal?.best;
  if (!normal || !best) return normal;
  if (normal.attempts > 0 && !known.some((a) => countsForScore(a) && !betterResult(best, a.result))) return normal;
  const { best: _reached, ...rest } = normal;
  return normalTotals(rest);
}

/**
 * Adds finished attempts to archived totals, as moving them to the history files does: full
 * attempts to the count, the accuracy and the best; practice and review attempts to
 * `sideAttempts` only, as they never count toward a score.
 */
export function addToTotals(totals: ArchivedTotals | undefined, attempts: readonly AttemptRecord[]): ArchivedTotals | undefined {
  if (attempts.length === 0) return totals;
  const accuracy: Record<string, [number, number]> = {};
  for (const [id, pair] of Object.entries(totals?.accuracy ?? {})) accuracy[id] = [pair[0], pair[1]];
  let best = totals?.best;
  let full = 0;
  for (const attempt of attempts) {
    if (!isFullAttempt(attempt)) continue;
    full++;
    for (const [questionId, answer] of Object.entries(attempt.answers)) {
      const pair = (accuracy[questionId] ??= [0, 0]);
      pair[0]++;
      if (answer.correct) pair[1]++;
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the attempts given are finished ones, moved to the history files
    if (!best || betterResult(attempt.result!, best)) best = attempt.result!;
  }
  const sideAttempts = (totals?.sideAttempts ?? 0) + attempts.length - full;
  return {
    attempts: (totals?.attempts ?? 0) + full,
    ...(sideAttempts > 0 ? { sideAttempts } : {}),
    ...(best ? { best } : {}),
    accuracy,
  };
}
