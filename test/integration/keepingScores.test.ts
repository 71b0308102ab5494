/**
 * Scores as they are kept: reset, unreadable and old records, long history moved to files, and
 * the scores page that shows them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { questionStats } from '../../src/core/scores/analytics';
import { summarize } from '../../src/core/session/progressSummary';
import { api, BUNDLED_ID, extension, listen, waitFor } from './support';

describe('Keeping scores: the records and the scores page', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('resets a module\'s scores', async () => {
    const { store, panels } = await api();
    const panel = await panels.open('fixture-exam', 'quiz');
    await panel.receive({ type: 'start' });
    assert.ok(store.get('fixture-exam').attempts.length > 0);
    await store.reset('fixture-exam');
    assert.equal(store.get('fixture-exam').attempts.length, 0);
    assert.ok(!store.moduleIds().includes('fixture-exam'));
  });

  it('keeps unreadable saved scores aside instead of dropping them', async () => {
    const { store, workspaceState } = await api();
    const key = 'quizModules.progress.fixture-corrupt';
    await workspaceState.update(key, { version: 3, attempts: 'not a list' });
    // As an older version left it: read at the next start, when records move to their files.
    await store.load();
    const record = store.get('fixture-corrupt');
    assert.equal(record.attempts.length, 0);
    await store.flushed();
    const aside = workspaceState.keys().filter((k) => k.startsWith('quizModules.unreadable.fixture-corrupt.'));
    assert.equal(aside.length, 1);
    assert.deepEqual(workspaceState.get(aside[0]!), { version: 3, attempts: 'not a list' });
    assert.equal(workspaceState.get(key), undefined, 'the unreadable value left its key only once it was kept aside');
    assert.deepEqual(store.get('fixture-corrupt'), { version: 3, moduleId: 'fixture-corrupt', attempts: [] }, 'a fresh record is started');
    assert.equal(await store.saved('fixture-corrupt'), undefined, 'and nothing is written over the old value until it holds something');
  });

  it('migrates a version 1 record when it is read', async () => {
    const { store, workspaceState } = await api();
    const key = 'quizModules.progress.fixture-old';
    await workspaceState.update(key, {
      version: 1,
      best: 100,
      last: 100,
      attempts: [{ startedAt: 1_700_000_000_000, finishedAt: 1_700_000_060_000, score: 100, passed: true, answers: [{ questionId: 'q', picks: [0], correct: true }] }],
    });
    // As an older version left it: read at the next start, when records move to their files.
    await store.load();
    assert.equal(store.get('fixture-old').attempts[0]!.result!.percent, 100);
    await store.flushed();
    assert.equal(((await store.saved('fixture-old')) as { version: number }).version, 3);
    // Leaves no score behind: the LRS suite compares a class report with the learner's export.
    await store.reset('fixture-old');
  });

  it('shows the scores view', async () => {
    await api();
    await vscode.commands.executeCommand('quizModules.showScores');
    const tab = await waitFor('the scores tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('quizModules.scores')),
    );
    assert.equal(tab.label, 'Quiz Scores');
    const { scores, repository, store } = await api();
    const page = () => scores.webviewPanel!.webview.html.replace(/&#39;/g, "'");
    assert.match(page(), /Fixture: exam style/, 'every module is listed');

    // With a module id, only that module's scores.
    const bundledTitle = repository.get(BUNDLED_ID)!.module.title;
    await vscode.commands.executeCommand('quizModules.showScores', BUNDLED_ID);
    assert.equal(scores.webviewPanel!.title, `Quiz Scores: ${bundledTitle}`);
    assert.ok(page().includes(`<h2 id="m-${BUNDLED_ID}">`), 'the module has its section');
    assert.doesNotMatch(page(), /Fixture: exam style/);
    assert.match(page(), /One module is shown/);
    // The page runs one small script of its own, under the nonce; nothing else.
    assert.equal(scores.webviewPanel!.webview.options.enableScripts, true);
    assert.equal(scores.webviewPanel!.webview.options.enableCommandUris, false);
    const scripts = [...page().matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    const nonce = /script-src 'nonce-([^']+)'/.exec(page())?.[1];
    assert.ok(nonce && scripts[0]!.includes(`nonce="${nonce}"`), scripts[0]);
    // The scores page's own script: inside the page once the extension has read it, linked before.
    const script = readFileSync(path.join(extension().extensionPath, 'dist', 'webview', 'scores.js'), 'utf8');
    assert.ok(page().includes(`${scripts[0]}${script}</script>`) || /dist\/webview\/scores\.js"/.test(scripts[0]!), scripts[0]);

    // An unknown id opens nothing new and leaves the page as it was.
    await vscode.commands.executeCommand('quizModules.showScores', 'no-such-module');
    assert.equal(scores.webviewPanel!.title, `Quiz Scores: ${bundledTitle}`);

    // A module not taken yet says so.
    await store.reset('fixture-exam');
    await vscode.commands.executeCommand('quizModules.showScores', 'fixture-exam');
    assert.match(page(), /This quiz has not been taken in this workspace yet\./);

    await vscode.commands.executeCommand('quizModules.showScores');
    assert.equal(scores.webviewPanel!.title, 'Quiz Scores');
    assert.match(page(), /Fixture: exam style/);
  });

  it('tells nothing on the scores page about an exam before it ends', async () => {
    const { panels, store, scores, repository } = await api();
    await store.reset('fixture-exam');
    await vscode.commands.executeCommand('quizModules.showScores', 'fixture-exam');
    const page = () => scores.webviewPanel!.webview.html;
    const empty = page();
    const panel = await panels.open('fixture-exam', 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const module = repository.get('fixture-exam')!.module;
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const question = module.questions.find((x) => x.id === state.question.id)!;
      const keys = choiceKeys(question);
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: question.id, picks: [keys[question.choices.findIndex((c) => c.correct)]!] });
      assert.equal(store.get('fixture-exam').attempts[0]!.finishedAt, undefined, 'the exam is still open');
      await scores.rendered();
      // The page only learns that an attempt is under way: no score, no accuracy.
      const facts = (html: string) => /<dl class="facts">(.*?)<\/dl>/s.exec(html)?.[1] ?? '';
      assert.equal(facts(page()).replace('In progress', 'Not started'), facts(empty), 'the facts are as before the answer');
      assert.match(facts(page()), /In progress/);
      // What the page shows (its stylesheets, inside the page, have percentages of their own).
      const shown = /<main[^>]*>.*<\/main>/s.exec(page())?.[0] ?? '';
      assert.match(shown, /In progress/);
      assert.doesNotMatch(shown, /\d+%|Per-question accuracy/);
    } finally {
      recorder.dispose();
    }
  });

  it('moves long history to files in the workspace storage, keeping every score', async () => {
    const { store } = await api();
    const id = 'fixture-long-history';
    await store.reset(id);
    const attempt = (n: number) => ({
      id: `h${n}`,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      finishedAt: new Date(Date.UTC(2026, 0, 1, 0, n, 30)).toISOString(),
      questionOrder: ['q'],
      answers: { q: { picks: ['k'], correct: n % 2 === 0, earned: n % 2 === 0 ? 1 : 0, points: 1, answeredAt: new Date(Date.UTC(2026, 0, 1, 0, n, 20)).toISOString(), version: 'v' } },
      result: { earned: n % 2 === 0 ? 1 : 0, possible: 1, percent: n % 2 === 0 ? 100 : 0, passed: n % 2 === 0 },
    });
    for (let n = 1; n <= 60; n++) await store.update(id, (record) => ({ ...record, attempts: [...record.attempts, attempt(n)] }));
    const saved = (await store.saved(id)) as { attempts: unknown[]; archived: { attempts: number; accuracy: Record<string, number[]> } } | undefined;
    // Past 50 finished attempts the older ones move out in one batch, down to the newest 10.
    assert.ok(saved && saved.attempts.length === 19, `${saved?.attempts.length} attempts stay in the record`);
    assert.equal(saved.archived.attempts, 41);
    const archived = await store.archivedAttempts(id);
    assert.deepEqual(archived.map((a) => a.id), Array.from({ length: saved.archived.attempts }, (_, i) => `h${i + 1}`));
    const record = store.get(id);
    assert.equal(summarize(record).finishedAttempts, 60);
    assert.equal(summarize(record).best?.percent, 100);
    assert.deepEqual(questionStats({ moduleId: id, record }).find((s) => s.questionId === 'q'), { moduleId: id, questionId: 'q', answered: 60, correct: 30 });
    await store.reset(id);
    assert.deepEqual(await store.archivedAttempts(id), [], 'a reset deletes the history files too');
  });
});
