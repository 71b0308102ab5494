/**
 * What a learner reads before the quiz: code and formulas rendered on the host, and relative links
 * between modules' articles.
 *
 * Files run in name order, and this name is chosen for it: the first test checks that no
 * highlighter or math code was loaded before a module needed it, so it runs before any suite that
 * writes a module with code or a formula (questionBanks' sample bank has some), yet not first in
 * the window: run first, its page sent the article twice (the page said "ready" again while the
 * window was still starting, it seems), and the test counts the article's sends.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { api, extension, listen, waitFor, workspaceUri, writeFile, writeModule } from './support';

describe('Reading a module\'s article: code, formulas and links', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('renders code and formulas on the host once per module version, loading the highlighter only when a module needs it', async () => {
    const { panels, repository, store } = await api();
    const extensionPath = extension().extensionUri.fsPath;
    const extrasLoaded = () => Object.keys(require.cache).some((key) => key.startsWith(extensionPath) && key.endsWith('renderExtras.js'));
    // Everything so far (the bundled module and the fixtures) has no code fence and no formula.
    assert.equal(extrasLoaded(), false, 'no highlighter or math code loaded for modules without code or math');
    const folder = workspaceUri('code-module');
    const quizUri = vscode.Uri.joinPath(folder, 'code.quiz.json');
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
      await writeModule(quizUri, module);
      await writeFile(vscode.Uri.joinPath(folder, 'code.md'), '# Code\n\n## Sums\n\n```ts\nconst sum: number = 1 + 1;\n```\n\nA sum $a + b$.\n\n> [!NOTE]\n> Numbers.\n\nBad $\\frac{a$ here.\n');
      await repository.reload();
      assert.ok(repository.get('fixture-code'), 'the module loads');
      const warning = await waitFor('the formula warning', () => vscode.languages.getDiagnostics(quizUri).find((d) => /formula/.test(d.message)));
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(warning.message, /line 14, column 6 of the article "code\.md"/);
      assert.ok(extrasLoaded(), 'the formula check loaded the math renderer');

      await store.reset('fixture-code');
      const panel = await panels.open('fixture-code', 'article');
      const recorder = listen(panel);
      // The real page says "ready" too, whenever it has loaded; each "ready" is answered with the module.
      let pageReadies = 0;
      const pageMessages = panel.panel.webview.onDidReceiveMessage((m: { type?: unknown }) => {
        if (m.type === 'ready') pageReadies++;
      });
      try {
        await panel.receive({ type: 'ready' });
        const sent = recorder.first('module');
        const html = sent?.module.articleHtml ?? '';
        assert.match(html, /<pre class="code-block"><code class="hljs language-typescript"><span class="hljs-keyword">const<\/span>/);
        assert.match(html, /<math><mrow><mi>a<\/mi><mo>\+<\/mo><mi>b<\/mi><\/mrow><\/math>/);
        assert.match(html, /class="markdown-alert markdown-alert-note"/);
        assert.match(html, /<code class="math-source"[^>]*>\$\\frac\{a\$<\/code>/);
        // The article is rendered once for this module version: answering reuses it.
        const rendered = (panel as unknown as { rendered: unknown }).rendered;
        assert.ok(rendered);
        // Messages are handled in turn, so a "ready" the page sent before this point has been answered.
        const modulesBefore = recorder.messages.filter((m) => m.type === 'module').length;
        const readiesBefore = pageReadies;
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
        const modulesSince = recorder.messages.filter((m) => m.type === 'module').length - modulesBefore;
        assert.ok(modulesSince <= pageReadies - readiesBefore, `starting and answering sent the article again (${modulesSince} times)`);
      } finally {
        pageMessages.dispose();
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
        const html = recorder2.first('module')?.module.articleHtml ?? '';
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
      // Leaves no score behind: the LRS suite compares a class report with the learner's export.
      await store.reset('fixture-code');
    }
  });

  it('opens another module, at a heading, from a relative link in an article, and refuses a link to any other file', async () => {
    const { repository, panels } = await api();
    const root = workspaceUri('linked');
    const write = (path: string, text: string) => writeFile(vscode.Uri.joinPath(root, path), text);
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
      // Each page is heard from the moment it is made, so its first messages are not missed.
      const heard = new Map<string, ReturnType<typeof listen>>();
      const opened = panels.onDidOpen((panel) => {
        if (!heard.has(panel.moduleId)) heard.set(panel.moduleId, listen(panel));
      });
      await vscode.commands.executeCommand('quizModules.openModule', 'fixture-link-a');
      const a = panels.get('fixture-link-a')!;
      const aMessages = heard.get('fixture-link-a')!;
      // What a page says once it runs, said here too: a webview in this test workbench sometimes
      // takes longer than the wait to start, and a second "ready" only sends the same again.
      await a.receive({ type: 'ready' });
      const shown = await waitFor('module a in its page', () => aMessages.first('module'));
      const href = /href="#quiz-link:([^"]+)"/.exec(shown.module.articleHtml ?? '')?.[1];
      assert.equal(href && decodeURIComponent(href), '../b/b.md#second-part', 'the relative link stays a link');
      // The page sends what a click on it sends.
      await a.receive({ type: 'openLink', href: '../b/b.md#second-part' });
      const b = await waitFor('module b opened', () => heard.get('fixture-link-b'));
      opened.dispose();
      // The heading asked for is kept until the page is ready, whichever "ready" comes first.
      await panels.get('fixture-link-b')!.receive({ type: 'ready' });
      await waitFor('module b at its heading', () =>
        b.messages.some((m) => m.type === 'show' && m.view === 'article' && m.section === 'section-second-part'),
      );
      // A local file that is not a module's article is not opened.
      const openTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
      const tabsBefore = openTabs();
      await a.receive({ type: 'openLink', href: 'notes.txt' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(openTabs(), tabsBefore, 'nothing opened for a file that is no module');
      assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('notes.txt')));
      aMessages.dispose();
      b.dispose();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(root, { recursive: true });
      await repository.reload();
    }
  });
});
