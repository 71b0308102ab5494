// Reading a saved record: a value from workspaceState or a file is checked field by field, and an
// older version is migrated, so that nothing the code cannot trust is used (or overwritten).
import { isId } from '../module/moduleModel';
import {
  emptyProgress,
  MAX_ANSWERS_PER_ATTEMPT,
  PROGRESS_VERSION,
  pruneAttempts,
  type AnswerRecord,
  type AttemptRecord,
  type AttemptResult,
  type ProgressRecord,
} from './progressRecord';

type ProgressReadResult =
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
