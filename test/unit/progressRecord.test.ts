import * as assert from 'node:assert/strict';
import { emptyProgress, questionAccuracy, readProgress, summarize, type ProgressRecord } from '../../src/core/progressRecord';

const v2: ProgressRecord = {
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

describe('readProgress', () => {
  it('gives an empty record when nothing was saved', () => {
    assert.deepEqual(readProgress(undefined, 'm'), { ok: true, record: emptyProgress('m') });
  });

  it('reads a current record as it is', () => {
    const read = readProgress(JSON.parse(JSON.stringify(v2)), 'm');
    assert.ok(read.ok);
    assert.deepEqual(read.record, v2);
    assert.equal(read.migratedFrom, undefined);
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
    assert.equal(read.record.version, 2);
    assert.equal(first!.startedAt, '2026-10-01T09:00:00.000Z');
    assert.equal(first!.finishedAt, '2026-10-01T09:10:00.000Z');
    assert.deepEqual(first!.result, { earned: 1, possible: 2, percent: 50, passed: false });
    assert.deepEqual(first!.answers['q2'], { picks: [2], correct: false, earned: 0, points: 1, answeredAt: '2026-10-01T09:10:00.000Z' });
    assert.equal(second!.finishedAt, undefined, 'an unfinished attempt stays unfinished');
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
  it('derives attempts, best and last from finished attempts', () => {
    const summary = summarize(v2);
    assert.equal(summary.finishedAttempts, 2);
    assert.equal(summary.best?.percent, 100);
    assert.equal(summary.last?.percent, 100);
    assert.equal(summary.last?.finishedAt, '2026-11-02T10:05:00.000Z');
    assert.equal(summary.inProgress, true);
  });

  it('says nothing of best or last before an attempt is finished', () => {
    const summary = summarize(emptyProgress('m'));
    assert.deepEqual(summary, { finishedAttempts: 0, inProgress: false });
  });

  it('counts per-question accuracy over every attempt', () => {
    const accuracy = questionAccuracy(v2);
    assert.deepEqual(accuracy.get('q1'), { questionId: 'q1', answered: 3, correct: 2 });
    assert.deepEqual(accuracy.get('q2'), { questionId: 'q2', answered: 2, correct: 1 });
  });
});
