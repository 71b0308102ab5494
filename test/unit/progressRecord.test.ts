import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { questionStats } from '../../src/core/scores/analytics';
import { attemptsArb, recordOf } from './analyticsArbitraries';
import { emptyProgress, MAX_ABANDONED_ATTEMPTS, pruneAttempts, type AttemptRecord, type ProgressRecord } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { readProgress } from '../../src/core/session/recordReader';

/** Per-question accuracy as the dashboard computes it (`questionStats`), keyed by question. */
function questionAccuracy(record: ProgressRecord): Map<string, { questionId: string; answered: number; correct: number }> {
  return new Map(questionStats({ moduleId: record.moduleId, record }).map(({ moduleId: _, ...stat }) => [stat.questionId, stat]));
}

/** A record as version 2 of the extension saved it: picks and choice orders by index. */
const v2 = {
  version: 2,
  moduleId: 'm',
  attempts: [
    {
      id: 'a1',
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: '2026-11-01T10:05:00.000Z',
      questionOrder: ['q1', 'q2'],
      choiceOrder: { q1: [1, 0], q2: [0, 1] },
      answers: {
        q1: { picks: [0], correct: true, earned: 1, points: 1, answeredAt: '2026-11-01T10:01:00.000Z' },
        q2: { picks: [0], correct: false, earned: 0, points: 1, answeredAt: '2026-11-01T10:02:00.000Z' },
      },
      result: { earned: 1, possible: 2, percent: 50, passed: false },
    },
    {
      id: 'a2',
      startedAt: '2026-11-02T10:00:00.000Z',
      finishedAt: '2026-11-02T10:05:00.000Z',
      questionOrder: ['q1', 'q2'],
      choiceOrder: {},
      answers: {
        q1: { picks: [0], correct: true, earned: 1, points: 1, answeredAt: '2026-11-02T10:01:00.000Z' },
        q2: { picks: [1], correct: true, earned: 1, points: 1, answeredAt: '2026-11-02T10:02:00.000Z' },
      },
      result: { earned: 2, possible: 2, percent: 100, passed: true },
    },
    {
      id: 'a3',
      startedAt: '2026-11-03T10:00:00.000Z',
      questionOrder: ['q1', 'q2'],
      choiceOrder: {},
      answers: { q1: { picks: [1], correct: false, earned: 0, points: 1, answeredAt: '2026-11-03T10:01:00.000Z' } },
    },
  ],
};

const v3Answer = { picks: ['k1'], correct: true, earned: 1, points: 1, answeredAt: '2026-11-01T10:01:00.000Z', version: 'v' };
const v3Attempt = { id: 'a', startedAt: '2026-11-01T10:00:00.000Z', questionOrder: ['q1'], answers: { q1: v3Answer } };

describe('readProgress', () => {
  it('gives an empty record when nothing was saved', () => {
    assert.deepEqual(readProgress(undefined, 'm'), { ok: true, record: emptyProgress('m') });
  });

  it('migrates a version 2 record: index picks become "#index" keys, unshuffled orders are dropped', () => {
    const read = readProgress(JSON.parse(JSON.stringify(v2)), 'm');
    assert.ok(read.ok, 'reason' in read ? read.reason : '');
    assert.equal(read.migratedFrom, 2);
    assert.equal(read.record.version, 3);
    assert.equal(read.record.attempts.length, 3);
    const [first, second, third] = read.record.attempts;
    assert.deepEqual(first!.choiceOrder, { q1: ['#1', '#0'], q2: ['#0', '#1'] }, 'a shuffled order is kept');
    assert.equal(second!.choiceOrder, undefined, 'an order that shuffled nothing is not stored');
    assert.deepEqual(first!.answers['q1'], { picks: ['#0'], correct: true, earned: 1, points: 1, answeredAt: '2026-11-01T10:01:00.000Z' });
    assert.deepEqual(first!.result, v2.attempts[0]!.result);
    assert.equal(third!.finishedAt, undefined);
    assert.equal(Object.keys(third!.answers).length, 1);
  });

  it('reads a current record as it is, and what it migrated reads back unchanged', () => {
    const migrated = readProgress(JSON.parse(JSON.stringify(v2)), 'm');
    assert.ok(migrated.ok);
    const again = readProgress(JSON.parse(JSON.stringify(migrated.record)), 'm');
    assert.ok(again.ok);
    assert.deepEqual(again.record, migrated.record);
    assert.equal(again.migratedFrom, undefined);
  });

  it('migrates a version 1 record, keeping every attempt and answer', () => {
    const v1 = {
      version: 1,
      best: 100,
      last: 50,
      attempts: [
        {
          startedAt: Date.parse('2026-10-01T09:00:00Z'),
          finishedAt: Date.parse('2026-10-01T09:10:00Z'),
          score: 50,
          passed: false,
          answers: [
            { questionId: 'q1', picks: [0], correct: true },
            { questionId: 'q2', picks: [2], correct: false },
          ],
        },
        { startedAt: Date.parse('2026-10-02T09:00:00Z'), answers: [{ questionId: 'q1', picks: [1], correct: false }] },
      ],
    };
    const read = readProgress(v1, 'm');
    assert.ok(read.ok, 'reason' in read ? read.reason : '');
    assert.equal(read.migratedFrom, 1);
    const [first, second] = read.record.attempts;
    assert.equal(read.record.version, 3);
    assert.equal(first!.startedAt, '2026-10-01T09:00:00.000Z');
    assert.equal(first!.finishedAt, '2026-10-01T09:10:00.000Z');
    assert.deepEqual(first!.result, { earned: 1, possible: 2, percent: 50, passed: false });
    assert.deepEqual(first!.answers['q2'], { picks: ['#2'], correct: false, earned: 0, points: 1, answeredAt: '2026-10-01T09:10:00.000Z' });
    assert.equal(second!.finishedAt, undefined, 'an unfinished attempt stays unfinished');
    assert.equal(second!.answers['q1']?.correct, false);
    // What was migrated reads back as a valid current record.
    assert.ok(readProgress(JSON.parse(JSON.stringify(read.record)), 'm').ok);
  });

  const corrupt: [string, unknown][] = [
    ['a string', 'garbage'],
    ['an array', [1, 2]],
    ['no version', { attempts: [] }],
    ['an unknown version', { version: 'two', attempts: [] }],
    ['attempts not a list', { version: 2, moduleId: 'm', attempts: {} }],
    ['an attempt without id', { version: 2, moduleId: 'm', attempts: [{ ...v2.attempts[0], id: '' }] }],
    ['a bad date', { version: 2, moduleId: 'm', attempts: [{ ...v2.attempts[0], startedAt: 'yesterday' }] }],
    ['bad picks', { version: 2, moduleId: 'm', attempts: [{ ...v2.attempts[0], answers: { q1: { ...v2.attempts[0]!.answers['q1'], picks: [-1] } } }] }],
    ['a bad result', { version: 2, moduleId: 'm', attempts: [{ ...v2.attempts[0], result: { percent: 'high' } }] }],
    ['a broken version 1 record', { version: 1, attempts: [{ answers: [] }] }],
    ['version 3 with index picks', { version: 3, moduleId: 'm', attempts: [{ ...v3Attempt, answers: { q1: { ...v3Answer, picks: [0] } } }] }],
    ['version 3 with a bad choice order', { version: 3, moduleId: 'm', attempts: [{ ...v3Attempt, choiceOrder: { q1: [1, 0] } }] }],
    ['version 3 with a bad earlier answer', { version: 3, moduleId: 'm', attempts: [{ ...v3Attempt, superseded: [{ ...v3Answer, reason: 'lost' }] }] }],
    ['version 3 with a bad change note', { version: 3, moduleId: 'm', attempts: [{ ...v3Attempt, change: { at: 'now', kept: 1 } }] }],
    ['version 3 with archived totals that do not add up', { version: 3, moduleId: 'm', attempts: [], archived: { attempts: 2, accuracy: { q1: [1, 3] } } }],
    ['version 3 with a bad archived count', { version: 3, moduleId: 'm', attempts: [], archived: { attempts: -1, accuracy: {} } }],
    ['version 3 with a non-string version', { version: 3, moduleId: 'm', attempts: [{ ...v3Attempt, answers: { q1: { ...v3Answer, version: 7 } } }] }],
  ];
  for (const [name, value] of corrupt) {
    it(`refuses ${name} with a reason`, () => {
      const read = readProgress(value, 'm');
      assert.equal(read.ok, false);
      assert.ok(!read.ok && read.reason.length > 0);
    });
  }

  it('refuses a record from a newer version instead of overwriting it', () => {
    const read = readProgress({ version: 9, moduleId: 'm', attempts: [] }, 'm');
    assert.ok(!read.ok);
    assert.match(read.reason, /newer version/);
  });
});

describe('summaries', () => {
  const record = (readProgress(JSON.parse(JSON.stringify(v2)), 'm') as { record: ProgressRecord }).record;

  it('derives attempts, best and last from finished attempts', () => {
    const summary = summarize(record);
    assert.equal(summary.finishedAttempts, 2);
    assert.equal(summary.best?.percent, 100);
    assert.equal(summary.last?.percent, 100);
    assert.equal(summary.last?.finishedAt, '2026-11-02T10:05:00.000Z');
    assert.equal(summary.inProgress, true);
    assert.equal(summary.attemptsWithAnswers, 3);
  });

  it('ranks attempts by the exact fraction, not the rounded percent', () => {
    const finished = (id: string, earned: number, possible: number, percent: number): AttemptRecord => ({
      id,
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: `2026-11-0${id.length}T10:00:00.000Z`,
      questionOrder: [],
      answers: {},
      result: { earned, possible, percent, passed: false },
    });
    // 200/301 and 2/3 both show as 66%/67%; 2/3 is the better one.
    const summary = summarize({ version: 3, moduleId: 'm', attempts: [finished('a', 2, 3, 67), finished('bb', 200.4, 301, 67)] });
    assert.equal(summary.best?.possible, 3);
  });

  it('says a quiz is in progress while any full attempt is open with answers, also behind a newer review or practice attempt', () => {
    const open = record.attempts[2]!;
    const review: AttemptRecord = { id: 'r1', kind: 'review', startedAt: '2026-11-04T10:00:00.000Z', finishedAt: '2026-11-04T10:01:00.000Z', questionOrder: ['q1'], answers: { q1: open.answers['q1']! }, result: { earned: 0, possible: 1, percent: 0, passed: false } };
    const practice: AttemptRecord = { id: 'p1', kind: 'practice', startedAt: '2026-11-05T10:00:00.000Z', questionOrder: ['q1'], answers: { q1: open.answers['q1']! } };
    assert.equal(summarize({ ...record, attempts: [...record.attempts, review] }).inProgress, true, 'a finished review after it');
    assert.equal(summarize({ ...record, attempts: [...record.attempts, practice] }).inProgress, true, 'an open practice attempt after it');
    const withoutFull = { ...record, attempts: [...record.attempts.slice(0, 2), practice] };
    assert.equal(summarize(withoutFull).inProgress, false, 'an open practice attempt alone is not the quiz in progress');
  });

  it('in progress is exactly "some open full attempt has answers", whatever comes after it (fast-check)', () => {
    fc.assert(
      fc.property(attemptsArb, (attempts) => {
        const expected = attempts.some((a) => a.kind === undefined && a.finishedAt === undefined && Object.keys(a.answers).length > 0);
        assert.equal(summarize(recordOf('m', attempts)).inProgress, expected);
      }),
      { numRuns: 300 },
    );
  });

  it('says nothing of best or last before an attempt is finished', () => {
    const summary = summarize(emptyProgress('m'));
    assert.deepEqual(summary, { finishedAttempts: 0, inProgress: false, attemptsWithAnswers: 0 });
  });

  it('counts per-question accuracy over finished attempts only, so an open exam reveals nothing', () => {
    const accuracy = questionAccuracy(record);
    assert.deepEqual(accuracy.get('q1'), { questionId: 'q1', answered: 2, correct: 2 });
    assert.deepEqual(accuracy.get('q2'), { questionId: 'q2', answered: 2, correct: 1 });
  });
});

describe('pruneAttempts', () => {
  const attempt = (id: string, answered: boolean, finished: boolean): AttemptRecord => ({
    id,
    startedAt: '2026-11-01T10:00:00.000Z',
    questionOrder: ['q'],
    answers: answered ? { q: v3Answer } : {},
    ...(finished ? { finishedAt: '2026-11-01T10:05:00.000Z', result: { earned: 1, possible: 1, percent: 100, passed: true } } : {}),
  });

  it('drops abandoned attempts without answers and keeps the open one', () => {
    const record: ProgressRecord = { version: 3, moduleId: 'm', attempts: [attempt('a', false, false), attempt('b', true, true), attempt('c', false, false)] };
    assert.deepEqual(pruneAttempts(record).attempts.map((a) => a.id), ['b', 'c']);
  });

  it(`keeps the newest ${MAX_ABANDONED_ATTEMPTS} abandoned attempts with answers and every finished one`, () => {
    const attempts = Array.from({ length: 30 }, (_, i) => attempt(`x${i}`, true, i % 2 === 0));
    const pruned = pruneAttempts({ version: 3, moduleId: 'm', attempts });
    const abandoned = pruned.attempts.filter((a) => !a.finishedAt);
    assert.equal(pruned.attempts.filter((a) => a.finishedAt).length, 15);
    assert.equal(abandoned.length, MAX_ABANDONED_ATTEMPTS + 1, 'ten abandoned plus the open one');
    assert.equal(pruned.attempts.at(-1)!.id, 'x29');
  });

  it('returns the same record when nothing is dropped', () => {
    const record: ProgressRecord = { version: 3, moduleId: 'm', attempts: [attempt('b', true, true)] };
    assert.equal(pruneAttempts(record), record);
  });
});
