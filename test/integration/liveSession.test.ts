import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cardKey, emptySchedule } from '../../src/core/schedule/schedule';
import { openAttempts } from '../../src/core/session/attempts';
import type { QuizModulesTestApi } from '../../src/extension';
import type { ModulePanel } from '../../src/host/modulePage/ModulePanel';
import { api, listen, picksFor, waitFor } from './support';

const COLOURS = 'fixture-colours';
const SHAPES = 'fixture-shapes';
const DAY = 24 * 60 * 60 * 1000;

/** Takes a module's whole quiz on its page, getting `wrong` wrong. */
async function takeQuiz(exports: QuizModulesTestApi, moduleId: string, wrong: readonly string[]): Promise<ModulePanel> {
  const module = exports.repository.get(moduleId)!.module;
  const panel = await exports.panels.open(moduleId, 'quiz');
  const recorder = listen(panel);
  try {
    await panel.receive({ type: 'start' });
    for (let i = 0; i < module.questions.length; i++) {
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: picksFor(module, state.question.id, !wrong.includes(state.question.id)) });
      if (module.feedbackTiming === 'immediate') await panel.receive({ type: 'next', attemptId: state.attemptId });
    }
    assert.equal(recorder.lastQuiz().phase, 'summary');
  } finally {
    recorder.dispose();
  }
  return panel;
}

describe('One live owner per module: the module page and the review page together', () => {
  let exports: QuizModulesTestApi;

  before(async () => {
    exports = await api();
  });

  beforeEach(async () => {
    for (const id of [COLOURS, SHAPES]) await exports.store.reset(id);
    await exports.schedule.update(() => emptySchedule());
  });

  afterEach(async () => {
    exports.clock.resetOffset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('starts a review attempt only when its first question shows, keeps the module page on its quiz, and closes the review when the page closes', async () => {
    const { store, clock, repository } = exports;
    await takeQuiz(exports, COLOURS, ['grass', 'night']);
    await takeQuiz(exports, SHAPES, ['square']);
    clock.advance(DAY + 60_000);
    // The learner starts a new quiz of colours on its page, and answers nothing yet.
    const panel = await exports.panels.open(COLOURS, 'quiz');
    const page = listen(panel);
    await panel.receive({ type: 'restart' });
    const asked = page.lastQuiz();
    assert.ok(asked.phase === 'question' && asked.kind === undefined, 'a full attempt is on the module page');

    await vscode.commands.executeCommand('quizModules.reviewDue');
    const review = exports.reviewPanel();
    assert.ok(review);
    assert.equal(review.plan.length, 3);
    const reviewPage = listen(review);
    try {
      await review.receive({ type: 'ready' });
      const first = reviewPage.lastQuiz();
      assert.ok(first.phase === 'question', 'the review asks its first question');
      const firstModule = review.plan[0]!.moduleId;
      const otherModule = firstModule === COLOURS ? SHAPES : COLOURS;
      assert.ok(store.get(firstModule).attempts.some((a) => a.kind === 'review'), 'the first question’s module has a review attempt');
      assert.ok(!store.get(otherModule).attempts.some((a) => a.kind === 'review'), 'no review attempt before its question shows');

      // The module page answers its question beside the review: it counts, and the page stays on its quiz.
      const module = repository.get(COLOURS)!.module;
      await panel.receive({ type: 'answer', attemptId: asked.attemptId, questionId: asked.question.id, picks: picksFor(module, asked.question.id, true) });
      const full = store.get(COLOURS).attempts.find((a) => a.id === asked.attemptId)!;
      assert.ok(full.answers[asked.question.id], 'the module page’s answer was saved');
      assert.equal(page.errors().length, 0, 'nothing was refused');
      const after = page.lastQuiz();
      assert.ok(after.phase === 'question' && after.attemptId === asked.attemptId && after.kind === undefined, 'the module page did not switch to the review');
    } finally {
      reviewPage.dispose();
    }
    // Closing the review page closes its unanswered attempts.
    review.panel.dispose();
    await store.flushed();
    for (const id of [COLOURS, SHAPES]) {
      assert.ok(!openAttempts(store.get(id)).some((a) => a.kind === 'review'), `${id}: no review attempt is left open`);
    }
    // Start Quiz lands in the full quiz, where the learner left it.
    await vscode.commands.executeCommand('quizModules.startQuiz', COLOURS);
    const resumed = page.lastQuiz();
    assert.ok(resumed.phase === 'question' && resumed.kind === undefined && resumed.attemptId === asked.attemptId, 'Start Quiz resumes the full quiz');
    page.dispose();
  });

  it('drops from the review the questions of a module reset while the review is open, and shows the shorter count at once', async () => {
    const { store, clock, schedule } = exports;
    await takeQuiz(exports, COLOURS, ['grass', 'night']);
    await takeQuiz(exports, SHAPES, ['square']);
    clock.advance(DAY + 60_000);
    await vscode.commands.executeCommand('quizModules.reviewDue');
    const review = exports.reviewPanel()!;
    assert.equal(review.plan.length, 3);
    const page = listen(review);
    try {
      await review.receive({ type: 'ready' });
      const first = page.lastQuiz();
      assert.ok(first.phase === 'question' && first.total === 3);
      const shown = review.plan[0]!.moduleId;
      const other = shown === COLOURS ? SHAPES : COLOURS;
      const otherAhead = review.plan.filter((card) => card.moduleId === other).length;
      // Reset Scores of the module not on screen, as the command does it.
      await store.reset(other);
      await schedule.forget(other);
      const redrawn = await waitFor('the shorter review', () => {
        const state = page.lastQuiz();
        return state.phase === 'question' && state.total === 3 - otherAhead ? state : undefined;
      });
      assert.equal(redrawn.attemptId, first.attemptId, 'the same question stays on screen');
      assert.ok(redrawn.phase === 'question' && first.phase === 'question' && redrawn.question.id === first.question.id);
      assert.ok(review.plan.every((card, at) => at === 0 || card.moduleId === shown), 'only the shown module’s questions are left');
    } finally {
      page.dispose();
    }
  });

  it('lands Start Quiz in the full quiz after a review was left half done, and shows every page the record', async () => {
    const { store, clock, repository } = exports;
    await takeQuiz(exports, COLOURS, ['grass', 'night']);
    clock.advance(DAY + 60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('quizModules.reviewDue');
    const review = exports.reviewPanel()!;
    const reviewPage = listen(review);
    await review.receive({ type: 'ready' });
    const first = reviewPage.lastQuiz();
    assert.ok(first.phase === 'question');
    const module = repository.get(COLOURS)!.module;
    await review.receive({ type: 'answer', attemptId: first.attemptId, questionId: first.question.id, picks: picksFor(module, first.question.id, true) });
    reviewPage.dispose();
    review.panel.dispose();
    await store.flushed();
    const left = store.get(COLOURS).attempts.find((a) => a.id === first.attemptId)!;
    assert.ok(left.finishedAt, 'a review left with an answer is finished');
    assert.deepEqual(left.questionOrder, [first.question.id], 'over what was answered');

    await vscode.commands.executeCommand('quizModules.startQuiz', COLOURS);
    const panel = exports.panels.get(COLOURS)!;
    const page = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      const state = page.lastQuiz();
      assert.ok(state.phase === 'question', 'a question shows');
      assert.equal(state.kind, undefined, 'the full quiz, not a review');
      assert.equal(state.total, module.questions.length);
      // An answer for an attempt the page no longer shows is refused on the page, with the reason.
      await panel.receive({ type: 'answer', attemptId: first.attemptId, questionId: state.question.id, picks: picksFor(module, state.question.id, true) });
      assert.equal(page.errors().length, 1, 'the page says the answer was not counted');
      assert.match(page.errors()[0]!.message, /not counted/);
      // A reset elsewhere shows on the open page at once.
      await store.reset(COLOURS);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(page.lastQuiz().phase, 'intro', 'the page shows the reset record');
    } finally {
      page.dispose();
    }
  });

  it('writes an answer and its rating as one write: a reset reacting to the saved record leaves no card behind', async () => {
    const { store, schedule, repository } = exports;
    const module = repository.get(COLOURS)!.module;
    const panel = await exports.panels.open(COLOURS, 'quiz');
    const page = listen(panel);
    try {
      await panel.receive({ type: 'start' });
      const state = page.lastQuiz();
      assert.ok(state.phase === 'question');
      let resets: Promise<void> | undefined;
      const subscription = store.onDidChange((id) => {
        if (id !== COLOURS || resets) return;
        // What Reset Scores does, the moment the answer is saved.
        resets = (async () => {
          await Promise.all([store.reset(COLOURS), schedule.forget(COLOURS)]);
        })();
      });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: picksFor(module, state.question.id, true) });
      subscription.dispose();
      assert.ok(resets, 'the reset ran');
      await resets;
      await store.flushed();
      assert.equal(store.get(COLOURS).attempts.length, 0, 'the scores are reset');
      assert.equal(schedule.get().cards[cardKey(COLOURS, state.question.id)], undefined, 'no card is left for scores just reset');
    } finally {
      page.dispose();
    }
  });
});
