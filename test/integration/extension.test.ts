import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import { questionStats } from '../../src/core/scores/analytics';
import { summarize } from '../../src/core/session/progressSummary';
import { emptySchedule } from '../../src/core/schedule/schedule';
import { parseCsv } from '../unit/csv';
import type { QuizModulesTestApi as QuizModulesApi } from '../../src/extension';
import type { ModulePanel } from '../../src/host/modulePage/ModulePanel';
import { PREVIEW_DEBOUNCE_MS } from '../../src/host/preview/ModulePreview';
import type { QuizState, ToModulePageMessage } from '../../src/protocol/modulePage';

const EXTENSION_ID = 'quizmodules.quiz-modules';
const BUNDLED_ID = 'tokayev-beijing-2019';

async function api(): Promise<QuizModulesApi> {
  const extension = vscode.extensions.getExtension<QuizModulesApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const exports = await extension.activate();
  await exports.repository.ready;
  return exports;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records what a panel sends its webview. */
function listen(panel: ModulePanel): { messages: ToModulePageMessage[]; lastQuiz(): QuizState; dispose(): void } {
  const messages: ToModulePageMessage[] = [];
  const subscription = panel.onDidPost((m) => messages.push(m));
  return {
    messages,
    lastQuiz() {
      const quiz = [...messages].reverse().find((m): m is Extract<ToModulePageMessage, { type: 'quiz' }> => m.type === 'quiz');
      assert.ok(quiz, 'a quiz state was sent');
      return quiz.quiz;
    },
    dispose: () => subscription.dispose(),
  };
}

function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

describe('Quiz Modules in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates and hands its services out only to its own tests', async () => {
    const exports = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    // The suite runs in ExtensionMode.Test; in Production `activate` returns undefined (a unit of
    // the composition root cannot be reached from here, so the mode is what is checked).
    assert.ok(exports.repository && exports.store && exports.panels && exports.scores);
  });

  it('registers every command it contributes', async () => {
    await api();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    for (const required of ['quizModules.openModule', 'quizModules.startQuiz', 'quizModules.showScores', 'quizModules.resetScores']) {
      assert.ok(contributed.includes(required), `${required} is contributed`);
    }
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
  });

  it('loads the bundled module with its article', async () => {
    const { repository } = await api();
    const loaded = repository.get(BUNDLED_ID);
    assert.ok(loaded, 'the bundled module is loaded');
    assert.equal(loaded.source, 'bundled');
    assert.ok(loaded.module.questions.length >= 15);
    assert.ok(loaded.articleText && loaded.articleText.includes('Crossroads Asia'));
    assert.ok(loaded.headings.length > 3);
  });

  it('loads workspace modules, skipping node_modules and dot-folders', async () => {
    const { repository } = await api();
    assert.ok(repository.get('fixture-exam'), 'the exam fixture loads');
    const everything = [...repository.modules.map((m) => m.uri.path), ...repository.problemReports.map((r) => r.uri.path)];
    assert.ok(!everything.some((p) => p.includes('/node_modules/') || p.includes('/.hidden/')), everything.join('\n'));
  });

  it('reports a broken workspace module at its location, in the Problems panel too, while the others load', async () => {
    const { repository } = await api();
    const report = repository.problemReports.find((r) => r.uri.path.endsWith('/broken/bad.quiz.json'));
    assert.ok(report, 'the broken file is reported');
    assert.ok(report.problems.length > 0);
    for (const problem of report.problems) {
      assert.ok(problem.line >= 1 && problem.column >= 1, 'a problem has a line and a column');
      assert.ok(problem.file.endsWith('bad.quiz.json'));
    }
    assert.ok(repository.modules.length >= 2, 'the other modules still load');
    const diagnostics = await waitFor('diagnostics', () => {
      const found = vscode.languages.getDiagnostics(report.uri);
      return found.length > 0 && found;
    });
    assert.equal(diagnostics[0]!.range.start.line, report.problems[0]!.line - 1);
    assert.equal(diagnostics[0]!.range.start.character, report.problems[0]!.column - 1);
    assert.equal(diagnostics[0]!.message, report.problems[0]!.message);
  });

  it('refuses both modules that share an id', async () => {
    const { repository } = await api();
    assert.equal(repository.get('fixture-duplicate'), undefined);
    const reports = repository.problemReports.filter((r) => r.uri.path.includes('/dup/'));
    assert.equal(reports.length, 2);
    for (const report of reports) assert.ok(report.problems.some((p) => /also used by/.test(p.message)), report.problems.map((p) => p.message).join(' | '));
  });

  it('opens a module in a webview panel from the command', async () => {
    const { panels } = await api();
    await vscode.commands.executeCommand('quizModules.openModule', BUNDLED_ID);
    const panel = panels.get(BUNDLED_ID);
    assert.ok(panel, 'a panel exists for the module');
    assert.equal(panel.panel.viewType, 'quizModules.module');
    assert.equal(panel.panel.title, (await api()).repository.get(BUNDLED_ID)!.module.title);
    assert.equal(panel.panel.webview.options.enableScripts, true);
    assert.equal(panel.panel.webview.options.enableCommandUris, false);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((uri) => uri.path).sort();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.path;
    assert.deepEqual(roots, [`${extensionPath}/dist/webview`, `${extensionPath}/media`, `${extensionPath}/quizzes`]);
    const html = panel.panel.webview.html.replace(/&#39;/g, "'");
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'the CSP names a nonce');
    assert.equal(html.match(/<script /g)?.length, 1, 'exactly one script');
    assert.ok(html.includes(`<script nonce="${nonce}"`));
  });

  it('grades a whole attempt on the host and saves it after every answer', async () => {
    const { panels, repository, store } = await api();
    await store.reset(BUNDLED_ID);
    const loaded = repository.get(BUNDLED_ID)!;
    const panel = await panels.open(BUNDLED_ID, 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      assert.ok(recorder.messages.some((m) => m.type === 'module'));
      await panel.receive({ type: 'start' });
      let wrongOnce = false;
      for (let i = 0; i < loaded.module.questions.length; i++) {
        const state = recorder.lastQuiz();
        assert.equal(state.phase, 'question');
        if (state.phase !== 'question') return;
        assert.equal(state.feedback, undefined);
        assert.ok(!JSON.stringify(state).includes('correct'), 'nothing about right answers before answering');
        const question = loaded.module.questions.find((q) => q.id === state.question.id)!;
        const keys = choiceKeys(question);
        const right = question.choices.flatMap((c, index) => (c.correct ? [keys[index]!] : []));
        // Answer the first question wrong on purpose, the rest right.
        const picks = i === 0 ? [keys[question.choices.findIndex((c) => !c.correct)]!] : right;
        if (i === 0) wrongOnce = true;
        await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: question.id, picks });
        const answered = recorder.lastQuiz();
        assert.ok(answered.phase === 'question' && answered.feedback, 'feedback comes back');
        assert.equal(answered.feedback.correct, i !== 0);
        assert.deepEqual([...answered.feedback.correctChoices].sort(), [...right].sort());
        if (i === 0 && question.section) assert.equal(answered.feedback.section?.id, `section-${question.section}`);
        // Saved after every answer.
        const saved = (await store.saved(BUNDLED_ID)) as { attempts: { answers: Record<string, unknown> }[] } | undefined;
        assert.ok(saved?.attempts.at(-1)?.answers[question.id], 'the answer is saved');
        await panel.receive({ type: 'next', attemptId: state.attemptId });
      }
      assert.ok(wrongOnce);
      const summary = recorder.lastQuiz();
      assert.equal(summary.phase, 'summary');
      if (summary.phase !== 'summary') return;
      const total = loaded.module.questions.reduce((sum, q) => sum + q.points, 0);
      assert.equal(summary.summary.possible, total);
      assert.equal(summary.summary.earned, total - loaded.module.questions.find((q) => q.id === summary.summary.review[0]!.questionId)!.points);
      assert.equal(summary.summary.review.length, loaded.module.questions.length);
      const record = store.get(BUNDLED_ID);
      assert.equal(record.attempts.length, 1);
      assert.ok(record.attempts[0]!.finishedAt);
      assert.equal(record.attempts[0]!.result!.percent, summary.summary.percent);
    } finally {
      recorder.dispose();
    }
  });

  it('resumes an interrupted attempt at the next unanswered question', async () => {
    const { panels, repository, store } = await api();
    await store.reset('fixture-exam');
    const module = repository.get('fixture-exam')!.module;
    const panel = await panels.open('fixture-exam', 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'start' });
      const first = recorder.lastQuiz();
      assert.ok(first.phase === 'question');
      const question = module.questions.find((q) => q.id === first.question.id)!;
      await panel.receive({ type: 'answer', attemptId: first.attemptId, questionId: question.id, picks: [choiceKeys(question)[0]!] });
      // Exam style: no feedback, straight to the next question.
      const second = recorder.lastQuiz();
      assert.ok(second.phase === 'question');
      assert.equal(second.feedback, undefined);
      assert.notEqual(second.question.id, first.question.id);
      for (const message of recorder.messages) {
        assert.doesNotMatch(JSON.stringify(message), /"correct(Choices)?":|"explanationHtml":/, 'an exam tells nothing about answers before its end');
      }
      panel.dispose();
      const reopened = await panels.open('fixture-exam', 'quiz');
      const again = listen(reopened);
      await reopened.receive({ type: 'ready' });
      const intro = again.lastQuiz();
      assert.ok(intro.phase === 'question', 'the open attempt is shown again');
      assert.equal(intro.question.id, second.question.id);
      again.dispose();
    } finally {
      recorder.dispose();
    }
  });

  it('renders code and formulas on the host once per module version, loading the highlighter only when a module needs it', async () => {
    const { panels, repository, store } = await api();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath;
    const extrasLoaded = () => Object.keys(require.cache).some((key) => key.startsWith(extensionPath) && key.endsWith('renderExtras.js'));
    // Everything so far (the bundled module and the fixtures) has no code fence and no formula.
    assert.equal(extrasLoaded(), false, 'no highlighter or math code loaded for modules without code or math');
    const folder = workspaceUri('code-module');
    const quizUri = vscode.Uri.joinPath(folder, 'code.quiz.json');
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const module = {
      version: 1,
      id: 'fixture-code',
      title: 'Code',
      article: 'code.md',
      questions: [
        {
          id: 'q',
          prompt: 'What does this print?\n\n```python\nprint(1 + 1)\n```',
          choices: [{ text: '`2`', correct: true }, { text: '`11`', feedback: 'Numbers add: $1 + 1 = 2$.' }],
          explanation: 'Addition.',
          section: 'sums',
        },
      ],
    };
    const settings = vscode.workspace.getConfiguration('quizModules');
    try {
      await write(quizUri, JSON.stringify(module, null, 2));
      await write(vscode.Uri.joinPath(folder, 'code.md'), '# Code\n\n## Sums\n\n```ts\nconst sum: number = 1 + 1;\n```\n\nA sum $a + b$.\n\n> [!NOTE]\n> Numbers.\n\nBad $\\frac{a$ here.\n');
      await repository.reload();
      assert.ok(repository.get('fixture-code'), 'the module loads');
      const warning = await waitFor('the formula warning', () => vscode.languages.getDiagnostics(quizUri).find((d) => /formula/.test(d.message)));
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(warning.message, /line 14, column 6 of the article "code\.md"/);
      assert.ok(extrasLoaded(), 'the formula check loaded the math renderer');

      await store.reset('fixture-code');
      const panel = await panels.open('fixture-code', 'article');
      const recorder = listen(panel);
      try {
        await panel.receive({ type: 'ready' });
        const sent = recorder.messages.find((m): m is Extract<ToModulePageMessage, { type: 'module' }> => m.type === 'module');
        const html = sent?.module.articleHtml ?? '';
        assert.match(html, /<pre class="code-block"><code class="hljs language-typescript"><span class="hljs-keyword">const<\/span>/);
        assert.match(html, /<math><mrow><mi>a<\/mi><mo>\+<\/mo><mi>b<\/mi><\/mrow><\/math>/);
        assert.match(html, /class="markdown-alert markdown-alert-note"/);
        assert.match(html, /<code class="math-source"[^>]*>\$\\frac\{a\$<\/code>/);
        // The article is rendered once for this module version: answering reuses it.
        const rendered = (panel as unknown as { rendered: unknown }).rendered;
        assert.ok(rendered);
        await panel.receive({ type: 'start' });
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question');
        if (state.phase !== 'question') return;
        assert.match(state.question.promptHtml, /hljs language-python/);
        const keys = choiceKeys(repository.get('fixture-code')!.module.questions[0]!);
        await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: 'q', picks: [keys[1]!] });
        const answered = recorder.lastQuiz();
        assert.ok(answered.phase === 'question' && answered.feedback);
        assert.match(JSON.stringify(answered.feedback), /<math>/);
        assert.equal((panel as unknown as { rendered: unknown }).rendered, rendered, 'the same rendering, not a new one');
        assert.equal(recorder.messages.filter((m) => m.type === 'module').length, 1, 'the article was sent once');
      } finally {
        recorder.dispose();
      }

      // Math off: dollars are text, nothing is checked, and the open page is built again.
      await settings.update('markdown.math', false, vscode.ConfigurationTarget.Workspace);
      await repository.reload();
      await waitFor('the formula warning to clear', () => !vscode.languages.getDiagnostics(quizUri).some((d) => /formula/.test(d.message)));
      const panel2 = await panels.open('fixture-code', 'article');
      const recorder2 = listen(panel2);
      try {
        await panel2.receive({ type: 'ready' });
        const html = recorder2.messages.find((m): m is Extract<ToModulePageMessage, { type: 'module' }> => m.type === 'module')?.module.articleHtml ?? '';
        assert.doesNotMatch(html, /<math|math-source/);
        assert.match(html, /A sum \$a \+ b\$/);
        assert.match(html, /hljs/, 'code is still highlighted');
      } finally {
        recorder2.dispose();
      }
    } finally {
      await settings.update('markdown.math', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await repository.reload();
    }
  });

  it('drops messages outside the protocol and answers that do not fit the attempt', async () => {
    const { panels, store } = await api();
    await store.reset('fixture-exam');
    const panel = await panels.open('fixture-exam', 'quiz');
    const recorder = listen(panel);
    try {
      for (const junk of [null, 'start', { type: 'grade' }, { type: 'answer', picks: 'all' }, { type: 'ready', extra: 1 }]) {
        await panel.receive(junk);
      }
      assert.equal(recorder.messages.length, 0, 'nothing answers junk');
      await panel.receive({ type: 'start' });
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const before = JSON.stringify(store.get('fixture-exam'));
      const key = state.question.choices[0]!.id;
      await panel.receive({ type: 'answer', attemptId: 'not-this-one', questionId: state.question.id, picks: [key] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: 'no-such-question', picks: [key] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: ['zzzzzz'] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: [0] });
      assert.equal(JSON.stringify(store.get('fixture-exam')), before, 'nothing was saved');
    } finally {
      recorder.dispose();
    }
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
  });

  it('restores a module panel through its serializer', async () => {
    const { panels } = await api();
    const webviewPanel = vscode.window.createWebviewPanel('quizModules.module', 'restored', vscode.ViewColumn.Active, {});
    await panels.deserializeWebviewPanel(webviewPanel, { moduleId: 'fixture-exam', view: 'quiz', scrollY: 0 });
    const panel = panels.get('fixture-exam');
    assert.ok(panel, 'the restored panel is tracked');
    assert.equal(panel.panel, webviewPanel);
    assert.equal(webviewPanel.title, 'Fixture: exam style');
    assert.match(webviewPanel.webview.html, /data-initial=/);
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
    assert.ok(nonce && scripts[0]!.includes(`nonce="${nonce}"`) && /dist\/webview\/scores\.js"/.test(scripts[0]!), scripts[0]);

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

  it('exports every score as JSON, CSV and xAPI, and an import into a fresh state gives the same dashboard', async function () {
    this.timeout(60_000);
    const { store, scores, workspaceState, repository, panels, schedule } = await api();
    const os = await import('node:os');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const folder = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'qm-export-')));
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
    const exam = repository.get('fixture-exam')!.module;
    const keys = (i: number) => choiceKeys(exam.questions[i]!);
    const right = (i: number) => keys(i)[exam.questions[i]!.choices.findIndex((c) => c.correct)]!;
    const wrong = (i: number) => keys(i)[exam.questions[i]!.choices.findIndex((c) => !c.correct)]!;
    const at = (n: number, s: number) => new Date(Date.UTC(2026, 10, 1 + (n % 25), 9, 0, s)).toISOString();
    const attempt = (n: number, good: boolean, kind?: string) => {
      const answers: Record<string, unknown> = {};
      exam.questions.forEach((q, i) => {
        const ok = good || i > 0;
        answers[q.id] = { picks: [ok ? right(i) : wrong(i)], correct: ok, earned: ok ? q.points : 0, points: q.points, answeredAt: at(n, 10 + i * 10), ...(i === 0 ? { confidence: 'sure' } : {}) };
      });
      const earned = exam.questions.reduce((sum, q, i) => sum + (good || i > 0 ? q.points : 0), 0);
      const possible = exam.questions.reduce((sum, q) => sum + q.points, 0);
      return {
        id: `exp-${n}`,
        startedAt: at(n, 0),
        finishedAt: at(n, 50),
        questionOrder: exam.questions.map((q) => q.id),
        answers,
        result: { earned, possible, percent: Math.round((earned / possible) * 100), passed: earned === possible },
        ...(kind ? { kind } : {}),
      };
    };
    // 60 full attempts (most move to the history files) and a practice attempt.
    for (let n = 1; n <= 60; n++) await store.update('fixture-exam', (r) => ({ ...r, attempts: [...r.attempts, attempt(n, n % 3 === 0) as never] }));
    await store.update('fixture-exam', (r) => ({ ...r, attempts: [...r.attempts, attempt(61, true, 'practice') as never] }));
    assert.ok((await store.archivedAttempts('fixture-exam')).length > 0, 'some attempts are in the history files');
    // A card of the question as it is now: only such cards are due (the status bar counts the same).
    const card = { questionVersion: questionVersion(exam.questions[0]!), due: '2026-11-01T00:00:00.000Z', stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, reps: 1, lapses: 0, state: 2, lastReview: '2026-10-31T00:00:00.000Z' };
    await schedule.update(() => ({ version: 1, cards: { [`fixture-exam\u0000${exam.questions[0]!.id}`]: card } }));

    await vscode.commands.executeCommand('quizModules.showScores');
    const withoutNonce = (html: string) => html.replace(/nonce-?[=":A-Za-z0-9+/-]*/g, '');
    const before = withoutNonce(scores.webviewPanel!.webview.html);
    assert.match(before, /Days studied in a row/);
    assert.match(before, /Due for review now<\/dt><dd>1</);
    // The module's details, as the page is sent them when they are opened.
    const beforeDetails = (await scores.detailsHtml('fixture-exam')) ?? '';
    assert.match(beforeDetails, /<svg class="chart" role="img"/);
    assert.match(before, /Practice attempts<\/dt><dd>1</);
    assert.match(before, /Sure but wrong/);
    assert.match(beforeDetails, /Misleading/, 'a wrong choice picked by 2 of 3 answers stands out');

    // JSON, complete.
    const jsonUri = vscode.Uri.joinPath(folder, 'scores.json');
    const written = await vscode.commands.executeCommand<vscode.Uri>('quizModules.exportScores', { format: 'json', uri: jsonUri });
    assert.equal(written?.toString(), jsonUri.toString());
    const exported = JSON.parse(fs.readFileSync(jsonUri.fsPath, 'utf8')) as { format: string; version: number; modules: { moduleId: string; attempts: { id: string }[] }[]; schedule: unknown };
    assert.equal(exported.format, 'quiz-modules-scores');
    assert.equal(exported.version, 1);
    const examExport = exported.modules.find((m) => m.moduleId === 'fixture-exam')!;
    assert.equal(examExport.attempts.length, 61, 'every attempt, those in the history files too');
    assert.deepEqual(new Set(examExport.attempts.map((a) => a.id)), new Set(Array.from({ length: 61 }, (_, i) => `exp-${i + 1}`)));
    const starts = (examExport.attempts as unknown as { startedAt: string }[]).map((a) => a.startedAt);
    assert.deepEqual(starts, [...starts].sort(), 'oldest first');
    assert.ok(exported.schedule);

    // CSV: one row per answer, parsed back.
    const csvUri = vscode.Uri.joinPath(folder, 'scores.csv');
    await vscode.commands.executeCommand('quizModules.exportScores', { format: 'csv', uri: csvUri });
    const rows = parseCsv(fs.readFileSync(csvUri.fsPath, 'utf8'));
    assert.equal(rows.length, 1 + 61 * exam.questions.length);
    assert.equal(rows[0]![0], 'module_id');

    // xAPI statements, parsed back.
    const xapiUri = vscode.Uri.joinPath(folder, 'scores.xapi.json');
    await vscode.commands.executeCommand('quizModules.exportScores', { format: 'xapi', uri: xapiUri });
    const statements = JSON.parse(fs.readFileSync(xapiUri.fsPath, 'utf8')) as { verb: { id: string }; actor: { account: { name: string; homePage: string } }; object: { definition: { interactionType: string; correctResponsesPattern: string[] } }; result: { response: string; duration: string } }[];
    assert.equal(statements.length, 61 * exam.questions.length);
    assert.ok(statements.every((x) => x.verb.id === 'http://adlnet.gov/expapi/verbs/answered' && x.object.definition.interactionType === 'choice'));
    assert.match(statements[0]!.actor.account.name, /^learner-[0-9a-f-]{36}$/, 'a pseudonymous account');
    assert.equal(statements[0]!.object.definition.correctResponsesPattern[0], keys(0).filter((_, i) => exam.questions[0]!.choices[i]!.correct).join('[,]'));
    assert.match(statements[0]!.result.duration, /^PT\d+(\.\d+)?S$/);

    // A fresh state: every score and the schedule gone. Then the import brings all back.
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
    await scores.rendered();
    assert.doesNotMatch(scores.webviewPanel!.webview.html, /<svg class="chart"/);
    const outcome = await vscode.commands.executeCommand<{ modules: { moduleId: string; attempts: number }[]; scheduleCards: number }>('quizModules.importScores', { uri: jsonUri, confirm: false });
    assert.deepEqual(outcome?.modules.find((m) => m.moduleId === 'fixture-exam')?.attempts, 61);
    assert.equal(outcome?.scheduleCards, 1);
    await scores.rendered();
    assert.equal(withoutNonce(scores.webviewPanel!.webview.html), before, 'the same dashboard, figure for figure');
    assert.equal(await scores.detailsHtml('fixture-exam'), beforeDetails, 'and the same details');
    assert.ok((await store.archivedAttempts('fixture-exam')).length > 0, 'the long history went back to the history files');

    // Importing the same file again adds nothing.
    const snapshot = async () => JSON.stringify([[...workspaceState.keys()].sort().map((k) => [k, workspaceState.get(k)]), await store.savedRecords()]);
    const state = await snapshot();
    assert.equal(await vscode.commands.executeCommand('quizModules.importScores', { uri: jsonUri, confirm: false }), undefined);
    assert.equal(await snapshot(), state);

    // A file that is not ours is refused and nothing changes.
    const foreign = vscode.Uri.joinPath(folder, 'module.json');
    fs.writeFileSync(foreign.fsPath, JSON.stringify({ version: 3, moduleId: 'fixture-exam', attempts: [] }));
    const refusal = (uri: vscode.Uri) => vscode.commands.executeCommand<{ refused?: string } | undefined>('quizModules.importScores', { uri, confirm: false }).then((r) => r?.refused);
    assert.match((await refusal(foreign)) ?? '', /not a Quiz Modules scores export/);
    fs.writeFileSync(foreign.fsPath, '{ not json');
    assert.match((await refusal(foreign)) ?? '', /not JSON/);
    assert.match((await refusal(xapiUri)) ?? '', /not a Quiz Modules scores export/, 'xAPI statements are not an export to import');
    assert.equal(await snapshot(), state);

    // "Re-read" from the dashboard opens the module at the section; anything else is ignored.
    const section = exam.questions[0]!.section!;
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'fixture-exam', section: 'not-a-section' }), false);
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'nope', section }), false);
    assert.equal(await scores.onMessage({ type: 'openLink', href: 'command:x' }), false);
    assert.match(before, new RegExp(`data-reread-module="fixture-exam" data-reread-section="${section}"`));
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'fixture-exam', section }), true);
    const opened = panels.get('fixture-exam');
    assert.ok(opened, 'the module panel is open');
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
  });

  it('opens a module\'s file for editing', async () => {
    await api();
    await vscode.commands.executeCommand('quizModules.openModuleFile', 'fixture-exam');
    const editor = await waitFor('the module file in an editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/exam/exam.quiz.json') ? vscode.window.activeTextEditor : undefined,
    );
    assert.match(editor.document.getText(), /"id": "fixture-exam"/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('keeps the score right when the module file is saved mid-attempt', async () => {
    const { panels, repository, store } = await api();
    const uri = workspaceUri('mid-edit', 'planets.quiz.json');
    const q = (id: string, prompt: string, texts: string[], correct: number, extra: object = {}) => ({
      id,
      prompt,
      choices: texts.map((text, i) => ({ text, ...(i === correct ? { correct: true } : {}) })),
      ...extra,
    });
    const planets = q('closest', 'Which planet is closest to the Sun?', ['Mercury', 'Venus', 'Mars'], 0);
    const original = {
      version: 1,
      id: 'fixture-mid-edit',
      title: 'Planets',
      questions: [
        planets,
        q('largest', 'Which planet is largest?', ['Jupiter', 'Saturn', 'Earth'], 0),
        q('red', 'Which planet is called red?', ['Mars', 'Venus'], 0),
        q('rings', 'Which planet has the widest rings?', ['Saturn', 'Mars'], 0),
      ],
    };
    const write = (value: unknown) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(value, null, 2)));
    try {
      await store.reset('fixture-mid-edit');
      await write(original);
      // The file watcher reloads too; an explicit reload keeps the test from depending on its timing.
      await repository.reload();
      const before = await waitFor('the module', () => repository.get('fixture-mid-edit'), 15_000).catch((error: Error) => {
        throw new Error(`${error.message}; reports: ${repository.problemReports.map((r) => `${r.uri.path}: ${r.problems.map((p) => p.message).join('; ')}`).join(' | ')}`);
      });
      const panel = await panels.open('fixture-mid-edit', 'quiz');
      const recorder = listen(panel);
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const answerRight = async () => {
        const state = recorder.lastQuiz();
        assert.ok(state.phase === 'question' && !state.feedback, 'a question waits for an answer');
        const question = repository.get('fixture-mid-edit')!.module.questions.find((x) => x.id === state.question.id)!;
        const keys = choiceKeys(question);
        await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: question.id, picks: [keys[question.choices.findIndex((c) => c.correct)]!] });
        const answered = recorder.lastQuiz();
        assert.ok(answered.phase === 'question' && answered.feedback?.correct, `"${question.id}" is graded right`);
        await panel.receive({ type: 'next', attemptId: state.attemptId });
        return question.id;
      };
      assert.equal(await answerRight(), 'closest');
      assert.equal(await answerRight(), 'largest');

      // The author moves the right choice of the first question last and makes it worth 3
      // points, rewords a choice of the second, and deletes the fourth.
      await write({
        ...original,
        questions: [
          { ...planets, choices: [planets.choices[1], planets.choices[2], planets.choices[0]], points: 3 },
          q('largest', 'Which planet is largest?', ['Jupiter', 'Saturn', 'Neptune'], 0),
          original.questions[2],
        ],
      });
      await repository.reload();
      await waitFor('the edited module', () => repository.get('fixture-mid-edit') !== before && repository.get('fixture-mid-edit'), 15_000);
      const notice = await waitFor('the notice', () => {
        const state = recorder.lastQuiz();
        return state.phase === 'question' && state.notice;
      });
      assert.deepEqual(notice, { kept: 1, reasked: 1, removed: 1, added: 0 });
      assert.ok(recorder.lastQuiz().phase === 'question');

      assert.equal(await answerRight(), 'largest', 'the changed question is asked again');
      assert.equal(await answerRight(), 'red');
      const result = recorder.lastQuiz();
      assert.ok(result.phase === 'summary');
      assert.equal(result.summary.earned, 5);
      assert.equal(result.summary.possible, 5);
      assert.equal(result.summary.percent, 100);
      assert.deepEqual(result.summary.review.map((r) => r.questionId), ['closest', 'largest', 'red']);
      const first = result.summary.review[0]!;
      const mercury = first.choices.find((c) => c.html === 'Mercury')!;
      assert.deepEqual(first.feedback?.picks, [mercury.id], 'the review shows the pick, Mercury');
      assert.equal(first.feedback?.earned, 3);
      const saved = (await store.saved('fixture-mid-edit')) as { version: number; attempts: { result: { earned: number; possible: number }; superseded: unknown[] }[] } | undefined;
      assert.equal(saved?.version, 3);
      assert.deepEqual(saved?.attempts.map((a) => [a.result.earned, a.result.possible]), [[5, 5]]);
      assert.equal(saved?.attempts[0]!.superseded.length, 1, 'the answer to the old version is kept in the history');
      recorder.dispose();
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
      await store.reset('fixture-mid-edit');
    }
  });

  it('handles a double answer and a double retake as one', async () => {
    const { panels, store } = await api();
    await store.reset('fixture-exam');
    const panel = await panels.open('fixture-exam', 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      await Promise.all([panel.receive({ type: 'restart' }), panel.receive({ type: 'restart' })]);
      assert.equal(store.get('fixture-exam').attempts.length, 1, 'two presses of Start over make one attempt');
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const first = { type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: [state.question.choices[0]!.id] };
      const second = { ...first, picks: [state.question.choices[1]!.id] };
      await Promise.all([panel.receive(first), panel.receive(second)]);
      const attempt = store.get('fixture-exam').attempts[0]!;
      assert.equal(Object.keys(attempt.answers).length, 1);
      assert.deepEqual(attempt.answers[state.question.id]!.picks, first.picks, 'the first answer counts');
    } finally {
      recorder.dispose();
    }
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
      assert.doesNotMatch(page(), /\d+%|Per-question accuracy/);
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

  it('changes nothing for 2,000 random and malformed messages from the page', async function () {
    this.timeout(60_000);
    const { panels, store } = await api();
    await store.reset('fixture-exam');
    const panel = await panels.open('fixture-exam', 'quiz');
    const recorder = listen(panel);
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const keys = state.question.choices.map((c) => c.id);
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: [keys[0]!] });
      const before = JSON.stringify(store.get('fixture-exam'));
      const messages = fc.sample(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.constantFrom('answer', 'next', 'grade', 'ready'), attemptId: fc.anything(), questionId: fc.anything(), picks: fc.anything() }),
          fc.record({ type: fc.constant('answer'), attemptId: fc.constantFrom(state.attemptId, 'other'), questionId: fc.constant(state.question.id), picks: fc.subarray(keys, { minLength: 1 }) }),
          fc.record({ type: fc.constant('next'), attemptId: fc.constantFrom(state.attemptId, 'other') }),
        ),
        2000,
      );
      for (const message of messages) await panel.receive(message);
      assert.equal(JSON.stringify(store.get('fixture-exam')), before, 'the saved record is exactly as before');
      // A refused answer is said on the page ("not counted"); nothing else may go wrong.
      assert.ok(!recorder.messages.some((m) => m.type === 'error' && !/not counted/.test(m.message)), 'nothing threw');
    } finally {
      recorder.dispose();
    }
  });

  it('loads a good module beside hostile and oversized files, and names each bad file at a place in it', async function () {
    this.timeout(120_000);
    const { repository } = await api();
    const folder = workspaceUri('hostile-files');
    const write = (name: string, text: string | Uint8Array) =>
      vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), typeof text === 'string' ? new TextEncoder().encode(text) : text);
    const module = (id: string, extra: object = {}) =>
      JSON.stringify({ version: 1, id, title: id, questions: [{ id: 'q', prompt: 'Pick a', choices: [{ text: 'a', correct: true }, { text: 'b' }] }], ...extra }, null, 2);
    try {
      await write('good.quiz.json', module('fixture-good-among-bad'));
      // 50 MB of spaces around an object: refused by its size, before it is read.
      const huge = new Uint8Array(50 * 1024 * 1024).fill(32);
      huge[0] = 123;
      huge[huge.length - 1] = 125;
      await write('huge.quiz.json', huge);
      await write('deep.quiz.json', '['.repeat(100_000));
      await write('long-prompt.quiz.json', module('fixture-long-prompt', { questions: [{ id: 'q', prompt: 'x'.repeat(2 * 1024 * 1024), choices: [{ text: 'a', correct: true }, { text: 'b' }] }] }));
      await write('big-article.quiz.json', module('fixture-big-article', { article: 'big.md' }));
      await write('big.md', '# Big\n' + 'word '.repeat(700_000));
      await write('nested-article.quiz.json', module('fixture-nested-article', { article: 'nested.md' }));
      await write('nested.md', Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'));
      await write('not-json.quiz.json', '\u0000\u0001 not json at all {{{');
      await repository.reload();
      assert.ok(
        repository.get('fixture-good-among-bad'),
        `the good module loads; reports: ${repository.problemReports.map((r) => `${r.uri.path}: ${r.problems.map((p) => p.message).join('; ')}`).join(' | ')}`,
      );
      const reports = new Map(repository.problemReports.filter((r) => r.uri.path.includes('/hostile-files/')).map((r) => [r.uri.path.split('/').pop()!, r.problems]));
      const expected: Record<string, RegExp> = {
        'huge.quiz.json': /module file is 50\.0 MB; a module file may be at most 5\.0 MB/,
        'deep.quiz.json': /nested more than 64 levels/,
        'long-prompt.quiz.json': /"prompt" is 2097152 characters long; it may be at most 20000/,
        'big-article.quiz.json': /article is 3\.4 MB; an article may be at most 2\.0 MB/,
        'nested-article.quiz.json': /nests lists or quotes \d+ levels deep at its line 33/,
        'not-json.quiz.json': /./,
      };
      assert.deepEqual([...reports.keys()].sort(), Object.keys(expected).sort());
      for (const [name, pattern] of Object.entries(expected)) {
        const problems = reports.get(name)!;
        assert.match(problems[0]!.message, pattern, `${name}: ${problems[0]!.message}`);
        for (const problem of problems) assert.ok(problem.line >= 1 && problem.column >= 1, `${name} is located`);
      }
      const diagnostics = await waitFor('the Problems panel entry', () => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.joinPath(folder, 'huge.quiz.json'));
        return found.length > 0 && found;
      });
      assert.equal(diagnostics[0]!.range.start.line, 0);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await repository.reload();
    }
  });

  it('shows a typo and a weak question as warnings in the Problems panel, loads the module, and clears them once fixed', async () => {
    const { repository } = await api();
    const uri = workspaceUri('typo', 'typo.quiz.json');
    const module = {
      version: 1,
      id: 'fixture-typo',
      title: 'Typo',
      feedbackTimming: 'end',
      questions: [{ id: 'q', prompt: 'Pick a', choices: [{ text: 'a', correct: true }, { text: 'b', feedback: 'Not b.' }] }],
    };
    const write = (value: unknown) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(value, null, 2)));
    try {
      await write(module);
      await repository.reload();
      assert.ok(repository.get('fixture-typo'), 'a typo does not keep the module from loading');
      const diagnostics = await waitFor('the warnings', () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.length >= 2 && found;
      });
      const typo = diagnostics.find((d) => /feedbackTimming/.test(d.message))!;
      assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(typo.message, /Did you mean "feedbackTiming"\?/);
      assert.equal(typo.range.start.line, 4);
      const lint = diagnostics.find((d) => d.code === 'missing-explanation')!;
      assert.equal(lint.severity, vscode.DiagnosticSeverity.Warning);
      const { feedbackTimming: _typo, ...fixed } = module;
      await write({ ...fixed, feedbackTiming: 'end', questions: [{ ...module.questions[0], explanation: 'Because a.' }] });
      await repository.reload();
      await waitFor('the warnings to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
      assert.equal(repository.get('fixture-typo')?.module.feedbackTiming, 'end');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
      await repository.reload();
    }
  });

  it('opens the bundled module\'s file read-only', async () => {
    await api();
    await vscode.commands.executeCommand('quizModules.openModuleFile', BUNDLED_ID);
    const editor = await waitFor('the bundled file in an editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'quiz-modules-bundled' ? vscode.window.activeTextEditor : undefined,
    );
    assert.match(editor.document.getText(), /"id": "tokayev-beijing-2019"/);
    assert.ok(editor.document.uri.path.endsWith('/quizzes/tokayev-beijing-2019.quiz.json'));
    // The editor is read-only for typing; an edit made through the API cannot be saved back.
    const bundledFile = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'quizzes', 'tokayev-beijing-2019.quiz.json');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(bundledFile));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(await editor.document.save(), false, 'the document cannot be saved');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(bundledFile)), before, 'the bundled file is unchanged');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('looks for modules where quizModules.include and quizModules.exclude say, as soon as they change', async () => {
    const { repository } = await api();
    const config = vscode.workspace.getConfiguration('quizModules');
    try {
      await config.update('exclude', ['**/exam/**'], vscode.ConfigurationTarget.Workspace);
      await waitFor('the exam module to leave', () => repository.get('fixture-exam') === undefined, 15_000);
      assert.ok(repository.get(BUNDLED_ID), 'the bundled module stays');
      await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('the exam module to come back', () => repository.get('fixture-exam'), 15_000);
      await config.update('include', 'exam/*.quiz.json', vscode.ConfigurationTarget.Workspace);
      await waitFor('only the exam folder', () => !repository.problemReports.some((r) => r.uri.path.includes('/broken/')) && repository.get('fixture-exam'), 15_000);
    } finally {
      await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('include', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('every module again', () => repository.problemReports.some((r) => r.uri.path.includes('/broken/')), 15_000);
    }
  });

  it('creates a new module from a title, which loads with no problem and no lint, and refuses to overwrite it', async () => {
    const { repository, panels, previews } = await api();
    const folder = workspaceUri('new-modules');
    try {
      assert.equal(await vscode.commands.executeCommand('quizModules.newModule', { title: 'Café Basics: a first look', folder }), true);
      const moduleUri = vscode.Uri.joinPath(folder, 'cafe-basics-a-first-look.quiz.json');
      const articleUri = vscode.Uri.joinPath(folder, 'cafe-basics-a-first-look.md');
      const loaded = repository.get('cafe-basics-a-first-look');
      assert.ok(loaded, 'the new module is loaded at once');
      assert.equal(loaded.module.title, 'Café Basics: a first look');
      assert.ok(!repository.warningReports.some((r) => r.uri.toString() === moduleUri.toString()), 'the template passes every lint rule');
      assert.deepEqual(vscode.languages.getDiagnostics(moduleUri), []);
      const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.path : ''));
      assert.ok(open.some((p) => p.endsWith('.quiz.json')) && open.some((p) => p.endsWith('.md')), 'both files are open');
      const preview = await waitFor('the preview beside them', () => previews.get(moduleUri));
      await preview.settled();
      assert.equal(preview.content?.module.title, 'Café Basics: a first look');
      assert.equal(panels.get('cafe-basics-a-first-look'), undefined, 'no learner panel, so no attempt');
      const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(moduleUri));
      await vscode.workspace.fs.writeFile(articleUri, new TextEncoder().encode('# Mine\n'));
      assert.equal(await vscode.commands.executeCommand('quizModules.newModule', { title: 'Cafe basics, a first look', folder }), false, 'a taken name is refused');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(moduleUri)), written, 'nothing is overwritten');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(articleUri)), '# Mine\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await repository.reload();
    }
  });

  it('reloads when a module file is added, and reports it when it breaks', async () => {
    const { repository } = await api();
    const uri = workspaceUri('live', 'live.quiz.json');
    const valid = {
      version: 1,
      id: 'fixture-live',
      title: 'Live',
      questions: [{ id: 'q', prompt: 'p', choices: [{ text: 'a', correct: true }, { text: 'b' }] }],
    };
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(valid, null, 2)));
      // The file watcher is slow to report on a busy machine.
      await waitFor('the new module', () => repository.get('fixture-live'), 30_000);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify({ ...valid, version: 7 }, null, 2)));
      const report = await waitFor('the problem report', () => repository.problemReports.find((r) => r.uri.path.endsWith('/live/live.quiz.json')), 30_000);
      assert.match(report.problems[0]!.message, /"version" must be 1/);
      assert.equal(report.problems[0]!.line, 2);
      assert.equal(repository.get('fixture-live'), undefined);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });
  describe('module preview', () => {
    const folder = () => workspaceUri('preview-fixture');
    const moduleUri = () => vscode.Uri.joinPath(folder(), 'preview.quiz.json');
    const articleUri = () => vscode.Uri.joinPath(folder(), 'preview.md');
    const module = {
      version: 1,
      id: 'fixture-preview',
      title: 'Preview fixture',
      article: 'preview.md',
      questions: [
        {
          id: 'q1',
          prompt: 'Which letter comes first?',
          explanation: 'The alphabet starts with a.',
          section: 'letters',
          choices: [
            { text: 'a', correct: true },
            { text: 'b', feedback: 'b comes second.' },
          ],
        },
      ],
    };
    const encoder = new TextEncoder();

    beforeEach(async () => {
      await vscode.workspace.fs.writeFile(moduleUri(), encoder.encode(`${JSON.stringify(module, null, 2)}\n`));
      await vscode.workspace.fs.writeFile(articleUri(), encoder.encode('# Preview fixture\n\n## Letters\n\nThe first letter is a.\n'));
      const { repository } = await api();
      await repository.reload();
      assert.ok(repository.get('fixture-preview'), 'the fixture loads');
    });

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder(), { recursive: true });
      await (await api()).repository.reload();
    });

    /** Every key and value in workspaceState and every saved record, to show the preview wrote nothing. */
    async function savedState(): Promise<string> {
      const { workspaceState, store } = await api();
      return JSON.stringify([[...workspaceState.keys()].sort().map((key) => [key, workspaceState.get(key)]), await store.savedRecords()]);
    }

    it('opens beside the editor, follows unsaved edits of the module and the article, keeps the last good version, and saves nothing', async () => {
      const { previews, panels, repository } = await api();
      const before = await savedState();
      const editor = await vscode.window.showTextDocument(moduleUri());
      const preview = await vscode.commands.executeCommand<unknown>('quizModules.previewModule');
      assert.ok(preview, 'the command returns the preview');
      const opened = await waitFor('the preview', () => previews.get(moduleUri()));
      await opened.settled();
      assert.equal(opened.panel.viewType, 'quizModules.preview');
      assert.equal(opened.panel.viewColumn, vscode.ViewColumn.Two, 'beside the editor');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), moduleUri().toString(), 'the editor keeps the focus');
      // As secure as the learner's panel: a nonce-only CSP, one script, narrow roots, no command URIs.
      const options = opened.panel.webview.options;
      assert.equal(options.enableCommandUris, false);
      const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.path;
      assert.deepEqual((options.localResourceRoots ?? []).map((u) => u.path).sort(), [`${extensionPath}/dist/webview`, `${extensionPath}/media`, folder().path].sort());
      const html = opened.panel.webview.html.replace(/&#39;/g, "'");
      const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
      assert.ok(nonce);
      assert.equal(html.match(/<script /g)?.length, 1);
      assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="[^"]+/dist/webview/preview\\.js"`));
      assert.equal(opened.panel.title, 'Preview: Preview fixture');
      const first = opened.content!;
      assert.match(first.module.articleHtml ?? '', /The first letter is a\./);
      assert.equal(first.questions.length, 1);
      const keys = choiceKeys(repository.get('fixture-preview')!.module.questions[0]!);
      assert.deepEqual(first.questions[0]!.correctChoices, [keys[0]], 'the answer key is there for the author');
      assert.match(first.questions[0]!.choiceFeedback[0]!.html, /b comes second/);
      assert.match(first.questions[0]!.explanationHtml ?? '', /alphabet/);
      assert.equal(first.questions[0]!.section?.id, 'section-letters');
      assert.deepEqual(opened.status, { errors: 0, warnings: 0, file: 'preview-fixture/preview.quiz.json' });

      // An unsaved edit of the prompt reaches the preview, debounced; the file on disk is untouched.
      const text = editor.document.getText();
      const at = text.indexOf('Which letter comes first?');
      const started = Date.now();
      await editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'Which letter'.length)), 'What letter'));
      await waitFor('the edited prompt', () => opened.content?.questions[0]?.promptHtml.includes('What letter comes first?'));
      const followedMs = Date.now() - started;
      console.log(`figure: the preview followed an unsaved edit in ${followedMs} ms (debounce ${PREVIEW_DEBOUNCE_MS} ms)`);
      assert.ok(followedMs >= 250, `debounced (${followedMs} ms)`);
      assert.ok(editor.document.isDirty, 'the edit is not saved');
      assert.equal(repository.get('fixture-preview')!.module.questions[0]!.prompt, 'Which letter comes first?', 'the loader still has the saved file');

      // Several keystrokes in a row make one refresh.
      await opened.settled();
      const versionBefore = opened.content!.version;
      // The debounce sees a keystroke when the host handles its change event, which on a loaded
      // machine can be later than the edit's promise; the gaps are measured there, as it sees them.
      const heardAt: number[] = [];
      const hearing = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === moduleUri().toString() && event.contentChanges.length > 0) heardAt.push(Date.now());
      });
      // A refresh is a post that carries a newly drawn version (the page's "ready" re-sends the last one).
      const drawn = new Set<number>();
      const drawing = opened.onDidPost((message) => {
        if (message.content && message.content.version > versionBefore) drawn.add(message.content.version);
      });
      const insertAt = editor.document.getText().indexOf('comes first?') + 'comes first'.length;
      for (const [i, letter] of ['x', 'y', 'z'].entries()) {
        await editor.edit((edit) => edit.insert(editor.document.positionAt(insertAt + i), letter));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor('the typed letters', () => opened.content?.questions[0]?.promptHtml.includes('firstxyz?'));
      await opened.settled();
      hearing.dispose();
      drawing.dispose();
      // Only keystrokes closer together than the debounce must merge; a pause past it (a slow
      // machine) rightly makes one more refresh.
      const gaps = heardAt.slice(1).map((t, i) => t - heardAt[i]!);
      const pauses = gaps.filter((gap) => gap >= PREVIEW_DEBOUNCE_MS).length;
      const refreshes = drawn.size;
      console.log(`figure: three keystrokes heard ${gaps.join(' ms, ')} ms apart made ${refreshes} refresh(es)`);
      assert.equal(heardAt.length, 3, 'three change events');
      assert.ok(refreshes >= 1 && refreshes <= 1 + pauses, `${refreshes} refreshes for three keystrokes ${gaps.join(' ms, ')} ms apart`);
      assert.equal(opened.content!.version, versionBefore + refreshes, 'drawn once per refresh');

      // The article too, unsaved.
      const article = await vscode.workspace.openTextDocument(articleUri());
      const articleEditor = await vscode.window.showTextDocument(article, vscode.ViewColumn.One);
      await articleEditor.edit((edit) => edit.insert(new vscode.Position(article.lineCount - 1, 0), 'Then comes b.\n'));
      await waitFor('the edited article', () => opened.content?.module.articleHtml?.includes('Then comes b.'));

      // Broken JSON: the last good version stays, the banner names the first problem.
      const good = opened.content!;
      const moduleEditor = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      const comma = moduleEditor.document.getText().indexOf('"title"') - 1;
      const brokenAt = moduleEditor.document.positionAt(comma);
      await moduleEditor.edit((edit) => edit.insert(brokenAt, '{{'));
      const status = await waitFor('the banner', () => (opened.status && opened.status.errors > 0 ? opened.status : undefined));
      assert.ok(status.firstError, 'the first problem is named');
      assert.equal(status.firstError.line, brokenAt.line + 1, status.firstError.message);
      assert.ok(status.firstError.column >= 1);
      assert.equal(opened.content, good, 'the last good version is still shown');
      // Fixed again: the banner goes.
      await moduleEditor.edit((edit) => edit.delete(new vscode.Range(brokenAt, brokenAt.translate(0, 2))));
      await waitFor('the banner to go', () => opened.status?.errors === 0);

      assert.equal(panels.get('fixture-preview'), undefined, 'no learner panel was opened');
      assert.equal(await savedState(), before, 'nothing saved changed: no attempt, no score');
    });

    it('shows a file that never parsed as a banner only, acts on no quiz message, and disposes cleanly', async () => {
      const { previews, store } = await api();
      const before = await savedState();
      await vscode.workspace.fs.writeFile(moduleUri(), encoder.encode('{ "version": 1, "id": "fixture-preview", '));
      const opened = (await previews.open(moduleUri()))!;
      await opened.settled();
      assert.equal(opened.content, undefined);
      assert.ok(opened.status!.errors > 0);
      assert.equal(opened.status!.firstError!.line, 1);
      // A page that claims to start a quiz changes nothing: the preview has no session.
      for (const message of [{ type: 'start' }, { type: 'restart' }, { type: 'answer', attemptId: 'x', questionId: 'q1', picks: ['a'] }]) {
        (opened as unknown as { receive(m: unknown): void }).receive(message);
      }
      assert.equal(store.get('fixture-preview').attempts.length, 0, 'no attempt was started');
      // Closing the panel ends the preview: no more refreshes, no listeners left.
      const posts: unknown[] = [];
      opened.onDidPost((m) => posts.push(m));
      opened.panel.dispose();
      await waitFor('the preview to go', () => previews.get(moduleUri()) === undefined);
      await vscode.workspace.fs.writeFile(moduleUri(), encoder.encode(`${JSON.stringify(module, null, 2)}\n`));
      await (await api()).repository.reload();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(posts, [], 'a closed preview posts nothing');
      assert.equal(await savedState(), before);
    });

    it('names an article over the size limit in the banner, without reading it, and keeps the last good version', async () => {
      const { previews } = await api();
      const opened = (await previews.open(moduleUri()))!;
      await opened.settled();
      const good = opened.content;
      assert.ok(good);
      await vscode.workspace.fs.writeFile(articleUri(), encoder.encode(`# Big\n\n${'x'.repeat(2_200_000)}\n`));
      const status = await waitFor('the size problem', () => (opened.status?.errors ? opened.status : undefined), 15_000);
      assert.match(status.firstError!.message, /the article is 2\.1 MB; an article may be at most 2(?:\.0)? MB/);
      assert.equal(status.firstError!.line, 5, 'at the "article" value');
      assert.equal(opened.content, good);
    });

    it('opens the preview of a module from its article', async () => {
      const { previews } = await api();
      await vscode.window.showTextDocument(articleUri());
      await vscode.commands.executeCommand('quizModules.previewModule');
      const opened = await waitFor('the preview', () => previews.get(moduleUri()));
      await opened.settled();
      assert.equal(opened.content?.module.id, 'fixture-preview');
    });
  });

  it('opens another module, at a heading, from a relative link in an article, and refuses a link to any other file', async () => {
    const { repository, panels } = await api();
    const root = workspaceUri('linked');
    const encoder = new TextEncoder();
    const write = (path: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, path), encoder.encode(text));
    const moduleText = (id: string, article: string) =>
      JSON.stringify({ version: 1, id, title: id, article, questions: [{ id: 'q', prompt: 'p', choices: [{ text: 'a', correct: true }, { text: 'b' }] }] });
    try {
      await write('a/a.quiz.json', moduleText('fixture-link-a', 'a.md'));
      await write('a/a.md', '# A\n\nRead [the other one](../b/b.md#second-part) or [notes](notes.txt).\n');
      await write('a/notes.txt', 'not a module');
      await write('b/b.quiz.json', moduleText('fixture-link-b', 'b.md'));
      await write('b/b.md', '# B\n\n## First part\n\ntext\n\n## Second part\n\nmore\n');
      await repository.reload();
      assert.ok(repository.get('fixture-link-a') && repository.get('fixture-link-b'));
      await vscode.commands.executeCommand('quizModules.openModule', 'fixture-link-a');
      const a = panels.get('fixture-link-a')!;
      const aMessages = listen(a);
      const shown = await waitFor('module a in its page', () =>
        aMessages.messages.find((m): m is Extract<ToModulePageMessage, { type: 'module' }> => m.type === 'module'),
      );
      const href = /href="#quiz-link:([^"]+)"/.exec(shown.module.articleHtml ?? '')?.[1];
      assert.equal(href && decodeURIComponent(href), '../b/b.md#second-part', 'the relative link stays a link');
      // The page sends what a click on it sends.
      await a.receive({ type: 'openLink', href: '../b/b.md#second-part' });
      const b = await waitFor('module b opened', () => panels.get('fixture-link-b'));
      const bMessages = listen(b);
      await waitFor('module b at its heading', () =>
        bMessages.messages.some((m) => m.type === 'show' && m.view === 'article' && m.section === 'section-second-part'),
      );
      // A local file that is not a module's article is not opened.
      const openTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
      const tabsBefore = openTabs();
      await a.receive({ type: 'openLink', href: 'notes.txt' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(openTabs(), tabsBefore, 'nothing opened for a file that is no module');
      assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('notes.txt')));
      aMessages.dispose();
      bMessages.dispose();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(root, { recursive: true });
      await repository.reload();
    }
  });
});
