import type { AttemptRecord } from '../../src/core/session/progressRecord';

/**
 * A finished attempt of the export tests' two-question module, on a day of November 2026: q1
 * (2 points) right or half right as `correct` says, q2 (1 point) wrong, its pick a spreadsheet
 * formula, answered at a time with milliseconds.
 */
export function sampleAttempt(id: string, day: number, correct: boolean, extra: Partial<AttemptRecord> = {}, passed = correct): AttemptRecord {
  return {
    id,
    startedAt: new Date(Date.UTC(2026, 10, day, 10)).toISOString(),
    finishedAt: new Date(Date.UTC(2026, 10, day, 10, 2)).toISOString(),
    questionOrder: ['q1', 'q2'],
    answers: {
      q1: { picks: ['k2', 'k1'], correct, earned: correct ? 2 : 1, points: 2, answeredAt: new Date(Date.UTC(2026, 10, day, 10, 0, 30)).toISOString() },
      q2: { picks: ['=HYPERLINK("x")'], correct: false, earned: 0, points: 1, answeredAt: new Date(Date.UTC(2026, 10, day, 10, 1, 45, 500)).toISOString() },
    },
    result: { earned: correct ? 2 : 1, possible: 3, percent: correct ? 67 : 33, passed },
    ...extra,
  };
}
