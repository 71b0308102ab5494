/**
 * The saved history of one module in one workspace: a versioned record, its migrations, and
 * the reader that refuses anything it cannot trust rather than guessing.
 */
import { isId } from '../module/moduleModel';
import { betterResult } from '../module/grading';

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

export type ProgressReadResult =
  | { readonly ok: true; readonly record: ProgressRecord; readonly migratedFrom?: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a saved value. Nothing saved gives an empty record; an older version is migrated; a
 * value that is not a record this code understands is refused with the reason, so the caller
 * can keep it aside instead of overwriting it.
 */
export function readProgress(raw: unknown, moduleId: string): ProgressReadResult {
  if (raw === undefined || raw === null) return { ok: true, record: emptyProgress(moduleId) };
  if (!isObject(raw)) return { ok: false, reason: `expected an object, found ${typeName(raw)}` };
  const version = raw['version'];
  if (version === 1) {
    const migrated = migrateV1(raw, moduleId);
    return 'reason' in migrated ? { ok: false, reason: migrated.reason } : { ok: true, record: migrated, migratedFrom: 1 };
  }
  if (version === 2) {
    const problem = checkV2(raw);
    return problem ? { ok: false, reason: problem } : { ok: true, record: migrateV2(raw, moduleId), migratedFrom: 2 };
  }
  if (version === PROGRESS_VERSION) {
    const problem = checkV3(raw);
    return problem ? { ok: false, reason: problem } : { ok: true, record: raw as unknown as ProgressRecord };
  }
  if (typeof version === 'number' && version > PROGRESS_VERSION) {
    return { ok: false, reason: `it was written by a newer version of Quiz Modules (record version ${version})` };
  }
  return { ok: false, reason: `unknown record version ${JSON.stringify(version)}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The reason to refuse a file with an id that breaks the id pattern, naming the id safely: cut
 * short, quoted and escaped, so a control character or a long path shows as text.
 */
export function invalidIdReason(what: string, value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 48 ? `${value.slice(0, 48)}…` : value) : typeName(value);
  return `${what}, ${text}, is not a valid id (1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit)`;
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value;
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Epoch milliseconds that make a real date (8.64e15 is the largest). */
function isEpochMs(value: unknown): value is number {
  return isFiniteNumber(value) && !Number.isNaN(new Date(value).getTime());
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isCount);
}

function isKeyList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((key) => typeof key === 'string' && key.length > 0 && key.length <= 64);
}

function checkResult(result: unknown): boolean {
  return (
    isObject(result) &&
    ['earned', 'possible', 'percent'].every((key) => isFiniteNumber(result[key])) &&
    typeof result['passed'] === 'boolean'
  );
}

/** The checks every version shares: id, dates, question order, result. */
function checkAttemptFrame(attempt: unknown, where: string): string | undefined {
  if (!isObject(attempt)) return `${where} is not an object`;
  if (typeof attempt['id'] !== 'string' || attempt['id'] === '') return `${where} has no id`;
  if (!isId(attempt['id'])) return invalidIdReason(`the id of ${where}`, attempt['id']);
  if (!isIsoDate(attempt['startedAt'])) return `${where} has no valid start date`;
  if (attempt['finishedAt'] !== undefined && !isIsoDate(attempt['finishedAt'])) return `${where} has an invalid end date`;
  const order = attempt['questionOrder'];
  if (!Array.isArray(order) || !order.every((id) => typeof id === 'string')) return `${where} has no question order`;
  if (!isObject(attempt['answers'])) return `${where} has no answers object`;
  if (order.length > MAX_ANSWERS_PER_ATTEMPT || Object.keys(attempt['answers']).length > MAX_ANSWERS_PER_ATTEMPT) {
    return `${where} has more questions or answers than a module can have`;
  }
  const badQuestion = [...order, ...Object.keys(attempt['answers'])].find((id) => !isId(id));
  if (badQuestion !== undefined) return invalidIdReason(`a question id in ${where}`, badQuestion);
  if (attempt['result'] !== undefined && !checkResult(attempt['result'])) return `${where} has an invalid result`;
  return undefined;
}

function checkAnswerFields(value: unknown, picksOk: (picks: unknown) => boolean): string | undefined {
  if (!isObject(value)) return 'an answer is not an object';
  if (!picksOk(value['picks'])) return 'an answer has no valid picks';
  if (typeof value['correct'] !== 'boolean') return 'an answer has no correct flag';
  if (!isFiniteNumber(value['earned']) || !isFiniteNumber(value['points'])) return 'an answer has no valid points';
  if (!isIsoDate(value['answeredAt'])) return 'an answer has no valid date';
  if (value['version'] !== undefined && typeof value['version'] !== 'string') return 'an answer has an invalid version';
  if (value['confidence'] !== undefined && value['confidence'] !== 'sure' && value['confidence'] !== 'unsure') {
    return 'an answer has an invalid confidence';
  }
  if (value['hinted'] !== undefined && value['hinted'] !== true) return 'an answer has an invalid hint mark';
  return undefined;
}

/**
 * The checks of a record that every version shares (module id, a list of attempts, each with its
 * frame), then `checkAttempt` for what a version's attempts hold.
 */
function checkRecord(raw: Record<string, unknown>, checkAttempt: (attempt: Record<string, unknown>, where: string) => string | undefined): string | undefined {
  if (typeof raw['moduleId'] !== 'string') return 'the record has no module id';
  if (!isId(raw['moduleId'])) return invalidIdReason('the module id', raw['moduleId']);
  const attempts = raw['attempts'];
  if (!Array.isArray(attempts)) return 'the record has no list of attempts';
  for (const [index, attempt] of attempts.entries()) {
    const where = `attempt ${index + 1}`;
    const problem = checkAttemptFrame(attempt, where) ?? checkAttempt(attempt as Record<string, unknown>, where);
    if (problem) return problem;
  }
  return undefined;
}

function checkV2(raw: Record<string, unknown>): string | undefined {
  return checkRecord(raw, (a, where) => {
    if (!isObject(a['choiceOrder']) || !Object.values(a['choiceOrder']).every(isIndexList)) return `${where} has no valid choice order`;
    const badQuestion = Object.keys(a['choiceOrder']).find((id) => !isId(id));
    if (badQuestion !== undefined) return invalidIdReason(`a question id in ${where}`, badQuestion);
    for (const answer of Object.values(a['answers'] as object)) {
      const problem = checkAnswerFields(answer, isIndexList);
      if (problem) return `${where}: ${problem}`;
    }
    return undefined;
  });
}

function checkArchived(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || !isCount(value['attempts'])) return 'the totals of archived attempts are invalid';
  if (value['sideAttempts'] !== undefined && !isCount(value['sideAttempts'])) return 'the count of archived practice attempts is invalid';
  if (value['best'] !== undefined && !checkResult(value['best'])) return 'the best archived result is invalid';
  const accuracy = value['accuracy'];
  if (!isObject(accuracy)) return 'the archived accuracy is invalid';
  const badQuestion = Object.keys(accuracy).find((id) => !isId(id));
  if (badQuestion !== undefined) return invalidIdReason('a question id in the archived accuracy', badQuestion);
  for (const pair of Object.values(accuracy)) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isCount(pair[0]) || !isCount(pair[1]) || pair[1] > pair[0]) {
      return 'the archived accuracy is invalid';
    }
  }
  return undefined;
}

function checkV3(raw: Record<string, unknown>): string | undefined {
  const archived = checkArchived(raw['archived']);
  if (archived) return archived;
  return checkRecord(raw, (a, where) => {
    if (a['kind'] !== undefined && a['kind'] !== 'practice' && a['kind'] !== 'review') return `${where} has an unknown kind`;
    const choiceOrder = a['choiceOrder'];
    if (choiceOrder !== undefined && (!isObject(choiceOrder) || !Object.values(choiceOrder).every(isKeyList))) {
      return `${where} has an invalid choice order`;
    }
    const badQuestion = Object.keys(choiceOrder ?? {}).find((id) => !isId(id));
    if (badQuestion !== undefined) return invalidIdReason(`a question id in ${where}`, badQuestion);
    for (const answer of Object.values(a['answers'] as object)) {
      const problem = checkAnswerFields(answer, isKeyList);
      if (problem) return `${where}: ${problem}`;
    }
    const superseded = a['superseded'];
    if (superseded !== undefined) {
      if (!Array.isArray(superseded)) return `${where} has an invalid list of earlier answers`;
      for (const answer of superseded) {
        const problem = checkAnswerFields(answer, isKeyList);
        if (problem) return `${where}: an earlier ${problem.replace(/^an /, '')}`;
        const s = answer as Record<string, unknown>;
        if (typeof s['questionId'] !== 'string' || (s['reason'] !== 'changed' && s['reason'] !== 'removed')) {
          return `${where} has an invalid earlier answer`;
        }
        if (!isId(s['questionId'])) return invalidIdReason(`the question id of an earlier answer in ${where}`, s['questionId']);
      }
    }
    const change = a['change'];
    if (change !== undefined) {
      if (!isObject(change) || !isIsoDate(change['at']) || !['kept', 'reasked', 'removed', 'added'].every((k) => isCount(change[k]))) {
        return `${where} has an invalid change note`;
      }
    }
    return undefined;
  });
}

const legacyPicks = (indexes: readonly number[]) => indexes.map((i) => `#${i}`);

/**
 * Version 2 named picks and choice orders by index in the module's order. Indexes cannot be
 * turned into keys without the module, so they become "#index" keys, which the session resolves
 * against the module when it next reads the attempt.
 */
function migrateV2(raw: Record<string, unknown>, moduleId: string): ProgressRecord {
  const attempts = (raw['attempts'] as Record<string, unknown>[]).map((attempt): AttemptRecord => {
    const answers: Record<string, AnswerRecord> = {};
    for (const [questionId, answer] of Object.entries(attempt['answers'] as Record<string, Record<string, unknown>>)) {
      answers[questionId] = {
        picks: legacyPicks(answer['picks'] as number[]),
        correct: answer['correct'] as boolean,
        earned: answer['earned'] as number,
        points: answer['points'] as number,
        answeredAt: answer['answeredAt'] as string,
      };
    }
    const choiceOrder: Record<string, string[]> = {};
    let shuffled = false;
    for (const [questionId, order] of Object.entries(attempt['choiceOrder'] as Record<string, number[]>)) {
      choiceOrder[questionId] = legacyPicks(order);
      if (order.some((value, i) => value !== i)) shuffled = true;
    }
    return {
      id: attempt['id'] as string,
      startedAt: attempt['startedAt'] as string,
      ...(attempt['finishedAt'] !== undefined ? { finishedAt: attempt['finishedAt'] as string } : {}),
      questionOrder: [...(attempt['questionOrder'] as string[])],
      ...(shuffled ? { choiceOrder } : {}),
      answers,
      ...(attempt['result'] !== undefined ? { result: attempt['result'] as AttemptResult } : {}),
    };
  });
  return pruneAttempts({ version: PROGRESS_VERSION, moduleId, attempts });
}

/**
 * Version 1, the layout of the first development builds: best and last percent stored beside
 * the attempts, epoch-millisecond dates, and answers as a list without points.
 *   { version: 1, best, last, attempts: [{ startedAt, finishedAt?, score?, passed?,
 *     answers: [{ questionId, picks, correct }] }] }
 * Best and last are now derived from the attempts, so they are not carried over.
 */
function migrateV1(raw: Record<string, unknown>, moduleId: string): ProgressRecord | { reason: string } {
  const attempts = raw['attempts'];
  if (!Array.isArray(attempts)) return { reason: 'the version 1 record has no list of attempts' };
  const migrated: AttemptRecord[] = [];
  for (const [index, attempt] of attempts.entries()) {
    const where = `version 1 attempt ${index + 1}`;
    if (!isObject(attempt) || !isEpochMs(attempt['startedAt'])) return { reason: `${where} has no start time` };
    const answerList = attempt['answers'];
    if (!Array.isArray(answerList)) return { reason: `${where} has no answers` };
    if (answerList.length > MAX_ANSWERS_PER_ATTEMPT) return { reason: `${where} has more answers than a module can have` };
    const startedAt = new Date(attempt['startedAt']).toISOString();
    const finished = isEpochMs(attempt['finishedAt']) ? new Date(attempt['finishedAt']).toISOString() : undefined;
    const answers: Record<string, AnswerRecord> = {};
    for (const answer of answerList) {
      if (!isObject(answer) || typeof answer['questionId'] !== 'string' || typeof answer['correct'] !== 'boolean') {
        return { reason: `${where} has an unreadable answer` };
      }
      if (!isId(answer['questionId'])) return { reason: invalidIdReason(`a question id in ${where}`, answer['questionId']) };
      answers[answer['questionId']] = {
        picks: isIndexList(answer['picks']) ? legacyPicks(answer['picks']) : [],
        correct: answer['correct'],
        earned: answer['correct'] ? 1 : 0,
        points: 1,
        answeredAt: finished ?? startedAt,
      };
    }
    const answered = Object.values(answers);
    const earned = answered.filter((a) => a.correct).length;
    const score = attempt['score'];
    const result: AttemptResult | undefined =
      finished !== undefined
        ? {
            earned,
            possible: answered.length,
            percent: isFiniteNumber(score) ? score : answered.length ? Math.round((earned / answered.length) * 100) : 0,
            passed: attempt['passed'] === true,
          }
        : undefined;
    migrated.push({
      // Whole milliseconds, so the id fits the id pattern (version 1 wrote Date.now()).
      id: `v1-${index + 1}-${Math.round(attempt['startedAt'])}`,
      startedAt,
      ...(finished !== undefined ? { finishedAt: finished } : {}),
      questionOrder: Object.keys(answers),
      answers,
      ...(result ? { result } : {}),
    });
  }
  return pruneAttempts({ version: PROGRESS_VERSION, moduleId, attempts: migrated });
}

function isFinished(attempt: AttemptRecord): boolean {
  return attempt.finishedAt !== undefined && attempt.result !== undefined;
}

/** A full attempt of the whole quiz, not a practice or review attempt. */
export function isFullAttempt(attempt: AttemptRecord): boolean {
  return attempt.kind === undefined;
}

/** Finished, and a full attempt: what scores, accuracy and the archived totals count. */
function countsForScore(attempt: AttemptRecord): boolean {
  return isFinished(attempt) && isFullAttempt(attempt);
}

function hasAnswers(attempt: AttemptRecord): boolean {
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

/** What the sidebar, the quick pick and the scores view show of one module's record. */
export interface ProgressSummary {
  readonly finishedAttempts: number;
  readonly best?: AttemptResult;
  readonly last?: AttemptResult & { readonly finishedAt: string };
  /** An open attempt with at least one answer; says nothing about those answers. */
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
  let last: AttemptRecord | undefined;
  let finishedAttempts = 0;
  let attemptsWithAnswers = 0;
  for (const attempt of record.attempts) {
    if (isFinished(attempt) || hasAnswers(attempt)) attemptsWithAnswers++;
    if (!countsForScore(attempt)) continue;
    finishedAttempts++;
    const result = attempt.result!;
    if (!best || betterResult(result, best)) best = result;
    if (!last || attempt.finishedAt! >= last.finishedAt!) last = attempt;
  }
  const archived = record.archived;
  if (archived) {
    finishedAttempts += archived.attempts;
    attemptsWithAnswers += archived.attempts + (archived.sideAttempts ?? 0);
    if (archived.best && (!best || betterResult(archived.best, best))) best = archived.best;
  }
  const current = record.attempts[record.attempts.length - 1];
  return {
    finishedAttempts,
    ...(best ? { best } : {}),
    ...(last ? { last: { ...last.result!, finishedAt: last.finishedAt! } } : {}),
    inProgress: current !== undefined && !isFinished(current) && hasAnswers(current),
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
  if (normal.attempts > 0 && !known.some((a) => countsForScore(a) && !betterResult(best, a.result!))) return normal;
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
