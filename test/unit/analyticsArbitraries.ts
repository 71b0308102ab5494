import fc from 'fast-check';
import type { AnswerRecord, AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';

/** Random but valid records: dates in 2026, a few questions, full, practice and review attempts. */
const base = Date.UTC(2026, 0, 1);
const day = 24 * 60 * 60 * 1000;

export const isoArb = fc.integer({ min: 0, max: 300 * day }).map((ms) => new Date(base + ms).toISOString());

const questionIds = ['q1', 'q2', 'q3', 'q4'];
const keys = ['a', 'b', 'c', 'd'];

export const answerArb: fc.Arbitrary<AnswerRecord> = fc
  .record({
    picks: fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: 2 }),
    correct: fc.boolean(),
    points: fc.integer({ min: 1, max: 3 }),
    offset: fc.integer({ min: 0, max: 20 * 60 * 1000 }),
    confidence: fc.option(fc.constantFrom('sure', 'unsure'), { nil: undefined }),
    hinted: fc.option(fc.constant(true as const), { nil: undefined }),
  })
  .map(({ picks, correct, points, offset, confidence, hinted }) => ({
    picks,
    correct,
    earned: correct ? points : 0,
    points,
    answeredAt: new Date(offset).toISOString(),
    ...(confidence ? { confidence } : {}),
    ...(hinted ? { hinted } : {}),
  }));

let counter = 0;

export const attemptArb: fc.Arbitrary<AttemptRecord> = fc
  .record({
    start: fc.integer({ min: 0, max: 300 * day }),
    answers: fc.dictionary(fc.constantFrom(...questionIds), answerArb, { maxKeys: 4 }),
    finished: fc.boolean(),
    kind: fc.constantFrom(undefined, undefined, 'practice', 'review'),
    id: fc.uuid(),
    length: fc.integer({ min: 1000, max: 60 * 60 * 1000 }),
  })
  .map(({ start, answers, finished, kind, id, length }) => {
    const startedAt = new Date(base + start).toISOString();
    const shifted: Record<string, AnswerRecord> = {};
    for (const [q, a] of Object.entries(answers)) shifted[q] = { ...a, answeredAt: new Date(base + start + Date.parse(a.answeredAt)).toISOString() };
    const list = Object.values(shifted);
    const earned = list.reduce((n, a) => n + a.earned, 0);
    const possible = list.reduce((n, a) => n + a.points, 0);
    const percent = possible ? Math.round((earned / possible) * 100) : 0;
    return {
      id: `${id}-${counter++}`,
      startedAt,
      questionOrder: Object.keys(shifted),
      answers: shifted,
      ...(kind ? { kind } : {}),
      ...(finished
        ? { finishedAt: new Date(base + start + Math.max(length, 20 * 60 * 1000 + 1)).toISOString(), result: { earned, possible, percent, passed: percent >= 70 } }
        : {}),
    } as AttemptRecord;
  });

/** Attempts oldest first, every id once. */
export const attemptsArb = fc.array(attemptArb, { maxLength: 25 }).map((list) => [...list].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0)));

export function recordOf(moduleId: string, attempts: readonly AttemptRecord[]): ProgressRecord {
  return { version: 3, moduleId, attempts };
}
