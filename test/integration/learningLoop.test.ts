import * as assert from 'node:assert/strict';
import { existsSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { questionVersion } from '../../src/core/module/choiceKeys';
import type { AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { cardKey, dueCards, emptySchedule, GONE_GRACE_DAYS, rate, type DueCard } from '../../src/core/schedule/schedule';
import { readScheduleFileText } from '../../src/core/schedule/scheduleFile';
import type { QuizModulesTestApi } from '../../src/extension';
import { isGzip, textOfMaybeGzip } from '../../src/host/stores/gzip';
import { api, captureWarnings, listen, picksFor, waitFor, workspaceUri, writeModule } from './support';

const COLOURS = 'fixture-colours';
const SHAPES = 'fixture-shapes';
const DAY = 24 * 60 * 60 * 1000;

/** Scores as the sidebar shows them (what a reset would delete is counted apart). */
function scores(exports: QuizModulesTestApi, moduleId: string) {
  const { attemptsWithAnswers: _, ...rest } = summarize(exports.store.get(moduleId));
  return rest;
}

describe('The learning loop in VS Code', () => {
  let exports: QuizModulesTestApi;

  before(async () => {
    exports = await api();
  });

  afterEach(async () => {
    exports.clock.resetOffset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks the card of a question removed from its file with no page open, and drops it once the grace period has passed', async function () {
    this.timeout(60_000);
    const { repository, schedule, clock } = exports;
    const id = 'fixture-pruned';
    const file = workspaceUri('pruning', 'pruned.quiz.json');
    const question = (q: string) => ({ id: q, prompt: `Question ${q}`, explanation: 'e', choices: [{ text: 'a', correct: true }, { text: 'b' }] });
    try {
      await writeModule(file, { version: 1, id, title: 'Pruned', questions: [question('kept'), question('removed')] });
      const loaded = await waitFor('the module is read', () => repository.get(id));
      await schedule.update((book) => loaded.module.questions.reduce((next, q) => rate(next, id, q.id, questionVersion(q), 'good', clock.now()), book));
      assert.equal(Object.keys(schedule.get().cards).filter((key) => key.startsWith(cardKey(id, ''))).length, 2);

      // The file loses a question while no page of the extension is open.
      await writeModule(file, { version: 1, id, title: 'Pruned', questions: [question('kept')] });
      const removed = cardKey(id, 'removed');
      await waitFor('the removed question\'s card is marked gone', () => schedule.get().gone?.[removed]);
      assert.ok(schedule.get().cards[removed], 'kept through the grace period, should the question come back');
      assert.ok(!schedule.get().gone?.[cardKey(id, 'kept')], 'the question still in the file is not marked');

      clock.advance((GONE_GRACE_DAYS + 1) * 24 * 60 * 60 * 1000);
      await repository.reload();
      await waitFor('the card gone past the grace period is dropped', () => !schedule.get().cards[removed]);
      assert.ok(schedule.get().cards[cardKey(id, 'kept')], 'the live card stays');
    } finally {
      await vscode.workspace.fs.delete(workspaceUri('pruning'), { recursive: true }).then(undefined, () => undefined);
      await repository.reload();
      await schedule.forget(id);
    }
  });

  it('retries exactly the mistakes of the last attempt as a practice attempt, records hints and confidence, and keeps the scores', async () => {
    const { panels, repository, store, schedule } = exports;
    await store.reset(COLOURS);
    await schedule.forget(COLOURS);
    const module = repository.get(COLOURS)!.module;
    // Nothing finished yet: the command says so and starts nothing.
    assert.equal(await vscode.commands.executeCommand('quizModules.retryMistakes', COLOURS), false);
    assert.equal(store.get(COLOURS).attempts.length, 0, 'no empty attempt');

    const panel = await panels.open(COLOURS, 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const plan: Record<string, boolean> = { sky: true, grass: false, snow: true, night: false };
      for (let i = 0; i < module.questions.length; i++) {
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question' && !state.feedback, 'a question waits');
        const id = state.question.id;
        if (id === 'grass') {
          assert.equal(state.hintAvailable, true, 'the question with a hint offers it');
          assert.ok(!recorder.messages.some((m) => m.type === 'hint'), 'no hint is sent unasked');
          await panel.receive({ type: 'hint', attemptId: state.attemptId, questionId: id });
          const hint = [...recorder.messages].reverse().find((m) => m.type === 'hint');
          assert.ok(hint && hint.type === 'hint' && /<strong>chlorophyll<\/strong>/.test(hint.html), 'the hint arrives rendered');
        } else {
          assert.equal(state.hintAvailable, undefined);
          const before = recorder.messages.length;
          await panel.receive({ type: 'hint', attemptId: state.attemptId, questionId: id });
          // Counted by kind: the real page in the test workbench may say "ready" at any moment,
          // and the host then sends the module and the quiz again.
          assert.deepEqual(recorder.messages.slice(before).filter((m) => m.type === 'hint'), [], 'no hint for a question without one');
        }
        await panel.receive({
          type: 'answer',
          attemptId: state.attemptId,
          questionId: id,
          picks: picksFor(module, id, plan[id]!),
          ...(id === 'grass' ? { hinted: true as const } : {}),
          ...(id === 'night' ? { confidence: 'sure' as const } : {}),
        });
        await panel.receive({ type: 'next', attemptId: state.attemptId });
      }
      const result = recorder.lastQuiz();
      assert.ok(result.phase === 'summary');
      assert.equal(result.summary.mistakes, 2, 'the result page offers the two mistakes');
      const full = store.get(COLOURS).attempts[0]!;
      assert.equal(full.answers['grass']!.hinted, true);
      assert.equal(full.answers['night']!.confidence, 'sure');
      assert.deepEqual(Object.keys(schedule.get().cards).filter((k) => k.startsWith(COLOURS)).length, 4, 'every answer is scheduled');
      const before = scores(exports, COLOURS);

      // The command (the result page's button sends "retry", which runs the same action).
      assert.equal(await vscode.commands.executeCommand('quizModules.retryMistakes', COLOURS), true);
      const asked: string[] = [];
      for (let i = 0; i < 2; i++) {
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question' && !state.feedback);
        assert.equal(state.total, 2, 'only the mistakes are asked');
        asked.push(state.question.id);
        await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: picksFor(module, state.question.id, true) });
        await panel.receive({ type: 'next', attemptId: state.attemptId });
      }
      assert.deepEqual(asked.sort(), ['grass', 'night']);
      const practice = recorder.lastQuiz();
      assert.ok(practice.phase === 'summary');
      assert.equal(practice.summary.kind, 'practice');
      assert.equal(practice.summary.percent, 100);
      assert.equal(practice.summary.mistakes, undefined, 'a practice result offers no retry of itself');
      const record = store.get(COLOURS);
      assert.deepEqual(record.attempts.map((a) => a.kind ?? 'full'), ['full', 'practice']);
      assert.deepEqual(scores(exports, COLOURS), before, 'best and last full scores did not move');
      // The result page of the module is still the full attempt.
      await panel.receive({ type: 'review' });
      const review = recorder.lastQuiz();
      assert.ok(review.phase === 'summary' && review.summary.kind === undefined && review.summary.percent === 50);
    } finally {
      recorder.dispose();
    }
  });

  it('brings questions back after days pass and reviews them across two modules, interleaved, in the quiz webview', async () => {
    const { panels, repository, store, schedule, clock, due } = exports;
    for (const id of [COLOURS, SHAPES]) await store.reset(id);
    // Earlier tests answered other modules: only these two are scheduled here.
    await schedule.update(() => emptySchedule());
    // A quiz in each module: one wrong answer in shapes, two in colours.
    for (const [id, wrong] of [
      [COLOURS, ['grass', 'night']],
      [SHAPES, ['square']],
    ] as const) {
      const module = repository.get(id)!.module;
      const panel = await panels.open(id, 'quiz');
      const recorder = listen(panel);
      await panel.receive({ type: 'start' });
      for (let i = 0; i < module.questions.length; i++) {
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question');
        const right = !(wrong as readonly string[]).includes(state.question.id);
        await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: picksFor(module, state.question.id, right) });
        await panel.receive({ type: 'next', attemptId: state.attemptId });
      }
      recorder.dispose();
    }
    const beforeScores = { colours: scores(exports, COLOURS), shapes: scores(exports, SHAPES) };
    due.recount();
    assert.equal(due.count(), 0, 'nothing is due right after the quiz');
    assert.equal(due.statusBar.visible, false, 'the status bar item hides when nothing is due');

    clock.advance(1 * DAY + 60_000);
    assert.equal(due.count(COLOURS), 2, 'the two wrong answers of colours are due the next day');
    assert.equal(due.count(SHAPES), 1);
    assert.equal(due.statusBar.visible, true);
    assert.match(due.statusBar.text, /3 reviews due/);

    await vscode.commands.executeCommand('quizModules.reviewDue');
    const review = exports.reviewPanel();
    assert.ok(review, 'the review panel is open');
    assert.equal(review.panel.viewType, 'quizModules.review');
    const plan = review.plan.map((c) => c.moduleId);
    assert.equal(plan.length, 3);
    assert.notEqual(plan[0], plan[1], 'modules take turns');
    const roots = (review.panel.webview.options.localResourceRoots ?? []).map((uri) => uri.path);
    assert.ok(roots.some((p) => p.endsWith('/learn')), 'the page may load the modules’ own folders');
    const recorder = listen(review);
    try {
      await review.receive({ type: 'ready' });
      assert.ok(recorder.messages.some((m) => m.type === 'session'), 'the review page gets its heading');
      for (let i = 0; i < 3; i++) {
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question' && !state.feedback, `question ${i + 1} waits`);
        assert.equal(state.index, i);
        assert.equal(state.total, 3);
        const card: DueCard = review.plan[i]!;
        assert.equal(state.question.id, card.questionId);
        assert.equal(state.source, repository.get(card.moduleId)!.module.title, 'the question says which module it is from');
        assert.ok(!JSON.stringify(state).includes('correctChoices'), 'nothing about the answer before answering');
        const module = repository.get(card.moduleId)!.module;
        await review.receive({
          type: 'answer',
          attemptId: state.attemptId,
          questionId: state.question.id,
          picks: picksFor(module, state.question.id, true),
          confidence: i === 0 ? 'unsure' : 'sure',
        });
        const answered = recorder.lastQuiz();
        assert.ok(answered.phase === 'question' && answered.feedback?.correct, 'feedback follows');
        await review.receive({ type: 'next', attemptId: state.attemptId });
      }
      const done = recorder.lastQuiz();
      assert.ok(done.phase === 'reviewDone', `the session ends (${done.phase})`);
      assert.equal(done.answered, 3);
      assert.equal(done.correct, 3);
      assert.ok(done.nextDue, 'it says when the next question is due');
      assert.equal(due.count(), 0, 'nothing is due after the review');
      assert.equal(due.statusBar.visible, false);
      assert.equal(dueCards(schedule.get(), clock.now()).length, 0);
      const first = review.plan[0]!;
      assert.equal(schedule.get().cards[cardKey(first.moduleId, first.questionId)]!.reps, 2, 'the reviewed card was rated again');
      for (const id of [COLOURS, SHAPES]) {
        const kinds = store.get(id).attempts.map((a) => a.kind ?? 'full');
        assert.deepEqual(kinds, ['full', 'review'], `${id}: one review attempt`);
        const reviewAttempt = store.get(id).attempts[1]!;
        assert.ok(reviewAttempt.finishedAt, 'the review attempt is finished');
      }
      assert.deepEqual({ colours: scores(exports, COLOURS), shapes: scores(exports, SHAPES) }, beforeScores, 'reviews change no score');
      assert.equal(store.get(review.plan[0]!.moduleId).attempts[1]!.answers[review.plan[0]!.questionId]!.confidence, 'unsure');
    } finally {
      recorder.dispose();
    }
  });

  it('keeps an unreadable schedule file aside instead of dropping it, and says where', async () => {
    const { schedule, storageUri } = exports;
    assert.ok(storageUri, 'the workspace has a storage folder');
    await schedule.flushed();
    const file = vscode.Uri.joinPath(storageUri, 'schedule.json.gz');
    const damaged = new TextEncoder().encode('{"version": 2, "versions": ["v1"], "modules": [{"id": "../x", "cards": []}]}');
    await vscode.workspace.fs.writeFile(file, damaged);
    const warnings: string[] = [];
    const listener = captureWarnings(warnings);
    try {
      // What the next start does with it.
      await schedule.load();
    } finally {
      listener.dispose();
    }
    assert.deepEqual(schedule.get().cards, {}, 'a fresh schedule is used');
    const names = (await vscode.workspace.fs.readDirectory(storageUri)).map(([name]) => name);
    const aside = names.filter((n) => n.startsWith('schedule.unreadable-'));
    assert.equal(aside.length, 1, 'the damaged file is kept aside');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(storageUri, aside[0]!))), new TextDecoder().decode(damaged), 'unchanged');
    assert.ok(!names.includes('schedule.json.gz'), 'nothing was written over it');
    assert.ok(warnings.some((w) => w.includes('schedule.json.gz') && w.includes(aside[0]!) && /the id of module 1 of the schedule, "\.\.\/x", is not a valid id/.test(w)), warnings.join('\n'));
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(storageUri, aside[0]!));
  });

  it('moves a schedule kept in workspaceState by an older version to its file, card for card, and only then clears it', async () => {
    const { schedule, workspaceState, storageUri, repository } = exports;
    assert.ok(storageUri);
    await schedule.flushed();
    const module = repository.get(COLOURS)!.module;
    let old = emptySchedule();
    for (const [i, q] of module.questions.entries()) old = rate(old, COLOURS, q.id, questionVersion(q), i % 2 ? 'good' : 'again', new Date(Date.UTC(2026, 10, 1 + i, 9)));
    const file = vscode.Uri.joinPath(storageUri, 'schedule.json.gz');
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    await workspaceState.update('quizModules.schedule', JSON.parse(JSON.stringify(old)));
    // A save a crash cut short left its temporary file an hour ago; a fresh one may be another window's.
    const stale = path.join(storageUri.fsPath, 'schedule.json.gz.1-crashed.tmp');
    const fresh = path.join(storageUri.fsPath, 'schedule.json.gz.2-saving.tmp');
    writeFileSync(stale, 'half a book');
    writeFileSync(fresh, 'half a book');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    await schedule.load();
    assert.ok(!existsSync(stale), 'the stale temporary file is removed');
    assert.ok(existsSync(fresh), 'a recent one is left alone');
    unlinkSync(fresh);
    assert.deepEqual(schedule.get(), old, 'every card, as it was');
    assert.equal(workspaceState.get('quizModules.schedule'), undefined, 'the old value is gone from workspaceState');
    const bytes = new Uint8Array(await vscode.workspace.fs.readFile(file));
    assert.ok(isGzip(bytes), 'saved gzipped');
    const saved = readScheduleFileText(await textOfMaybeGzip(bytes, 64 * 1024 * 1024));
    assert.ok(saved.ok);
    assert.deepEqual(saved.book, old, 'the file holds the same book');
    // The next start reads the file alone, and a rating is saved to it.
    await schedule.load();
    assert.deepEqual(schedule.get(), old);
    await schedule.forget(COLOURS);
    const after = readScheduleFileText(await textOfMaybeGzip(new Uint8Array(await vscode.workspace.fs.readFile(file)), 64 * 1024 * 1024));
    assert.ok(after.ok);
    assert.deepEqual(after.book.cards, {}, 'a change is written to the file');
    const left = (await vscode.workspace.fs.readDirectory(storageUri)).map(([name]) => name).filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(left, [], 'no temporary file is left');
  });
});

describe('Saved scores read for an export (real VS Code)', () => {
  it('reads a module\'s record and its history files together: a save that moves attempts to the history files cannot come between', async () => {
    const { store } = await api();
    await store.reset(COLOURS);
    const attempt = (n: number): AttemptRecord => {
      const at = (s: number) => new Date(Date.UTC(2026, 9, 1 + (n % 28), 9, 0, s)).toISOString();
      return { id: `dump-${n}`, startedAt: at(0), finishedAt: at(30), questionOrder: ['sky'], answers: { sky: { picks: ['k'], correct: true, earned: 1, points: 1, answeredAt: at(10) } }, result: { earned: 1, possible: 1, percent: 100, passed: true } };
    };
    const add = (from: number, count: number) => (record: ProgressRecord) => ({ ...record, attempts: [...record.attempts, ...Array.from({ length: count }, (_, i) => attempt(from + i))] });
    try {
      await store.update(COLOURS, add(0, 60));
      assert.ok((await store.archivedAttempts(COLOURS)).length > 0, 'some attempts are in the history files');
      // The export asks first; a save that archives more attempts is queued right behind it.
      const dumped = store.dump(COLOURS);
      const saved = store.update(COLOURS, add(60, 60));
      const ids = (await dumped).attempts.map((a) => a.id);
      await saved;
      assert.equal(new Set(ids).size, ids.length, 'no attempt twice');
      assert.deepEqual([...ids].sort(), Array.from({ length: 60 }, (_, i) => `dump-${i}`).sort(), 'exactly what was saved when the export asked');
      const after = (await store.dump(COLOURS)).attempts.map((a) => a.id);
      assert.equal(new Set(after).size, 120, 'every attempt once, after the save');
    } finally {
      await store.reset(COLOURS);
    }
  });
});
