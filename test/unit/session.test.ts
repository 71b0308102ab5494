import * as assert from 'node:assert/strict';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import type { Question, QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { readProgress } from '../../src/core/session/recordReader';
import { CURRENT, step, type SessionAction, type SessionState, type SessionView } from '../../src/core/session/session';
import { openAttempt, question, quizModule, seededRandom } from './testModules';

const at = new Date('2026-11-28T10:00:00Z');

/** A session driven by actions, with a fixed clock, seeded randomness and numbered ids. */
function driver(initial: QuizModule, seed = 1) {
  let module = initial;
  let ids = 0;
  const context = { now: () => at, random: seededRandom(seed), newId: () => `attempt-${++ids}` };
  let state: SessionState = { record: emptyProgress(initial.id), screen: CURRENT };
  let last: ReturnType<typeof step> | undefined;
  const run = (action: SessionAction) => {
    last = step(state, module, action, context);
    state = last.state;
    return last;
  };
  return {
    run,
    edit(next: QuizModule) {
      module = next;
      return run({ type: 'moduleChanged' });
    },
    get state() {
      return state;
    },
    get view(): SessionView {
      assert.ok(last, 'an action ran');
      return last.view;
    },
    /** Answers the question on screen with the given choice indexes (of the module's order). */
    answer(indexes: readonly number[]) {
      const view = last!.view;
      assert.equal(view.phase, 'question', 'a question is showing');
      if (view.phase !== 'question') throw new Error('no question');
      const keys = choiceKeys(view.question);
      return run({ type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks: indexes.map((i) => keys[i]!) });
    },
    next() {
      const view = last!.view;
      assert.ok(view.phase === 'question');
      return run({ type: 'next', attemptId: view.attempt.id });
    },
  };
}

function questionOnScreen(view: SessionView): Question {
  assert.equal(view.phase, 'question');
  if (view.phase !== 'question') throw new Error('no question');
  return view.question;
}

describe('the quiz session', () => {
  it('starts an attempt in file order and stores no choice order when nothing is shuffled', () => {
    const session = driver(quizModule([question('a', [0]), question('b', [1])]));
    session.run({ type: 'begin' });
    const attempt = openAttempt(session.state.record)!;
    assert.deepEqual(attempt.questionOrder, ['a', 'b']);
    assert.equal(attempt.choiceOrder, undefined);
    assert.equal(attempt.startedAt, at.toISOString());
    assert.equal(questionOnScreen(session.view).id, 'a');
  });

  it('shuffles questions and choices per attempt when asked, keeping fixed choices in place', () => {
    const fixedLast = question('q', [0], 5);
    const withFixed = { ...fixedLast, choices: fixedLast.choices.map((c, i) => (i === 4 ? { ...c, fixed: true } : c)) };
    const module = quizModule([withFixed, ...['b', 'c', 'd', 'e', 'f'].map((id) => question(id, [0]))], {
      shuffleQuestions: true,
      shuffleChoices: true,
    });
    const questionOrders = new Set<string>();
    const choiceOrders = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const session = driver(module, seed);
      session.run({ type: 'begin' });
      const attempt = openAttempt(session.state.record)!;
      questionOrders.add(attempt.questionOrder.join(','));
      const order = attempt.choiceOrder!['q']!;
      choiceOrders.add(order.join(','));
      assert.equal(order[4], choiceKeys(withFixed)[4], 'a fixed choice keeps its place');
    }
    assert.ok(questionOrders.size > 1, 'different attempts ask questions in different orders');
    assert.ok(choiceOrders.size > 1, 'different attempts show choices in different orders');
  });

  it('shows the choices in the order the attempt fixed', () => {
    const module = quizModule([question('q', [0], 6)], { shuffleChoices: true });
    const session = driver(module, 7);
    session.run({ type: 'begin' });
    const view = session.view;
    assert.ok(view.phase === 'question');
    const keys = choiceKeys(view.question);
    assert.deepEqual(view.choiceOrder.map((i) => keys[i]), openAttempt(session.state.record)!.choiceOrder!['q']);
    assert.notDeepEqual([...view.choiceOrder], [0, 1, 2, 3, 4, 5], 'seed 7 shuffles six choices');
  });

  it('grades an answer, shows its feedback, then the next question, then the result', () => {
    const module = quizModule([question('a', [0]), question('b', [1, 2], 4, { points: 2 })], { passingScore: 50, partialCredit: true });
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    let view = session.view;
    assert.ok(view.phase === 'question' && view.answer, 'feedback shows');
    assert.equal(view.answer.correct, true);
    session.next();
    assert.equal(questionOnScreen(session.view).id, 'b');
    session.answer([1]);
    view = session.view;
    assert.ok(view.phase === 'question' && view.answer);
    assert.equal(view.answer.earned, 1, 'half the points for one of two right picks');
    session.next();
    view = session.view;
    assert.ok(view.phase === 'summary');
    assert.deepEqual(view.result, { earned: 2, possible: 3, percent: 66.7, passed: true });
    assert.equal(view.review.length, 2);
  });

  it('decides pass or fail on the exact fraction: 2 of 3 does not pass 67%', () => {
    const module = quizModule([question('a', [0]), question('b', [0]), question('c', [0])], { passingScore: 67, feedbackTiming: 'end' });
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.answer([0]);
    session.answer([1]);
    const view = session.view;
    assert.ok(view.phase === 'summary');
    assert.equal(view.result.percent, 66.7);
    assert.equal(view.result.passed, false);
  });

  it('ignores a second answer to an answered question, and an answer while feedback shows', () => {
    const session = driver(quizModule([question('a', [0]), question('b', [0])]));
    session.run({ type: 'begin' });
    const attemptId = openAttempt(session.state.record)!.id;
    const keys = choiceKeys(question('a', [0]));
    session.run({ type: 'answer', attemptId, questionId: 'a', picks: [keys[0]!] });
    const record = session.state.record;
    const again = session.run({ type: 'answer', attemptId, questionId: 'a', picks: [keys[1]!] });
    assert.equal(again.state.record, record, 'the record is the same object');
    assert.match(again.ignored!, /answered already|not showing/);
    const bKeys = choiceKeys(question('b', [0]));
    const early = session.run({ type: 'answer', attemptId, questionId: 'b', picks: [bKeys[0]!] });
    assert.equal(early.state.record, record);
    assert.match(early.ignored!, /not showing/);
  });

  it('ignores answers that do not fit: another attempt, a question not asked, an unknown key, two picks for one answer', () => {
    const session = driver(quizModule([question('a', [0]), question('b', [0])]));
    session.run({ type: 'begin' });
    const attemptId = openAttempt(session.state.record)!.id;
    const keys = choiceKeys(question('a', [0]));
    const record = session.state.record;
    for (const action of [
      { type: 'answer', attemptId: 'other', questionId: 'a', picks: [keys[0]!] },
      { type: 'answer', attemptId, questionId: 'b', picks: [keys[0]!] },
      { type: 'answer', attemptId, questionId: 'a', picks: ['zzzz'] },
      { type: 'answer', attemptId, questionId: 'a', picks: [keys[0]!, keys[1]!] },
      { type: 'answer', attemptId, questionId: 'a', picks: [keys[0]!, keys[0]!] },
    ] as const) {
      const result = session.run(action);
      assert.equal(result.state.record, record);
      assert.ok(result.ignored, `${JSON.stringify(action)} is ignored`);
    }
  });

  it('in exam style goes on without feedback and shows everything at the end', () => {
    const module = quizModule([question('a', [0]), question('b', [0])], { feedbackTiming: 'end' });
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([1]);
    const view = session.view;
    assert.ok(view.phase === 'question');
    assert.equal(view.question.id, 'b');
    assert.equal(view.answer, undefined);
    assert.ok(session.run({ type: 'next', attemptId: view.attempt.id }).ignored, 'there is no feedback to move on from');
    session.answer([0]);
    const summary = session.view;
    assert.ok(summary.phase === 'summary');
    assert.deepEqual(summary.review.map((r) => r.answer?.correct), [false, true]);
  });

  it('moves on once per feedback: a second "next" is ignored', () => {
    const session = driver(quizModule([question('a', [0]), question('b', [0]), question('c', [0])]));
    session.run({ type: 'begin' });
    session.answer([0]);
    const attemptId = openAttempt(session.state.record)!.id;
    session.run({ type: 'next', attemptId });
    assert.equal(questionOnScreen(session.view).id, 'b');
    const second = session.run({ type: 'next', attemptId });
    assert.ok(second.ignored);
    assert.equal(questionOnScreen(second.view).id, 'b');
  });

  it('makes one attempt when Start or Retake is pressed twice, and keeps no attempt without answers', () => {
    const session = driver(quizModule([question('a', [0]), question('b', [0])]));
    session.run({ type: 'begin' });
    session.run({ type: 'begin' });
    assert.equal(session.state.record.attempts.length, 1);
    session.run({ type: 'retake' });
    session.run({ type: 'retake' });
    assert.equal(session.state.record.attempts.length, 1, 'an attempt without answers is reused');
    session.answer([0]);
    session.run({ type: 'retake' });
    session.run({ type: 'retake' });
    assert.equal(session.state.record.attempts.length, 2, 'the answered attempt is kept aside, one new attempt');
    assert.equal(summarize(session.state.record).attemptsWithAnswers, 1);
    assert.equal(summarize(session.state.record).finishedAttempts, 0);
  });

  it('reviews the last finished attempt, and says why when there is none', () => {
    const session = driver(quizModule([question('a', [0])]));
    assert.ok(session.run({ type: 'review' }).ignored);
    assert.equal(session.view.phase, 'intro');
    session.run({ type: 'begin' });
    session.answer([0]);
    session.run({ type: 'retake' });
    const view = session.run({ type: 'review' }).view;
    assert.ok(view.phase === 'summary');
    assert.equal(view.result.percent, 100);
  });

  it('resets to an empty record', () => {
    const session = driver(quizModule([question('a', [0])]));
    session.run({ type: 'begin' });
    session.answer([0]);
    session.run({ type: 'reset' });
    assert.deepEqual(session.state.record, emptyProgress('test-module'));
    assert.equal(session.view.phase, 'intro');
  });

  it('"resume" starts nothing, and after a reload shows the next unanswered question', () => {
    const module = quizModule([question('a', [0]), question('b', [0])]);
    const session = driver(module);
    session.run({ type: 'resume' });
    assert.equal(session.state.record.attempts.length, 0);
    assert.equal(session.view.phase, 'intro');
    session.run({ type: 'begin' });
    session.answer([0]);
    const reloaded = step({ record: session.state.record, screen: CURRENT }, module, { type: 'resume' }, { now: () => at, random: Math.random, newId: () => 'x' });
    assert.equal(reloaded.state.record, session.state.record);
    assert.equal(questionOnScreen(reloaded.view).id, 'b');
  });
});

describe('the quiz session when the module is edited mid-attempt', () => {
  const original = () =>
    quizModule([
      question('a', [0], 4, { points: 1 }),
      question('b', [1], 4),
      question('c', [2], 4),
      question('d', [0], 4),
    ]);

  it('keeps an answer whose choices were only reordered, and takes its points from the file', () => {
    const module = original();
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.next();
    const a = module.questions[0]!;
    const moved = { ...a, points: 3, choices: [...a.choices.slice(1), a.choices[0]!] };
    session.edit({ ...module, questions: [moved, ...module.questions.slice(1)] });
    const answer = openAttempt(session.state.record)!.answers['a']!;
    assert.equal(answer.correct, true);
    assert.equal(answer.earned, 3);
    assert.equal(answer.points, 3);
    assert.equal(openAttempt(session.state.record)!.change, undefined, 'nothing to tell about a reorder');
  });

  it('asks a changed question again, keeps its old answer in the history, and says so', () => {
    const module = original();
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.next();
    session.answer([1]);
    session.next();
    const a = module.questions[0]!;
    const changed = { ...a, choices: a.choices.map((c, i) => (i === 3 ? { ...c, text: 'A new distractor' } : c)) };
    session.edit({ ...module, questions: [changed, ...module.questions.slice(1)] });
    const attempt = openAttempt(session.state.record)!;
    assert.equal(attempt.answers['a'], undefined);
    assert.ok(attempt.answers['b']);
    assert.deepEqual(
      attempt.superseded?.map((s) => [s.questionId, s.reason]),
      [['a', 'changed']],
    );
    const view = session.view;
    assert.ok(view.phase === 'question');
    assert.equal(view.question.id, 'a', 'the changed question is asked next');
    assert.deepEqual(view.change && { ...view.change, at: undefined }, { at: undefined, kept: 1, reasked: 1, removed: 0, added: 0 });
    // The notice stays after a reload (a fresh screen) until the learner answers.
    const reloaded = step({ record: session.state.record, screen: CURRENT }, { ...module, questions: [changed, ...module.questions.slice(1)] }, { type: 'resume' }, {
      now: () => at,
      random: Math.random,
      newId: () => 'x',
    });
    assert.ok(reloaded.view.phase === 'question' && reloaded.view.change);
    session.answer([0]);
    assert.equal(openAttempt(session.state.record)!.change, undefined);
  });

  it('drops a removed question from the attempt and adds a new one at its end', () => {
    const module = original();
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.next();
    const edited = { ...module, questions: [module.questions[0]!, module.questions[2]!, module.questions[3]!, question('e', [0])] };
    session.edit(edited);
    const attempt = openAttempt(session.state.record)!;
    assert.deepEqual(attempt.questionOrder, ['a', 'c', 'd', 'e']);
    assert.deepEqual({ ...attempt.change, at: undefined }, { at: undefined, kept: 1, reasked: 0, removed: 1, added: 1 });
    for (const choice of [2, 0, 0]) {
      session.answer([choice]);
      session.next();
    }
    const view = session.view;
    assert.ok(view.phase === 'summary');
    assert.deepEqual(view.result, { earned: 4, possible: 4, percent: 100, passed: true });
    assert.deepEqual(view.review.map((r) => r.questionId), ['a', 'c', 'd', 'e']);
  });

  it('finishes the attempt when an edit leaves nothing to ask', () => {
    const module = quizModule([question('a', [0]), question('b', [0])]);
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.next();
    session.edit({ ...module, questions: [module.questions[0]!] });
    const view = session.view;
    assert.ok(view.phase === 'summary');
    assert.deepEqual(view.result, { earned: 1, possible: 1, percent: 100, passed: true });
  });

  it('leaves finished attempts as they were and marks review items whose question changed since', () => {
    const module = quizModule([question('a', [0], 4, { points: 2 }), question('b', [0])], { feedbackTiming: 'end' });
    const session = driver(module);
    session.run({ type: 'begin' });
    session.answer([0]);
    session.answer([1]);
    const finished = session.state.record;
    const b = module.questions[1]!;
    session.edit({ ...module, questions: [{ ...module.questions[0]!, points: 5 }, { ...b, choices: b.choices.map((c, i) => ({ ...c, correct: i === 1 })) }] });
    assert.equal(session.state.record, finished, 'a finished attempt is history');
    session.run({ type: 'review' });
    const view = session.view;
    assert.ok(view.phase === 'summary');
    assert.deepEqual(view.result, { earned: 2, possible: 3, percent: 66.7, passed: false });
    assert.equal(view.review[0]!.stale, false);
    assert.equal(view.review[0]!.answer!.points, 2, 'the points it was graded with');
    assert.equal(view.review[1]!.stale, true);
  });

  it('resolves an open attempt saved by version 2 (picks by index) against the module', () => {
    const module = quizModule([question('a', [1]), question('b', [0])], { shuffleChoices: true });
    const saved = {
      version: 2,
      moduleId: module.id,
      attempts: [
        {
          id: 'old',
          startedAt: at.toISOString(),
          questionOrder: ['a', 'b'],
          choiceOrder: { a: [3, 2, 1, 0], b: [0, 1, 2, 3] },
          answers: { a: { picks: [1], correct: true, earned: 1, points: 1, answeredAt: at.toISOString() } },
        },
      ],
    };
    const read = readProgress(saved, module.id);
    assert.ok(read.ok);
    const result = step({ record: read.record, screen: CURRENT }, module, { type: 'resume' }, { now: () => at, random: seededRandom(1), newId: () => 'n' });
    const attempt = openAttempt(result.state.record)!;
    const keys = choiceKeys(module.questions[0]!);
    assert.deepEqual(attempt.answers['a']!.picks, [keys[1]]);
    assert.ok(attempt.answers['a']!.version, 'the answer now names the version it fits');
    assert.deepEqual(attempt.choiceOrder!['a'], [keys[3], keys[2], keys[1], keys[0]]);
    assert.equal(questionOnScreen(result.view).id, 'b');
  });
});
