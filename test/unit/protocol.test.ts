import * as assert from 'node:assert/strict';
import { answerQuestion, finishAttempt, startAttempt, withAttempt } from '../../src/core/attempt';
import { MarkdownRenderer } from '../../src/core/markdown';
import { emptyProgress } from '../../src/core/progressRecord';
import { checkFromWebview, parseFromWebview, parsePersistedState } from '../../src/protocol/parseMessage';
import { QuizViewBuilder } from '../../src/protocol/quizViews';
import { formatString, WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';
import { question, quizModule, seededRandom } from './testModules';

describe('parseFromWebview', () => {
  it('accepts each message of the protocol', () => {
    for (const type of ['ready', 'start', 'restart', 'review', 'showScores']) assert.deepEqual(parseFromWebview({ type }), { type });
    assert.deepEqual(parseFromWebview({ type: 'next', attemptId: 'a' }), { type: 'next', attemptId: 'a' });
    assert.deepEqual(parseFromWebview({ type: 'answer', attemptId: 'a', questionId: 'q', picks: [0, 3] }), {
      type: 'answer',
      attemptId: 'a',
      questionId: 'q',
      picks: [0, 3],
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
    ['string picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['0'] }],
    ['too many picks', { type: 'answer', attemptId: 'a', questionId: 'q', picks: Array.from({ length: 11 }, (_, i) => i % 10) }],
    ['a huge id', { type: 'answer', attemptId: 'a'.repeat(10_000), questionId: 'q', picks: [0] }],
    ['an empty attempt id', { type: 'next', attemptId: '' }],
    ['a prototype trick', JSON.parse('{"type":"answer","attemptId":"a","questionId":"q","picks":[0],"__proto__":{"x":1}}')],
    ['an inherited name as type', { type: 'constructor' }],
    ['__proto__ as type', { type: '__proto__' }],
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
    assert.match(problem({ type: 'answer', attemptId: 'a', questionId: 'q', picks: [-1] }), /each pick must be a whole number from 0 to 9/);
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
  const withFeedback = {
    ...module,
    questions: [
      { ...module.questions[0]!, choices: module.questions[0]!.choices.map((c, i) => (i === 1 ? { ...c, feedback: 'Not *that* one.' } : c)) },
      module.questions[1]!,
    ],
  };
  const builder = new QuizViewBuilder(withFeedback, new MarkdownRenderer(), new Map([['the-visit', 'The visit']]));
  const now = new Date('2026-11-28T00:00:00Z');

  it('never tells the webview which choices are right before the question is answered', () => {
    const attempt = startAttempt(withFeedback, 'a', now, seededRandom(4));
    const state = builder.stateFor(withAttempt(emptyProgress(module.id), attempt));
    assert.equal(state.phase, 'question');
    const json = JSON.stringify(state);
    assert.doesNotMatch(json, /correct|feedback|explanation|Because|Not \*that\*/i);
    if (state.phase === 'question') {
      assert.deepEqual(Object.keys(state.question.choices[0]!).sort(), ['html', 'id']);
      assert.deepEqual([...state.question.choices.map((c) => c.id)].sort(), [0, 1, 2, 3]);
      assert.deepEqual(
        state.question.choices.map((c) => c.id),
        attempt.choiceOrder['q1'],
        'choices come in the order this attempt fixed',
      );
      assert.equal(state.question.multiple, false);
    }
  });

  it('marks a question with several right choices as multiple', () => {
    assert.equal(builder.questionView(withFeedback.questions[1]!, undefined).multiple, true);
  });

  it('gives feedback, explanation and the section once the question is answered wrong', () => {
    const attempt = startAttempt(withFeedback, 'a', now, seededRandom(4));
    const answered = answerQuestion(attempt, withFeedback, withFeedback.questions[0]!, [1], now).attempt;
    const state = builder.questionState(answered, 'q1');
    assert.ok(state.phase === 'question' && state.feedback);
    const feedback = state.feedback;
    assert.equal(feedback.correct, false);
    assert.deepEqual(feedback.correctChoices, [2]);
    assert.deepEqual(feedback.picks, [1]);
    assert.match(feedback.choiceFeedback[0]!.html, /Not <em>that<\/em> one/);
    assert.match(feedback.explanationHtml!, /<strong>so<\/strong>/);
    assert.deepEqual(feedback.section, { id: 'the-visit', title: 'The visit' });
  });

  it('offers no re-reading after a right answer', () => {
    const attempt = startAttempt(withFeedback, 'a', now, seededRandom(4));
    const answered = answerQuestion(attempt, withFeedback, withFeedback.questions[0]!, [2], now).attempt;
    const state = builder.questionState(answered, 'q1');
    assert.ok(state.phase === 'question' && state.feedback);
    assert.equal(state.feedback.section, undefined);
  });

  it('holds feedback back in exam style until the summary', () => {
    const exam = { ...withFeedback, feedbackTiming: 'end' as const };
    const examBuilder = new QuizViewBuilder(exam, new MarkdownRenderer(), new Map());
    let attempt = startAttempt(exam, 'a', now, seededRandom(4));
    attempt = answerQuestion(attempt, exam, exam.questions[0]!, [1], now).attempt;
    const state = examBuilder.questionState(attempt, 'q1');
    assert.ok(state.phase === 'question');
    assert.equal(state.feedback, undefined);
    assert.equal(state.saved, true);
    attempt = answerQuestion(attempt, exam, exam.questions[1]!, [0, 1], now).attempt;
    const summary = examBuilder.summaryView(finishAttempt(attempt, exam, now));
    assert.equal(summary.percent, 50);
    assert.equal(summary.passed, false);
    assert.equal(summary.review.length, 2);
    assert.equal(summary.review[0]!.feedback?.correct, false);
    assert.equal(summary.review[1]!.feedback?.correct, true);
  });

  it('shows the intro with best and last scores and a resumable attempt', () => {
    let record = emptyProgress(module.id);
    let attempt = startAttempt(withFeedback, 'a', now, seededRandom(4));
    attempt = answerQuestion(attempt, withFeedback, withFeedback.questions[0]!, [2], now).attempt;
    attempt = answerQuestion(attempt, withFeedback, withFeedback.questions[1]!, [0], now).attempt;
    record = withAttempt(record, finishAttempt(attempt, withFeedback, now));
    let open = startAttempt(withFeedback, 'b', now, seededRandom(5));
    open = answerQuestion(open, withFeedback, withFeedback.questions[0]!, [2], now).attempt;
    record = withAttempt(record, open);
    assert.deepEqual(builder.introState(record), { phase: 'intro', attempts: 1, bestPercent: 50, lastPercent: 50, resumeAnswered: 1 });
  });
});

describe('webview strings', () => {
  it('fills placeholders like vscode.l10n.t', () => {
    assert.equal(formatString(WEBVIEW_STRINGS.questionOf, 3, 16), 'Question 3 of 16');
    assert.equal(formatString('{0} and {1} and {0}', 'a', 'b'), 'a and b and a');
    assert.equal(formatString('{2}', 'a'), '{2}');
  });
});
