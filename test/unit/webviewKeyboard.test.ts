import * as assert from 'node:assert/strict';
import type { FromModulePageMessage, QuizState } from '../../src/protocol/modulePage';
import type { FeedbackView } from '../../src/protocol/views';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';
import { makeTranslator } from '../../src/webview/context';
import { attachKeyboard, type KeyboardHost } from '../../src/webview/keyboard';
import { QuizController } from '../../src/webview/quiz';
import { useWebviewDom } from './webviewDom';

type QuestionState = Extract<QuizState, { phase: 'question' }>;

function question(multiple: boolean, feedback?: FeedbackView): QuestionState {
  return {
    phase: 'question',
    attemptId: 'att',
    index: 0,
    total: 2,
    question: {
      id: 'q1',
      promptHtml: '<p>Pick</p>',
      multiple,
      points: 1,
      choices: [
        { id: 'one', html: 'One' },
        { id: 'two', html: 'Two' },
        { id: 'three', html: 'Three' },
      ],
    },
    ...(feedback ? { feedback } : {}),
  };
}

const answeredTwo: FeedbackView = { correct: true, earned: 1, points: 1, picks: ['two'], correctChoices: ['two'], choiceFeedback: [] };

describe('webview keyboard and sending', () => {
  const page = useWebviewDom();
  let sent: FromModulePageMessage[];
  let announced: string[];
  let quiz: QuizController;
  let detach: () => void;
  let quizShown: boolean;

  beforeEach(() => {
    sent = [];
    announced = [];
    quizShown = true;
    quiz = new QuizController({
      root: page.freshRoot(),
      t: makeTranslator(WEBVIEW_STRINGS),
      post: (message) => sent.push(message),
      announce: (message) => announced.push(message),
      reread: () => undefined,
    });
    const host: KeyboardHost = { quiz, quizShown: () => quizShown, rereading: () => false, backToQuestion: () => undefined };
    detach = attachKeyboard(page.dom().window.document, host);
  });

  afterEach(() => detach());

  /** Presses a key with focus on `target` (the body by default); returns whether it was handled. */
  function press(key: string, target?: Element): boolean {
    const win = page.dom().window;
    const event = new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    (target ?? win.document.body).dispatchEvent(event);
    return event.defaultPrevented;
  }

  function inputs(): HTMLInputElement[] {
    return [...quiz.root.querySelectorAll<HTMLInputElement>('input[data-choice]')];
  }

  it('picks a choice with its digit', () => {
    quiz.render(question(false));
    assert.ok(press('2'));
    assert.deepEqual(
      inputs().map((input) => input.checked),
      [false, true, false],
    );
    assert.equal(page.dom().window.document.activeElement, inputs()[1]);
    press('3');
    assert.deepEqual(
      inputs().map((input) => input.checked),
      [false, false, true],
    );
    assert.equal(press('7'), false, 'a digit with no choice does nothing');
    assert.deepEqual(sent, []);
  });

  it('toggles checkboxes with their digits', () => {
    quiz.render(question(true));
    press('1');
    press('3');
    press('1');
    assert.deepEqual(
      inputs().map((input) => input.checked),
      [false, false, true],
    );
  });

  it('ignores keys when the quiz tab is hidden', () => {
    quiz.render(question(false));
    quizShown = false;
    assert.equal(press('1'), false);
    assert.equal(inputs()[0]?.checked, false);
  });

  it('asks for a pick before sending an answer', () => {
    quiz.render(question(false));
    press('Enter');
    assert.deepEqual(sent, []);
    assert.deepEqual(announced, ['Pick an answer first.']);
  });

  it('sends one answer for a double Enter before the host replies', () => {
    quiz.render(question(false));
    press('2');
    const radio = inputs()[1];
    assert.ok(radio);
    press('Enter', radio);
    press('Enter', radio);
    press('Enter');
    assert.deepEqual(sent, [{ type: 'answer', attemptId: 'att', questionId: 'q1', picks: ['two'] }]);
    assert.ok(quiz.awaitingHost);
    const check = quiz.root.querySelector<HTMLButtonElement>('#check-answer');
    assert.ok(check?.disabled);
    // A click that reaches the button anyway (or a direct call) sends nothing either.
    quiz.checkAnswer();
    assert.equal(sent.length, 1);
  });

  it('sends an answer again after the host reports an error', () => {
    quiz.render(question(false));
    press('1');
    press('Enter');
    quiz.hostFailed();
    press('Enter');
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1], { type: 'answer', attemptId: 'att', questionId: 'q1', picks: ['one'] });
  });

  it('sends one next per feedback shown, from Enter or the button', () => {
    quiz.render(question(false));
    press('2');
    press('Enter');
    quiz.render(question(false, answeredTwo));
    assert.equal(quiz.awaitingHost, false);
    assert.equal(press('1'), false, 'digits do nothing once answered');
    press('Enter');
    press('Enter');
    const next = quiz.root.querySelector<HTMLButtonElement>('#next-question');
    assert.ok(next);
    assert.ok(next.disabled);
    next.click();
    assert.deepEqual(
      sent.map((m) => m.type),
      ['answer', 'next'],
    );
    assert.deepEqual(announced.at(-1), 'Correct. 1 of 1 point.');
  });

  it('a click on Next then Enter still sends one next', () => {
    quiz.render(question(false, answeredTwo));
    quiz.root.querySelector<HTMLButtonElement>('#next-question')?.click();
    press('Enter');
    assert.deepEqual(sent, [{ type: 'next', attemptId: 'att' }]);
  });

  it('leaves Enter on a button to the button', () => {
    quiz.render(question(false));
    press('1');
    const check = quiz.root.querySelector<HTMLButtonElement>('#check-answer');
    assert.ok(check);
    assert.equal(press('Enter', check), false);
    assert.deepEqual(sent, []);
  });

  it('keeps the picks when the same unanswered question is drawn again', () => {
    quiz.render(question(true));
    press('1');
    press('3');
    quiz.render(question(true));
    assert.deepEqual(
      inputs().map((input) => input.checked),
      [true, false, true],
    );
  });

  it('disables Start and Start over after the first click until the next state', () => {
    quiz.render({ phase: 'intro', attempts: 1, bestPercent: 50, lastPercent: 50, resumeAnswered: 1 });
    const start = quiz.root.querySelector<HTMLButtonElement>('#start-quiz');
    const startOver = [...quiz.root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Start over'));
    assert.ok(start && startOver);
    start.click();
    start.click();
    startOver.click();
    assert.deepEqual(sent, [{ type: 'start' }]);
    assert.ok(start.disabled);
    quiz.render({ phase: 'intro', attempts: 1, bestPercent: 50, lastPercent: 50, resumeAnswered: 1 });
    quiz.root.querySelector<HTMLButtonElement>('#start-quiz')?.click();
    assert.deepEqual(sent, [{ type: 'start' }, { type: 'start' }]);
  });

  it('announces a change notice once', () => {
    const withNotice: QuestionState = { ...question(false), notice: { kept: 1, reasked: 0, removed: 2, added: 0 } };
    quiz.render(withNotice);
    assert.deepEqual(announced, ['This module was edited while you were taking it. 1 answer is kept. 2 questions were removed.']);
    quiz.render(withNotice);
    assert.equal(announced.length, 1);
  });

  it('marks sure or unsure with S and U, and sends it with the answer', () => {
    quiz.render(question(false));
    assert.ok(press('u'));
    const unsure = quiz.root.querySelector<HTMLInputElement>('#confidence-unsure');
    assert.ok(unsure?.checked, 'U ticks "unsure"');
    assert.equal(unsure.labels?.[0]?.textContent?.includes('Unsure'), true, 'the control has a label');
    assert.ok(press('s'));
    assert.ok(quiz.root.querySelector<HTMLInputElement>('#confidence-sure')?.checked);
    press('2');
    press('Enter');
    assert.deepEqual(sent, [{ type: 'answer', attemptId: 'att', questionId: 'q1', picks: ['two'], confidence: 'sure' }]);
  });

  it('keeps the digits and Enter working beside S, U and H, and sends no confidence when none is marked', () => {
    quiz.render(question(false));
    assert.equal(press('h'), false, 'H does nothing without a hint');
    press('1');
    press('Enter');
    assert.deepEqual(sent, [{ type: 'answer', attemptId: 'att', questionId: 'q1', picks: ['one'] }]);
  });

  it('asks for the hint once with H, shows what the host sends, and marks the answer as hinted', () => {
    quiz.render({ ...question(false), hintAvailable: true });
    assert.ok(quiz.root.querySelector('#show-hint'), 'a Show hint button');
    assert.equal(quiz.root.querySelector('#hint-box'), null, 'no hint before it is asked for');
    assert.ok(press('h'));
    press('h');
    assert.deepEqual(sent, [{ type: 'hint', attemptId: 'att', questionId: 'q1' }]);
    quiz.showHint('other', 'q1', '<p>Not this one</p>');
    assert.equal(quiz.root.querySelector('#hint-box'), null, 'a hint for another attempt is ignored');
    quiz.showHint('att', 'q1', '<p>Think <em>twice</em></p>');
    assert.match(quiz.root.querySelector('#hint-box')?.textContent ?? '', /Think twice/);
    assert.equal(quiz.root.querySelector('#show-hint'), null);
    assert.ok(announced.some((line) => /Hint: Think twice/.test(line)), 'the hint is read out');
    press('3');
    press('Enter');
    assert.deepEqual(sent[1], { type: 'answer', attemptId: 'att', questionId: 'q1', picks: ['three'], hinted: true });
  });

  it('offers Retry mistakes on a full result, says a practice result changes no score, and ends a review with the next due date', () => {
    const summary = { earned: 1, possible: 2, percent: 50, passed: false, passingScore: 70, finishedAt: '2026-11-28T10:00:00Z', review: [] };
    quiz.render({ phase: 'summary', attemptId: 'att', summary: { ...summary, mistakes: 1 } });
    const retry = quiz.root.querySelector<HTMLButtonElement>('#retry-mistakes');
    assert.match(retry?.textContent ?? '', /Retry mistakes \(1\)/);
    retry!.click();
    assert.deepEqual(sent, [{ type: 'retry' }]);
    quiz.render({ phase: 'summary', attemptId: 'p', summary: { ...summary, kind: 'practice' } });
    assert.equal(quiz.root.querySelector('#retry-mistakes'), null);
    assert.equal(quiz.root.querySelector('#quiz-heading')?.textContent, 'Practice result');
    assert.match(quiz.root.querySelector('.verdict')?.textContent ?? '', /does not change your best or last score/);
    quiz.render({ phase: 'reviewDone', answered: 3, correct: 2, nextDue: 'tomorrow at 09:00' });
    assert.equal(quiz.root.querySelector('#review-count')?.textContent, 'You reviewed 3 questions; 2 were right.');
    assert.match(quiz.root.querySelector('#next-due')?.textContent ?? '', /The next question is due tomorrow at 09:00\./);
    assert.ok(announced.some((line) => /You reviewed 3 questions/.test(line)));
  });

  it('keeps the pick and the focus on a choice when the host sends the question again unchanged or with a notice, and says a redraw is nothing new', () => {
    assert.equal(quiz.render(question(false)), true, 'the first state is new');
    press('2');
    assert.equal(page.dom().window.document.activeElement, inputs()[1]);
    // The record was saved: the host draws the page again from it, with the same state.
    assert.equal(quiz.render(question(false)), false, 'the same state again is nothing new');
    assert.equal(page.dom().window.document.activeElement, inputs()[1], 'focus stays on the choice');
    // The same question, still unanswered, with a notice: redrawn, pick and focus kept.
    const withNotice: QuestionState = { ...question(false), notice: { kept: 1, reasked: 0, removed: 0, added: 1 } };
    assert.equal(quiz.render(withNotice), false, 'a redraw of the question being answered');
    assert.equal(inputs()[1]?.checked, true, 'the pick is kept');
    assert.equal(page.dom().window.document.activeElement, inputs()[1], 'focus is on the redrawn choice');
    // Feedback is new: the page moves focus to it (main.ts does, when render says so).
    assert.equal(quiz.render(question(false, answeredTwo)), true);
  });
});
