/**
 * The saved history of one module in one workspace: the versioned record, its bounds, and what
 * keeps it bounded. Reading and migrating a saved value is recordReader.ts's; what the record
 * sums up to, and the totals of archived attempts, progressSummary.ts's.
 */

export const PROGRESS_VERSION = 3;

export interface AnswerRecord {
  /**
   * The picked choices by key (see `choiceKeys`), so a reorder of the choices keeps the answer.
   * Records migrated from version 2 or older name them by index instead: "#2".
   */
  readonly picks: readonly string[];
  readonly correct: boolean;
  readonly earned: number;
  readonly points: number;
  /** ISO 8601. */
  readonly answeredAt: string;
  /** The `questionVersion` this answer was given to; absent in migrated records. */
  readonly version?: string;
  /** What the learner said before checking, when they said anything. */
  readonly confidence?: AnswerConfidence;
  /** The learner showed the question's hint before answering. */
  readonly hinted?: true;
}

export type AnswerConfidence = 'sure' | 'unsure';

/**
 * A side attempt: `practice` asks again what the last full attempt got wrong (Retry Mistakes),
 * `review` asks the questions the spaced-review schedule says are due. Neither counts toward the
 * best or last score; an attempt without a kind is a full attempt of the whole quiz.
 */
export type AttemptKind = 'practice' | 'review';

/** An answer that no longer counts because its question changed or left the module. */
export interface SupersededAnswer extends AnswerRecord {
  readonly questionId: string;
  readonly reason: 'changed' | 'removed';
}

/** What the last edit of the module did to an open attempt, to tell the learner. */
export interface ModuleChangeNote {
  /** ISO 8601. */
  readonly at: string;
  /** Answers kept as they were (their points follow the file). */
  readonly kept: number;
  /** Answered questions that changed and are asked again. */
  readonly reasked: number;
  readonly removed: number;
  readonly added: number;
}

export interface AttemptResult {
  readonly earned: number;
  readonly possible: number;
  readonly percent: number;
  readonly passed: boolean;
}

export interface AttemptRecord {
  readonly id: string;
  /** Absent for a full attempt. */
  readonly kind?: AttemptKind;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Question ids in the order this attempt asks them. */
  readonly questionOrder: readonly string[];
  /** Question id -> choice keys in the order shown; only for modules that shuffle choices. */
  readonly choiceOrder?: Readonly<Record<string, readonly string[]>>;
  /** Question id -> the answer given in this attempt. */
  readonly answers: Readonly<Record<string, AnswerRecord>>;
  /** Answers that stopped counting when the module was edited mid-attempt (newest last). */
  readonly superseded?: readonly SupersededAnswer[];
  /** Set while an edit of the module has changed this attempt. */
  readonly change?: ModuleChangeNote;
  /** Set when the attempt is finished. */
  readonly result?: AttemptResult;
}

/**
 * What the finished attempts moved out of the record into the history files add up to, so the
 * scores stay whole without reading those files.
 */
export interface ArchivedTotals {
  readonly attempts: number;
  readonly best?: AttemptResult;
  /** Question id -> [times answered, times right]. */
  readonly accuracy: Readonly<Record<string, readonly [number, number]>>;
  /** Practice and review attempts moved out (they add to no score); absent when none. */
  readonly sideAttempts?: number;
}

export interface ProgressRecord {
  readonly version: typeof PROGRESS_VERSION;
  readonly moduleId: string;
  /** Oldest first; the last attempt of each kind (full, practice, review) may be open. */
  readonly attempts: readonly AttemptRecord[];
  /** Older finished attempts kept in history files, when there are any. */
  readonly archived?: ArchivedTotals;
}

/** Finished attempts kept in the record; older ones move to the history files. */
export const KEEP_FINISHED_ATTEMPTS = 10;
/** Finished attempts beyond `KEEP_FINISHED_ATTEMPTS` that gather before they move, together. */
export const ARCHIVE_BATCH = 40;
/** A record's size above which its older finished attempts move to the history files. */
export const RECORD_BYTE_BUDGET = 128 * 1024;
/** Abandoned attempts (unfinished, with answers) kept per module; older ones are dropped. */
export const MAX_ABANDONED_ATTEMPTS = 10;
/** More answers than any module can ask (its questions are capped far lower): not a record of ours. */
export const MAX_ANSWERS_PER_ATTEMPT = 10_000;
/** Superseded answers kept per attempt. */
export const MAX_SUPERSEDED_ANSWERS = 50;

export function emptyProgress(moduleId: string): ProgressRecord {
  return { version: PROGRESS_VERSION, moduleId, attempts: [] };
}

/** An attempt with its end and its result, as `isFinished` proves. */
export type FinishedAttempt = AttemptRecord & { readonly finishedAt: string; readonly result: AttemptResult };

export function isFinished(attempt: AttemptRecord): attempt is FinishedAttempt {
  return attempt.finishedAt !== undefined && attempt.result !== undefined;
}

/** A full attempt of the whole quiz, not a practice or review attempt. */
export function isFullAttempt(attempt: AttemptRecord): boolean {
  return attempt.kind === undefined;
}

/** Finished, and a full attempt: what scores, accuracy and the archived totals count. */
export function countsForScore(attempt: AttemptRecord): attempt is FinishedAttempt {
  return isFinished(attempt) && isFullAttempt(attempt);
}

export function hasAnswers(attempt: AttemptRecord): boolean {
  return Object.keys(attempt.answers).length > 0;
}

/**
 * Keeps a record bounded: an unfinished attempt that is not open (the last of its kind) is kept
 * only when it has answers, and only the newest `MAX_ABANDONED_ATTEMPTS` of those. Finished attempts are all
 * kept. Returns the same object when nothing is dropped.
 */
export function pruneAttempts(record: ProgressRecord): ProgressRecord {
  const last = record.attempts.length - 1;
  let abandoned = 0;
  const keep = new Array<boolean>(record.attempts.length).fill(true);
  // The last attempt of each kind is open while unfinished (a review beside the full quiz).
  const kinds = new Set<string>([record.attempts[last]?.kind ?? 'full']);
  for (let i = last - 1; i >= 0; i--) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within record.attempts
    const attempt = record.attempts[i]!;
    const kind = attempt.kind ?? 'full';
    const isOpen = !kinds.has(kind);
    kinds.add(kind);
    if (isFinished(attempt) || isOpen) continue;
    if (!hasAnswers(attempt) || ++abandoned > MAX_ABANDONED_ATTEMPTS) keep[i] = false;
  }
  if (keep.every(Boolean)) return record;
  return { ...record, attempts: record.attempts.filter((_, i) => keep[i]) };
}
