import * as assert from 'node:assert/strict';
import {
  answerQuestion,
  finishAttempt,
  nextQuestionId,
  openAttempt,
  reconcileAttempt,
  startAttempt,
  withAttempt,
} from '../../src/core/attempt';
import { emptyProgress } from '../../src/core/progressRecord';
import { question, quizModule, seededRandom } from './testModules';

const now = new Date('2026-11-28T10:00:00Z');

describe('attempts', () => {
  it('asks questions in file order unless asked to shuffle', () => {
    const module = quizModule([question('a', [0]), question('b', [1]), question('c', [2])]);
    const attempt = startAttempt(module, 'x', now, seededRandom(3));
    assert.deepEqual(attempt.questionOrder, ['a', 'b', 'c']);
    assert.deepEqual(attempt.choiceOrder['a'], [0, 1, 2, 3]);
    assert.equal(attempt.startedAt, now.toISOString());
  });

  it('shuffles questions and choices per attempt, keeping fixed choices', () => {
    const fixedLast = question('q', [0], 5);
    const withFixed = { ...fixedLast, choices: fixedLast.choices.map((c, i) => (i === 4 ? { ...c, fixed: true } : c)) };
    const module = quizModule([withFixed, ...['b', 'c', 'd', 'e', 'f'].map((id) => question(id, [0]))], {
      shuffleQuestions: true,
      shuffleChoices: true,
    });
    const orders = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const attempt = startAttempt(module, `a${seed}`, now, seededRandom(seed));
      orders.add(attempt.questionOrder.join(','));
      assert.equal(attempt.choiceOrder['q']![4], 4, 'a fixed choice keeps its place');
    }
    assert.ok(orders.size > 1, 'different attempts get different orders');
  });

  it('records answers, finds the next question and finishes with a result', () => {
    const module = quizModule([question('a', [0]), question('b', [1, 2], 4, { points: 2 })], { passingScore: 50, partialCredit: true });
    let attempt = startAttempt(module, 'x', now, seededRandom(1));
    assert.equal(nextQuestionId(attempt), 'a');
    attempt = answerQuestion(attempt, module, module.questions[0]!, [0], now).attempt;
    assert.equal(nextQuestionId(attempt), 'b');
    const second = answerQuestion(attempt, module, module.questions[1]!, [1], now);
    assert.equal(second.grade.earned, 1);
    attempt = second.attempt;
    assert.equal(nextQuestionId(attempt), undefined);
    const finished = finishAttempt(attempt, module, now);
    assert.deepEqual(finished.result, { earned: 2, possible: 3, percent: 67, passed: true });
    assert.equal(finished.finishedAt, now.toISOString());
  });

  it('fails an attempt below the passing score', () => {
    const module = quizModule([question('a', [0]), question('b', [0])], { passingScore: 70 });
    let attempt = startAttempt(module, 'x', now, Math.random);
    attempt = answerQuestion(attempt, module, module.questions[0]!, [0], now).attempt;
    attempt = answerQuestion(attempt, module, module.questions[1]!, [1], now).attempt;
    assert.deepEqual(finishAttempt(attempt, module, now).result, { earned: 1, possible: 2, percent: 50, passed: false });
  });

  it('fits an open attempt to an edited module, keeping its answers', () => {
    const before = quizModule([question('a', [0]), question('b', [0]), question('c', [0])]);
    let attempt = startAttempt(before, 'x', now, seededRandom(2));
    attempt = answerQuestion(attempt, before, before.questions[0]!, [0], now).attempt;
    const after = quizModule([question('a', [0]), question('c', [0], 3), question('d', [1])]);
    const fitted = reconcileAttempt(attempt, after, seededRandom(2));
    assert.deepEqual(fitted.questionOrder, ['a', 'c', 'd']);
    assert.deepEqual(fitted.choiceOrder['c'], [0, 1, 2], 'a question whose choices changed gets a new order');
    assert.deepEqual(fitted.answers, attempt.answers);
    assert.equal(nextQuestionId(fitted), 'c');
  });

  it('tracks the open attempt in a record', () => {
    const module = quizModule([question('a', [0])]);
    let record = emptyProgress(module.id);
    assert.equal(openAttempt(record), undefined);
    const attempt = startAttempt(module, 'x', now, Math.random);
    record = withAttempt(record, attempt);
    assert.equal(openAttempt(record)?.id, 'x');
    const done = finishAttempt(answerQuestion(attempt, module, module.questions[0]!, [0], now).attempt, module, now);
    record = withAttempt(record, done);
    assert.equal(record.attempts.length, 1, 'the same attempt is replaced, not added');
    assert.equal(openAttempt(record), undefined);
  });
});
