import * as assert from 'node:assert/strict';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { emptyProgress } from '../../src/core/session/progressRecord';
import { CURRENT, step, type SessionAction, type SessionState } from '../../src/core/session/session';
import { checkFromWebview, parseFromWebview, parsePersistedState } from '../../src/protocol/guard';
import { QuizViewBuilder } from '../../src/host/webview/quizViews';
import { formatString, WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';
import { question, quizModule, seededRandom } from './testModules';

describe('parseFromWebview', () => {
  it('accepts each message of the protocol', () => {
    for (const type of ['ready', 'start', 'restart', 'review', 'showScores', 'retry']) assert.deepEqual(parseFromWebview({ type }), { type });
    assert.deepEqual(parseFromWebview({ type: 'hint', attemptId: 'a', questionId: 'q' }), { type: 'hint', attemptId: 'a', questionId: 'q' });
    assert.deepEqual(parseFromWebview({ type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 'unsure', hinted: true }), {
      type: 'answer',
      attemptId: 'a',
      questionId: 'q',
      picks: ['k'],
      confidence: 'unsure',
      hinted: true,
    });
    assert.deepEqual(parseFromWebview({ type: 'next', attemptId: 'a' }), { type: 'next', attemptId: 'a' });
    assert.deepEqual(parseFromWebview({ type: 'answer', attemptId: 'a', questionId: 'q', picks: ['1x2k9z', 'ab.1'] }), {
      type: 'answer',
      attemptId: 'a',
      questionId: 'q',
      picks: ['1x2k9z', 'ab.1'],
    });
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'grade' }],
    ['a type of the wrong kind', { type: 1 }],
    ['extra fields', { type: 'ready', command: 'workbench.action.quit' }],
    ['an answer without picks', { type: 'answer', attemptId: 'a', questionId: 'q' }],
    ['empty picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [] }],
    ['negative picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [-1] }],
    ['fractional picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [0.5] }],
    ['number picks (choice indexes of old)', { type: 'answer', attemptId: 'a', questionId: 'q', picks: [0] }],
    ['picks that are no key', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['<b>'] }],
    ['a very long pick', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['a'.repeat(100)] }],
    ['too many picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: Array.from({ length: 11 }, (_, i) => i % 10) }],
    ['a huge id', { type: 'answer', attemptId: 'a'.repeat(10_000), questionId: 'q', picks: [0] }],
    ['an empty attempt id', { type: 'next', attemptId: '' }],
    ['a prototype trick', JSON.parse('{"type":"answer","attemptId":"a","questionId":"q","picks":[0],"__proto__":{"x":1}}')],
    ['an inherited name as type', { type: 'constructor' }],
    ['__proto__ as type', { type: '__proto__' }],
    ['an unknown confidence', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 'certain' }],
    ['a confidence of the wrong kind', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], confidence: 1 }],
    ['a hint mark that is not true', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], hinted: 'yes' }],
    ['a false hint mark', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'], hinted: false }],
    ['a hint request without a question', { type: 'hint', attemptId: 'a' }],
    ['a hint request with the hint text', { type: 'hint', attemptId: 'a', questionId: 'q', html: '<b>x</b>' }],
    ['a retry with a module id', { type: 'retry', moduleId: 'other' }],
  ];
  for (const [name, value] of malformed) {
    it(`drops ${name}`, () => assert.equal(parseFromWebview(value), undefined));
  }

  it('says what is wrong with a dropped message', () => {
    const problem = (value: unknown) => {
      const checked = checkFromWebview(value);
      assert.ok('problem' in checked, 'the value is refused');
      return checked.problem;
    };
    assert.equal(problem('ready'), 'a message must be an object, not "ready"');
    assert.equal(problem(null), 'a message must be an object, not null');
    assert.equal(problem({ type: 'grade' }), 'unknown message type "grade"');
    assert.equal(problem({ type: 'ready', command: 'workbench.action.quit' }), '"ready" has an unexpected field "command"');
    assert.match(problem({ type: 'answer', attemptId: 'a', questionId: 'q', picks: [-1] }), /each pick must be a choice key/);
    assert.match(problem({ type: 'answer', attemptId: 'a', questionId: 'q' }), /"picks" must be a list of 1 to 10/);
    assert.match(problem({ type: 'next', attemptId: '' }), /"attemptId" must be a text/);
  });
});

describe('parsePersistedState', () => {
  it('reads what the webview saved and tolerates junk', () => {
    assert.deepEqual(parsePersistedState({ moduleId: 'm', view: 'quiz', scrollY: 12 }), { moduleId: 'm', view: 'quiz', scrollY: 12 });
    assert.deepEqual(parsePersistedState({ moduleId: 'm', view: 'x', scrollY: 'far' }), { moduleId: 'm', view: 'article', scrollY: 0 });
    assert.equal(parsePersistedState(undefined), undefined);
    assert.equal(parsePersistedState({ view: 'quiz' }), undefined);
  });
});

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

describe('webview strings', () => {
  it('fills placeholders like vscode.l10n.t', () => {
    assert.equal(formatString(WEBVIEW_STRINGS.questionOf, 3, 16), 'Question 3 of 16');
    assert.equal(formatString('{0} and {1} and {0}', 'a', 'b'), 'a and b and a');
    assert.equal(formatString('{2}', 'a'), '{2}');
  });
});
