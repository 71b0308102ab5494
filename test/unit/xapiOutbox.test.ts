import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { QuestionInfo } from '../../src/core/scores/analytics';
import { classReport } from '../../src/core/scores/classReport';
import { EXPORT_FORMAT, type ScoresExport } from '../../src/core/scores/scoresExport';
import { attemptStatements } from '../../src/core/xapi/xapi';
import { backoffMs, BACKOFF_CAP_MS, basicAuth, lrsUrls, outcomeOf, refusalMessage, room } from '../../src/core/xapi/xapiOutbox';
import { exportsFromStatements } from '../../src/core/xapi/xapiReport';
import { attemptsArb } from './analyticsArbitraries';

const questions: QuestionInfo[] = ['q1', 'q2', 'q3', 'q4'].map((id, n) => ({
  id,
  prompt: `Question ${n + 1}`,
  choices: ['a', 'b', 'c', 'd'].map((key, i) => ({ key, text: `Choice ${key}`, correct: i === n % 4 })),
}));

describe('xAPI outbox policy', () => {
  it('reads an LRS answer: stored, try later, find the bad one, keep it aside, or stop for the key', () => {
    assert.equal(outcomeOf(200, 100), 'sent');
    assert.equal(outcomeOf(204, 1), 'sent');
    assert.equal(outcomeOf(0, 100), 'retry', 'no answer at all');
    assert.equal(outcomeOf(503, 100), 'retry');
    assert.equal(outcomeOf(429, 100), 'retry');
    assert.equal(outcomeOf(401, 100), 'auth');
    assert.equal(outcomeOf(403, 1), 'auth');
    assert.equal(outcomeOf(400, 100), 'split');
    assert.equal(outcomeOf(409, 2), 'split');
    assert.equal(outcomeOf(400, 1), 'reject');
    assert.equal(outcomeOf(409, 1), 'reject');
  });

  it('waits exponentially longer with jitter, between half and all of the step, never past the cap (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
        const wait = backoffMs(failures, () => r);
        const step = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** Math.min(failures, 30));
        assert.ok(wait >= Math.floor(step / 2) && wait <= step, `${failures}: ${wait}`);
      }),
    );
    assert.equal(backoffMs(0, () => 0), 500);
    assert.equal(backoffMs(3, () => 1), 8000);
  });

  it('bounds the outbox', () => {
    assert.equal(room(0, 10, 100), 10);
    assert.equal(room(95, 10, 100), 5);
    assert.equal(room(100, 10, 100), 0);
  });

  it('builds the LRS URLs and the Basic header, and refuses endpoints it cannot use', () => {
    assert.deepEqual(lrsUrls('http://127.0.0.1:18084/xAPI'), { statements: 'http://127.0.0.1:18084/xAPI/statements', about: 'http://127.0.0.1:18084/xAPI/about' });
    assert.deepEqual(lrsUrls('https://lrs.example/data/xAPI/'), { statements: 'https://lrs.example/data/xAPI/statements', about: 'https://lrs.example/data/xAPI/about' });
    assert.equal(lrsUrls('ftp://lrs.example/'), undefined);
    assert.equal(lrsUrls('not a url'), undefined);
    assert.equal(lrsUrls('https://user:pw@lrs.example/'), undefined, 'credentials belong in the secret storage, not in the URL');
    assert.equal(basicAuth('key', 'sécret'), `Basic ${Buffer.from('key:sécret', 'utf8').toString('base64')}`);
    assert.equal(refusalMessage(400, '{"message":"Bad","warnings":[{"path":"id"}]}'), '400: Bad [{"path":"id"}]');
    assert.equal(refusalMessage(409, 'conflict'), '409: conflict');
  });
});

describe('the class report read back from statements', () => {
  it('equals the report built from the same learners\' exports (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(attemptsArb, { minLength: 1, maxLength: 4 }), (classAttempts) => {
        const exports: ScoresExport[] = classAttempts.map((attempts) => ({
          format: EXPORT_FORMAT,
          version: 1,
          exportedAt: '',
          modules: [{ moduleId: 'm', title: 'Module', questions, attempts }],
        }));
        const statements = exports.flatMap((data, learner) =>
          data.modules.flatMap((m) => m.attempts.flatMap((a) => attemptStatements(m, a, { homePage: 'https://example.org', name: `learner-${learner}` }))),
        );
        // The LRS gives them back newest first, and a resent statement twice.
        const back = [...statements].reverse();
        if (back.length > 0) back.push(back[0]!);
        assert.deepEqual(classReport(exportsFromStatements(back)), classReport(exports));
      }),
      { numRuns: 100 },
    );
  });

  it('skips statements that are not ours', () => {
    assert.deepEqual(exportsFromStatements([{ id: 'x', verb: { id: 'http://adlnet.gov/expapi/verbs/answered' } }, 3, null]), []);
  });
});
