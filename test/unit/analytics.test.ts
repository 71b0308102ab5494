import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  activeMs,
  answerDurations,
  dashboard,
  dueCounts,
  IDLE_CAP_MS,
  itemAnalysis,
  moduleStats,
  previousDay,
  streak,
  studyDays,
  weakestQuestions,
  questionStats,
} from '../../src/core/scores/analytics';
import { exactPercent as exactOf } from '../../src/core/module/grading';
import { readSchedule } from '../../src/core/schedule/schedule';
import { type AttemptRecord } from '../../src/core/session/progressRecord';
import { archiveOldAttempts } from '../../src/core/session/progressSummary';
import type { DayOf } from '../../src/core/schedule/calendar';
import { attemptArb, attemptsArb, recordOf } from './analyticsArbitraries';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** The day of a moment in UTC, for streaks that need no time zone. */
const utcDay: DayOf = (d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function attempt(id: string, startedAt: string, finishedAt: string | undefined, answers: Record<string, [boolean, string, string[]?]>, kind?: string): AttemptRecord {
  const entries = Object.entries(answers).map(([q, [correct, at, picks]]) => [q, { picks: picks ?? ['a'], correct, earned: correct ? 1 : 0, points: 1, answeredAt: at }] as const);
  const earned = entries.filter(([, a]) => a.correct).length;
  return {
    id,
    startedAt,
    questionOrder: entries.map(([q]) => q),
    answers: Object.fromEntries(entries),
    ...(kind ? { kind } : {}),
    ...(finishedAt
      ? { finishedAt, result: { earned, possible: entries.length, percent: Math.round((earned / entries.length) * 100), passed: earned === entries.length } }
      : {}),
  } as AttemptRecord;
}

const card = (due: string, lastReview?: string) => ({
  questionVersion: 'v',
  due,
  stability: 1,
  difficulty: 5,
  elapsedDays: 0,
  scheduledDays: 1,
  reps: 1,
  lapses: 0,
  state: 2,
  ...(lastReview ? { lastReview } : {}),
});

describe('analytics: what the scores dashboard shows', () => {
  it('gives best, last and average of full attempts; practice is shown apart and changes neither', () => {
    const record = recordOf('m', [
      attempt('a1', '2026-11-01T10:00:00Z', '2026-11-01T10:04:00Z', { q1: [true, '2026-11-01T10:01:00Z'], q2: [false, '2026-11-01T10:02:00Z'] }),
      attempt('a2', '2026-11-02T10:00:00Z', '2026-11-02T10:03:00Z', { q1: [true, '2026-11-02T10:01:00Z'], q2: [true, '2026-11-02T10:02:00Z'] }),
      attempt('p1', '2026-11-03T10:00:00Z', '2026-11-03T10:01:00Z', { q2: [false, '2026-11-03T10:00:30Z'] }, 'practice'),
    ]);
    const stats = moduleStats({ moduleId: 'm', record });
    assert.equal(stats.finished, 2);
    assert.equal(stats.best?.percent, 100);
    assert.equal(stats.last?.id, 'a2');
    assert.equal(stats.average, 75);
    assert.deepEqual(stats.practice.map((p) => p.id), ['p1']);
    // Time spent: 1 min + 1 min + 2 min to the finish for a1, 1 + 1 + 1 for a2.
    assert.equal(stats.averageActiveMs, 3.5 * 60 * 1000);
  });

  it('caps idle gaps in the time spent, and never counts more than start to finish', () => {
    const long = attempt('a', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z', { q1: [true, '2026-11-01T11:00:00Z'] });
    assert.equal(activeMs(long), 2 * IDLE_CAP_MS);
    const quick = attempt('b', '2026-11-01T10:00:00Z', '2026-11-01T10:00:30Z', { q1: [true, '2026-11-01T10:00:20Z'] });
    assert.equal(activeMs(quick), 30_000);
  });

  it('counts archived attempts without their bodies through the totals, and with them once', () => {
    const attempts = Array.from({ length: 60 }, (_, i) =>
      attempt(`a${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), new Date(Date.UTC(2026, 0, 1 + i, 0, 5)).toISOString(), { q1: [i % 2 === 0, new Date(Date.UTC(2026, 0, 1 + i, 0, 1)).toISOString()] }, i === 3 ? 'practice' : undefined),
    );
    const whole = moduleStats({ moduleId: 'm', record: recordOf('m', attempts) });
    const { record, moved } = archiveOldAttempts(recordOf('m', attempts));
    assert.ok(moved.length > 0);
    const unread = moduleStats({ moduleId: 'm', record });
    const read = moduleStats({ moduleId: 'm', record, history: moved });
    assert.equal(whole.finished, 59, 'the practice attempt is not a full one');
    assert.equal(read.finished, 59, 'a practice attempt in the history files is not counted as a full one');
    assert.equal(read.practice.length, 1);
    // Without the files, the archived totals still count full attempts only.
    assert.equal(unread.finished, 59);
    assert.equal(read.average, whole.average);
    assert.deepEqual(read.best, whole.best);
    assert.deepEqual(questionStats({ moduleId: 'm', record, history: moved }), questionStats({ moduleId: 'm', record: recordOf('m', attempts) }));
    assert.deepEqual(questionStats({ moduleId: 'm', record }), questionStats({ moduleId: 'm', record: recordOf('m', attempts) }));
  });

  it('counts days studied in a row in the given time zone, ending today or yesterday', () => {
    const days = new Set(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-20']);
    assert.equal(streak(days, new Date('2026-11-29T12:00:00Z'), utcDay), 3);
    assert.equal(streak(days, new Date('2026-11-30T12:00:00Z'), utcDay), 3, 'yesterday still counts');
    assert.equal(streak(days, new Date('2026-12-01T12:00:00Z'), utcDay), 0);
    assert.equal(previousDay('2026-03-01'), '2026-02-28');
    assert.equal(previousDay('2024-03-01'), '2024-02-29');
    assert.equal(previousDay('2027-01-01'), '2026-12-31');
    // 23:30 UTC is the next day in UTC+2: the learner's day decides.
    const plus2 = (d: Date) => utcDay(new Date(d.getTime() + 2 * 3600_000));
    const late = [attempt('x', '2026-11-28T23:00:00Z', undefined, { q1: [true, '2026-11-28T23:30:00Z'] })];
    assert.deepEqual([...studyDays(late, utcDay)], ['2026-11-28']);
    assert.deepEqual([...studyDays(late, plus2)], ['2026-11-29']);
  });

  it('counts due now and this week per module, from a book the schedule reader accepts', () => {
    const read = readSchedule({
      version: 1,
      cards: {
        'm\u0000q1': card('2026-11-28T00:00:00Z'),
        'm\u0000q2': card('2026-12-03T00:00:00Z'),
        'n\u0000q1': card('2026-12-30T00:00:00Z'),
      },
    });
    assert.ok(read.ok, read.ok ? '' : read.reason);
    const book = read.book;
    const due = dueCounts(book, new Date('2026-11-29T00:00:00Z'));
    assert.equal(due.now, 1);
    assert.equal(due.week, 2);
    assert.deepEqual(due.byModule.get('m'), { now: 1, week: 2 });
    assert.equal(due.byModule.get('n'), undefined);
    assert.equal(dueCounts(undefined, new Date()).week, 0);
  });

  it('puts the weakest questions first and finds misleading wrong choices', () => {
    const record = recordOf('m', [
      attempt('a1', '2026-11-01T10:00:00Z', '2026-11-01T10:04:00Z', { q1: [false, '2026-11-01T10:01:00Z', ['b']], q2: [false, '2026-11-01T10:02:00Z', ['c']], q3: [true, '2026-11-01T10:03:00Z'] }),
      attempt('a2', '2026-11-02T10:00:00Z', '2026-11-02T10:04:00Z', { q1: [false, '2026-11-02T10:01:00Z', ['b']], q2: [true, '2026-11-02T10:02:00Z', ['a']], q3: [true, '2026-11-02T10:03:00Z'] }),
      attempt('p', '2026-11-03T10:00:00Z', '2026-11-03T10:04:00Z', { q1: [true, '2026-11-03T10:01:00Z', ['a']] }, 'practice'),
    ]);
    const weakest = weakestQuestions(questionStats({ moduleId: 'm', record }));
    // Full attempts only: the practice answer to q1 does not lift it.
    assert.deepEqual(weakest.map((w) => [w.questionId, w.correct, w.answered]), [['q1', 0, 2], ['q2', 1, 2]]);
    const items = itemAnalysis(record.attempts);
    assert.deepEqual(items.get('q1'), { questionId: 'q1', answered: 2, rightFirstTry: 0, wrongPicks: [{ key: 'b', count: 2 }] });
    assert.deepEqual(items.get('q2')?.wrongPicks, [{ key: 'c', count: 1 }]);
    // With the module's questions, a partly right answer's wrong pick is found too.
    const withInfo = itemAnalysis(record.attempts, [{ id: 'q1', prompt: 'P', choices: [{ key: 'a', text: 'A', correct: true }, { key: 'b', text: 'B', correct: false }] }]);
    assert.equal(withInfo.get('q1')?.wrongPicks[0]?.key, 'b');
  });

  describe('properties (fast-check)', () => {
    it('the average lies between the lowest and the highest full score; best is at least every score', () => {
      fc.assert(
        fc.property(attemptsArb, (attempts) => {
          const stats = moduleStats({ moduleId: 'm', record: recordOf('m', attempts) });
          if (stats.series.length === 0) return assert.equal(stats.average, undefined);
          const scores = stats.series.map((p) => exactOf(p.result.earned, p.result.possible));
          assert.ok(stats.average! >= Math.min(...scores) - 1e-9 && stats.average! <= Math.max(...scores) + 1e-9);
          for (const score of scores) assert.ok(exactOf(stats.best!.earned, stats.best!.possible) >= score - 1e-9);
        }),
      );
    });

    it('practice and review attempts never change best, last or the count of full attempts', () => {
      fc.assert(
        fc.property(attemptsArb, fc.array(attemptArb, { maxLength: 6 }), (attempts, extra) => {
          const practice = extra.map((a) => ({ ...a, kind: 'practice' }) as AttemptRecord);
          const without = moduleStats({ moduleId: 'm', record: recordOf('m', attempts) });
          const withPractice = moduleStats({ moduleId: 'm', record: recordOf('m', [...attempts, ...practice]) });
          assert.deepEqual(withPractice.best, without.best);
          assert.deepEqual(withPractice.last, without.last);
          assert.equal(withPractice.finished, without.finished);
          assert.equal(withPractice.average, without.average);
        }),
      );
    });

    it('the streak is never more than the days with answers; totals are the sums over modules', () => {
      fc.assert(
        fc.property(attemptsArb, attemptsArb, fc.integer({ min: 0, max: 320 }), (a, b, dayOffset) => {
          const now = new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000);
          const modules = [
            { moduleId: 'a', record: recordOf('a', a) },
            { moduleId: 'b', record: recordOf('b', b) },
          ];
          const board = dashboard(modules, undefined, now, { timeZone: 'UTC' });
          assert.ok(board.streak <= board.daysStudied);
          assert.equal(board.totals.finished, board.modules.reduce((n, m) => n + m.finished, 0));
          assert.equal(board.totals.practice, board.modules.reduce((n, m) => n + m.practice.length, 0));
          const one = dashboard([modules[0]!], undefined, now, { timeZone: 'UTC' });
          const two = dashboard([modules[1]!], undefined, now, { timeZone: 'UTC' });
          assert.equal(board.totals.answers, one.totals.answers + two.totals.answers);
          assert.equal(board.totals.finished, one.totals.finished + two.totals.finished);
          assert.ok(board.daysStudied <= one.daysStudied + two.daysStudied);
          const c = board.calibration;
          assert.equal(c.sureWrong, c.sureButWrong.length);
        }),
      );
    });

    it('time spent is never negative and never more than start to finish', () => {
      fc.assert(
        fc.property(attemptArb, (a) => {
          const ms = activeMs(a);
          assert.ok(ms >= 0);
          if (a.finishedAt) assert.ok(ms <= Date.parse(a.finishedAt) - Date.parse(a.startedAt));
        }),
      );
    });

    it('time spent is the answers\' durations, as the export gives them, plus the capped gap to the finish (fast-check)', () => {
      fc.assert(
        fc.property(attemptArb, (a) => {
          let expected = [...answerDurations(a).values()].reduce((sum, ms) => sum + ms, 0);
          if (a.finishedAt) {
            const start = Date.parse(a.startedAt);
            const last = Object.values(a.answers)
              .map((answer) => Date.parse(answer.answeredAt))
              .filter(Number.isFinite)
              .reduce((latest, time) => Math.max(latest, time), start);
            expected = Math.min(expected + Math.min(Math.max(0, Date.parse(a.finishedAt) - last), IDLE_CAP_MS), Math.max(0, Date.parse(a.finishedAt) - start));
          }
          assert.equal(activeMs(a), expected);
        }),
      );
    });

    it('item analysis: right at first try never exceeds answered; wrong picks never exceed wrong answers', () => {
      fc.assert(
        fc.property(attemptsArb, (attempts) => {
          for (const item of itemAnalysis(attempts).values()) {
            assert.ok(item.rightFirstTry <= item.answered);
            for (const pick of item.wrongPicks) assert.ok(pick.count <= item.answered - item.rightFirstTry);
          }
        }),
      );
    });
  });
});
