/**
 * The saved history of one module in one workspace: a versioned record, its migrations, and
 * the reader that refuses anything it cannot trust rather than guessing.
 */

export const PROGRESS_VERSION = 2;

export interface AnswerRecord {
  /** Choice indexes in the module's own order. */
  readonly picks: readonly number[];
  readonly correct: boolean;
  readonly earned: number;
  readonly points: number;
  /** ISO 8601. */
  readonly answeredAt: string;
}

export interface AttemptResult {
  readonly earned: number;
  readonly possible: number;
  readonly percent: number;
  readonly passed: boolean;
}

export interface AttemptRecord {
  readonly id: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Question ids in the order this attempt asks them. */
  readonly questionOrder: readonly string[];
  /** Question id -> choice indexes in the order this attempt shows them. */
  readonly choiceOrder: Readonly<Record<string, readonly number[]>>;
  /** Question id -> the answer given in this attempt. */
  readonly answers: Readonly<Record<string, AnswerRecord>>;
  /** Set when the attempt is finished. */
  readonly result?: AttemptResult;
}

export interface ProgressRecord {
  readonly version: typeof PROGRESS_VERSION;
  readonly moduleId: string;
  readonly attempts: readonly AttemptRecord[];
}

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
  if (version === PROGRESS_VERSION) {
    const problem = checkV2(raw);
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

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value;
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => Number.isInteger(n) && n >= 0);
}

function checkAnswer(value: unknown): string | undefined {
  if (!isObject(value)) return 'an answer is not an object';
  if (!isIndexList(value['picks'])) return 'an answer has no valid picks';
  if (typeof value['correct'] !== 'boolean') return 'an answer has no correct flag';
  if (!isFiniteNumber(value['earned']) || !isFiniteNumber(value['points'])) return 'an answer has no valid points';
  if (!isIsoDate(value['answeredAt'])) return 'an answer has no valid date';
  return undefined;
}

function checkV2(raw: Record<string, unknown>): string | undefined {
  if (typeof raw['moduleId'] !== 'string') return 'the record has no module id';
  const attempts = raw['attempts'];
  if (!Array.isArray(attempts)) return 'the record has no list of attempts';
  for (const [index, attempt] of attempts.entries()) {
    const where = `attempt ${index + 1}`;
    if (!isObject(attempt)) return `${where} is not an object`;
    if (typeof attempt['id'] !== 'string' || attempt['id'] === '') return `${where} has no id`;
    if (!isIsoDate(attempt['startedAt'])) return `${where} has no valid start date`;
    if (attempt['finishedAt'] !== undefined && !isIsoDate(attempt['finishedAt'])) return `${where} has an invalid end date`;
    const order = attempt['questionOrder'];
    if (!Array.isArray(order) || !order.every((id) => typeof id === 'string')) return `${where} has no question order`;
    const choiceOrder = attempt['choiceOrder'];
    if (!isObject(choiceOrder) || !Object.values(choiceOrder).every(isIndexList)) return `${where} has no valid choice order`;
    const answers = attempt['answers'];
    if (!isObject(answers)) return `${where} has no answers object`;
    for (const answer of Object.values(answers)) {
      const problem = checkAnswer(answer);
      if (problem) return `${where}: ${problem}`;
    }
    const result = attempt['result'];
    if (result !== undefined) {
      if (!isObject(result)) return `${where} has an invalid result`;
      if (!['earned', 'possible', 'percent'].every((key) => isFiniteNumber(result[key])) || typeof result['passed'] !== 'boolean') {
        return `${where} has an invalid result`;
      }
    }
  }
  return undefined;
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
    if (!isObject(attempt) || !isFiniteNumber(attempt['startedAt'])) return { reason: `${where} has no start time` };
    const answerList = attempt['answers'];
    if (!Array.isArray(answerList)) return { reason: `${where} has no answers` };
    const startedAt = new Date(attempt['startedAt']).toISOString();
    const finished = isFiniteNumber(attempt['finishedAt']) ? new Date(attempt['finishedAt']).toISOString() : undefined;
    const answers: Record<string, AnswerRecord> = {};
    for (const answer of answerList) {
      if (!isObject(answer) || typeof answer['questionId'] !== 'string' || typeof answer['correct'] !== 'boolean') {
        return { reason: `${where} has an unreadable answer` };
      }
      answers[answer['questionId']] = {
        picks: isIndexList(answer['picks']) ? answer['picks'] : [],
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
      id: `v1-${index + 1}-${attempt['startedAt']}`,
      startedAt,
      ...(finished !== undefined ? { finishedAt: finished } : {}),
      questionOrder: Object.keys(answers),
      choiceOrder: {},
      answers,
      ...(result ? { result } : {}),
    });
  }
  return { version: PROGRESS_VERSION, moduleId, attempts: migrated };
}

/** What the sidebar, the quick pick and the scores view show of one module's record. */
export interface ProgressSummary {
  readonly finishedAttempts: number;
  readonly best?: AttemptResult;
  readonly last?: AttemptResult & { readonly finishedAt: string };
  readonly inProgress: boolean;
}

export function summarize(record: ProgressRecord): ProgressSummary {
  const finished = record.attempts.filter((a) => a.result !== undefined && a.finishedAt !== undefined);
  let best: AttemptResult | undefined;
  for (const attempt of finished) {
    if (!best || attempt.result!.percent > best.percent) best = attempt.result!;
  }
  const lastAttempt = finished.reduce<AttemptRecord | undefined>(
    (latest, a) => (!latest || a.finishedAt! >= latest.finishedAt! ? a : latest),
    undefined,
  );
  const current = record.attempts[record.attempts.length - 1];
  return {
    finishedAttempts: finished.length,
    ...(best ? { best } : {}),
    ...(lastAttempt ? { last: { ...lastAttempt.result!, finishedAt: lastAttempt.finishedAt! } } : {}),
    inProgress: current !== undefined && current.finishedAt === undefined && Object.keys(current.answers).length > 0,
  };
}

export interface QuestionAccuracy {
  readonly questionId: string;
  readonly answered: number;
  readonly correct: number;
}

/** How often each question was answered right, over every attempt on record. */
export function questionAccuracy(record: ProgressRecord): Map<string, QuestionAccuracy> {
  const totals = new Map<string, { answered: number; correct: number }>();
  for (const attempt of record.attempts) {
    for (const [questionId, answer] of Object.entries(attempt.answers)) {
      const entry = totals.get(questionId) ?? { answered: 0, correct: 0 };
      entry.answered++;
      if (answer.correct) entry.correct++;
      totals.set(questionId, entry);
    }
  }
  return new Map([...totals].map(([questionId, t]) => [questionId, { questionId, ...t }]));
}
