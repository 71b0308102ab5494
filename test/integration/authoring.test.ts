/**
 * An author at work: the module's file in an editor, warnings in the Problems panel, a new
 * module from a title, and the preview that follows unsaved edits.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { PREVIEW_DEBOUNCE_MS } from '../../src/host/preview/ModulePreview';
import { api, BUNDLED_ID, extension, readText, waitFor, workspaceUri, writeFile, writeModule } from './support';

describe('Authoring a module: its file, its warnings and the preview', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
    const write = (value: unknown) => writeModule(uri, value);
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
    const bundledFile = vscode.Uri.joinPath(extension().extensionUri, 'quizzes', 'tokayev-beijing-2019.quiz.json');
    const before = await readText(bundledFile);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(await editor.document.save(), false, 'the document cannot be saved');
    assert.equal(await readText(bundledFile), before, 'the bundled file is unchanged');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
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
      const written = await readText(moduleUri);
      await writeFile(articleUri, '# Mine\n');
      assert.equal(await vscode.commands.executeCommand('quizModules.newModule', { title: 'Cafe basics, a first look', folder }), false, 'a taken name is refused');
      assert.equal(await readText(moduleUri), written, 'nothing is overwritten');
      assert.equal(await readText(articleUri), '# Mine\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await repository.reload();
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

    beforeEach(async () => {
      await writeFile(moduleUri(), `${JSON.stringify(module, null, 2)}\n`);
      await writeFile(articleUri(), '# Preview fixture\n\n## Letters\n\nThe first letter is a.\n');
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
      // The module files listed last (for the next start's sidebar) follow the files, and are no score.
      const keys = [...workspaceState.keys()].filter((key) => key !== 'quizModules.lastListing').sort();
      return JSON.stringify([keys.map((key) => [key, workspaceState.get(key)]), await store.savedRecords()]);
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
      const extensionPath = extension().extensionUri.path;
      assert.deepEqual((options.localResourceRoots ?? []).map((u) => u.path).sort(), [`${extensionPath}/dist/webview`, `${extensionPath}/media`, folder().path].sort());
      const html = opened.panel.webview.html.replace(/&#39;/g, "'");
      const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
      assert.ok(nonce);
      assert.equal(html.match(/<script (?!type="application\/json")/g)?.length, 1, 'one script runs (the data block never does)');
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
      await writeFile(moduleUri(), '{ "version": 1, "id": "fixture-preview", ');
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
      await writeFile(moduleUri(), `${JSON.stringify(module, null, 2)}\n`);
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
      await writeFile(articleUri(), `# Big\n\n${'x'.repeat(2_200_000)}\n`);
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
});
