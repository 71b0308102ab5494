/**
 * A learner takes a module in its page: the panel and its security, a whole attempt graded on
 * the host, resuming, a restored panel, an author's save mid-attempt, double clicks.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { api, BUNDLED_ID, extension, listen, openClean, waitFor, workspaceUri, writeModule } from './support';

describe('Taking a module', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
    const extensionPath = extension().extensionUri.path;
    assert.deepEqual(roots, [`${extensionPath}/dist/webview`, `${extensionPath}/media`, `${extensionPath}/quizzes`]);
    const html = panel.panel.webview.html.replace(/&#39;/g, "'");
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'the CSP names a nonce');
    // One script runs; the page's data travels in a JSON block, which never runs.
    assert.equal(html.match(/<script (?!type="application\/json")/g)?.length, 1, 'exactly one script that runs');
    assert.deepEqual(html.match(/<script type="[^"]*"[^>]*>/g), ['<script type="application/json" id="qm-initial">']);
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
    const { panel, panels, recorder, repository } = await openClean('fixture-exam');
    const module = repository.get('fixture-exam')!.module;
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

  it('restores a module panel through its serializer', async () => {
    const { panels } = await api();
    const webviewPanel = vscode.window.createWebviewPanel('quizModules.module', 'restored', vscode.ViewColumn.Active, {});
    await panels.deserializeWebviewPanel(webviewPanel, { moduleId: 'fixture-exam', view: 'quiz', scrollY: 0 });
    const panel = panels.get('fixture-exam');
    assert.ok(panel, 'the restored panel is tracked');
    assert.equal(panel.panel, webviewPanel);
    assert.equal(webviewPanel.title, 'Fixture: exam style');
    assert.match(webviewPanel.webview.html, /<script type="application\/json" id="qm-initial">/);
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
    const write = (value: unknown) => writeModule(uri, value);
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
    const { panel, recorder, store } = await openClean('fixture-exam');
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
});
