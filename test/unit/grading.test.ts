import * as assert from 'node:assert/strict';
import { checkPicks, gradeAnswer, percentOf } from '../../src/core/module/grading';
import { shuffledOrder, shuffledOrderKeeping } from '../../src/core/session/shuffle';
import { question, seededRandom } from './testModules';

describe('gradeAnswer', () => {
  const single = question('single', [2]);
  const multi = question('multi', [0, 1, 3], 5, { points: 3 });

  it('grades a single-answer question right or wrong', () => {
    assert.deepEqual(gradeAnswer(single, [2], false), { correct: true, earned: 1, points: 1, picks: [2], correctChoices: [2] });
    const wrong = gradeAnswer(single, [1], true);
    assert.equal(wrong.correct, false);
    assert.equal(wrong.earned, 0, 'partial credit never applies to one-pick questions');
    assert.deepEqual(wrong.correctChoices, [2]);
  });

  it('grades a multiple-answer question all or nothing without partial credit', () => {
    assert.equal(gradeAnswer(multi, [3, 0, 1], false).earned, 3);
    assert.equal(gradeAnswer(multi, [0, 1], false).earned, 0);
    assert.equal(gradeAnswer(multi, [0, 1, 3, 4], false).correct, false);
  });

  it('gives partial credit as (right - wrong) / correct choices, never below zero', () => {
    // 2 right of 3 correct: 2/3 of 3 points.
    assert.equal(gradeAnswer(multi, [0, 1], true).earned, 2);
    // 3 right, 1 wrong: 2/3.
    assert.equal(gradeAnswer(multi, [0, 1, 3, 4], true).earned, 2);
    // 1 right, 1 wrong: 0.
    assert.equal(gradeAnswer(multi, [0, 2], true).earned, 0);
    // Only wrong picks: clamped at 0.
    assert.equal(gradeAnswer(multi, [2, 4], true).earned, 0);
    const partial = gradeAnswer(question('m2', [0, 1, 2], 4), [0], true);
    assert.equal(partial.earned, 0.333);
    assert.equal(partial.correct, false);
  });

  it('refuses picks that cannot be graded', () => {
    assert.equal(checkPicks(single, []), 'empty');
    assert.equal(checkPicks(single, [0, 1]), 'too-many');
    assert.equal(checkPicks(single, [4]), 'out-of-range');
    assert.equal(checkPicks(single, [1.5]), 'out-of-range');
    assert.equal(checkPicks(multi, [1, 1]), 'duplicate');
    assert.equal(checkPicks(multi, [0, 1, 2]), undefined);
    assert.throws(() => gradeAnswer(single, [9], false), RangeError);
  });

  it('computes the shown percent to one decimal, never 100 with a point missing', () => {
    assert.equal(percentOf(2, 3), 66.7);
    assert.equal(percentOf(0, 0), 0);
    assert.equal(percentOf(5, 5), 100);
    assert.equal(percentOf(1999, 2000), 99.9);
  });
});

describe('shuffling', () => {
  it('gives a permutation', () => {
    const order = shuffledOrder(10, seededRandom(1));
    assert.deepEqual([...order].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('moves things around for some seeds and is repeatable for one seed', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) orders.add(shuffledOrder(5, seededRandom(seed)).join(','));
    assert.ok(orders.size > 5, `only ${orders.size} distinct orders`);
    assert.deepEqual(shuffledOrder(6, seededRandom(7)), shuffledOrder(6, seededRandom(7)));
  });

  it('keeps fixed choices in place', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const order = shuffledOrderKeeping(5, new Set([4, 1]), seededRandom(seed));
      assert.equal(order[4], 4);
      assert.equal(order[1], 1);
      assert.deepEqual([...order].sort((a, b) => a - b), [0, 1, 2, 3, 4]);
    }
  });

  it('copes with a random source that returns values close to 1', () => {
    const order = shuffledOrder(4, () => 0.9999999999);
    assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
  });
});
