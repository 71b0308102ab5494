import * as assert from 'node:assert/strict';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress } from '../../src/core/session/progressRecord';
import { CURRENT, step, type SessionAction, type SessionState } from '../../src/core/session/session';
import { QuizViewBuilder } from '../../src/host/webview/quizViews';
import { question, quizModule, seededRandom } from './testModules';

describe('QuizViewBuilder', () => {
  const module = quizModule(
    [
      question('q1', [2], 4, { explanation: 'Because **so**.', section: 'the-visit' }),
      question('q2', [0, 1], 3),
    ],
    { shuffleChoices: true },
  );
  const withFeedback: QuizModule = {
    ...module,
    questions: [
      { ...module.questions[0]!, choices: module.questions[0]!.choices.map((c, i) => (i === 1 ? { ...c, feedback: 'Not *that* one.' } : c)) },
      module.questions[1]!,
    ],
  };
  const headings = new Map([['the-visit', { anchor: 'section-the-visit', text: 'The visit' }]]);
  const now = new Date('2026-11-28T00:00:00Z');

  /** Runs session actions from an empty record and renders each view as the webview gets it. */
  function play(mod: QuizModule, ...actions: ((state: SessionState) => SessionAction)[]) {
    const builder = new QuizViewBuilder(mod, new MarkdownRenderer(), headings);
    const context = { now: () => now, random: seededRandom(4), newId: () => 'a' };
    let state: SessionState = { record: emptyProgress(mod.id), screen: CURRENT };
    let quiz = builder.quizState(step(state, mod, { type: 'resume' }, context).view);
    for (const next of actions) {
      const result = step(state, mod, next(state), context);
      state = result.state;
      quiz = builder.quizState(result.view);
    }
    return { state, quiz };
  }
  const keysOf = (mod: QuizModule, id: string) => choiceKeys(mod.questions.find((q) => q.id === id)!);
  const answer = (mod: QuizModule, id: string, indexes: number[]) => () =>
    ({ type: 'answer', attemptId: 'a', questionId: id, picks: indexes.map((i) => keysOf(mod, id)[i]!) }) as const;
  const begin = () => ({ type: 'begin' }) as const;
  const next = () => ({ type: 'next', attemptId: 'a' }) as const;

  it('never tells the webview which choices are right before the question is answered', () => {
    const { state, quiz } = play(withFeedback, begin);
    assert.equal(quiz.phase, 'question');
    const json = JSON.stringify(quiz);
    assert.doesNotMatch(json, /correct|feedback|explanation|Because|Not \*that\*/i);
    if (quiz.phase !== 'question') return;
    assert.deepEqual(Object.keys(quiz.question.choices[0]!).sort(), ['html', 'id']);
    assert.deepEqual(quiz.question.choices.map((c) => c.id).sort(), [...keysOf(withFeedback, 'q1')].sort());
    assert.deepEqual(
      quiz.question.choices.map((c) => c.id),
      state.record.attempts[0]!.choiceOrder!['q1'],
      'choices come in the order this attempt fixed',
    );
    assert.equal(quiz.question.multiple, false);
  });

  it('marks a question with several right choices as multiple', () => {
    const { quiz } = play(withFeedback, begin, answer(withFeedback, 'q1', [2]), next);
    assert.ok(quiz.phase === 'question');
    assert.equal(quiz.question.id, 'q2');
    assert.equal(quiz.question.multiple, true);
  });

  it('gives feedback, explanation and the section (by its namespaced id) once the question is answered wrong', () => {
    const { quiz } = play(withFeedback, begin, answer(withFeedback, 'q1', [1]));
    assert.ok(quiz.phase === 'question' && quiz.feedback);
    const feedback = quiz.feedback;
    const keys = keysOf(withFeedback, 'q1');
    assert.equal(feedback.correct, false);
    assert.deepEqual(feedback.correctChoices, [keys[2]]);
    assert.deepEqual(feedback.picks, [keys[1]]);
    assert.match(feedback.choiceFeedback[0]!.html, /Not <em>that<\/em> one/);
    assert.match(feedback.explanationHtml!, /<strong>so<\/strong>/);
    assert.deepEqual(feedback.section, { id: 'section-the-visit', title: 'The visit' });
  });

  it('offers no re-reading after a right answer', () => {
    const { quiz } = play(withFeedback, begin, answer(withFeedback, 'q1', [2]));
    assert.ok(quiz.phase === 'question' && quiz.feedback);
    assert.equal(quiz.feedback.section, undefined);
  });

  it('holds feedback back in exam style until the summary', () => {
    const exam: QuizModule = { ...withFeedback, feedbackTiming: 'end' };
    const after1 = play(exam, begin, answer(exam, 'q1', [1]));
    assert.ok(after1.quiz.phase === 'question');
    assert.equal(after1.quiz.question.id, 'q2');
    assert.doesNotMatch(JSON.stringify(after1.quiz), /correct|feedback|explanation/i);
    const { quiz } = play(exam, begin, answer(exam, 'q1', [1]), answer(exam, 'q2', [0, 1]));
    assert.ok(quiz.phase === 'summary');
    assert.equal(quiz.summary.percent, 50);
    assert.equal(quiz.summary.passed, false);
    assert.equal(quiz.summary.review.length, 2);
    assert.equal(quiz.summary.review[0]!.feedback?.correct, false);
    assert.equal(quiz.summary.review[1]!.feedback?.correct, true);
  });

  it('shows the intro with best and last scores', () => {
    const { quiz } = play(
      withFeedback,
      begin,
      answer(withFeedback, 'q1', [2]),
      next,
      answer(withFeedback, 'q2', [0]),
      next,
    );
    assert.ok(quiz.phase === 'summary');
    const builder = new QuizViewBuilder(withFeedback, new MarkdownRenderer(), headings);
    const record = play(withFeedback, begin, answer(withFeedback, 'q1', [2]), next, answer(withFeedback, 'q2', [0]), next).state.record;
    const intro = builder.quizState(step({ record, screen: CURRENT }, withFeedback, { type: 'resume' }, { now: () => now, random: Math.random, newId: () => 'b' }).view);
    assert.deepEqual(intro, { phase: 'intro', attempts: 1, bestPercent: 50, lastPercent: 50 });
  });
});
