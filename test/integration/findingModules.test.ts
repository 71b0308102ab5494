/**
 * How the extension finds modules: activation and its commands, the bundled module, the
 * workspace's module files with their problems, the include/exclude settings and the file watcher.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ModuleRepository } from '../../src/host/repository/ModuleRepository';
import { StartAfterActivation } from '../../src/host/start/StartAfterActivation';
import { TreeUntilStarted } from '../../src/host/start/TreeUntilStarted';
import { api, BUNDLED_ID, extension, MemoryMemento, waitFor, workspaceUri, writeModule } from './support';

const LAST_LISTING = 'quizModules.lastListing';

/** A valid module of one question. */
function smallModule(id: string): unknown {
  return { version: 1, id, title: id, questions: [{ id: 'q', prompt: 'p', explanation: 'e', choices: [{ text: 'a', correct: true }, { text: 'b', feedback: 'no' }] }] };
}

/**
 * A repository as a window's start makes one, over the workspace's files and `memento` (as its
 * workspaceState), with what the list was given at each part of its first load.
 */
function startRepository(memento: vscode.Memento, include = '**/*.quiz.json'): { repository: ModuleRepository; parts: string[][] } {
  const repository = new ModuleRepository(vscode.Uri.joinPath(extension().extensionUri, 'quizzes'), () => false, () => [], () => ({ include, exclude: [] }), memento);
  const parts: string[][] = [];
  repository.onDidLoadPart(() => parts.push(repository.listedSoFar.map((m) => m.module.id)));
  return { repository, parts };
}

describe('Finding modules: activation, the bundled module and the workspace\'s files', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates and hands its services out only to its own tests', async () => {
    const exports = await api();
    assert.ok(extension().isActive);
    // The suite runs in ExtensionMode.Test; in Production `activate` returns undefined (a unit of
    // the composition root cannot be reached from here, so the mode is what is checked).
    assert.ok(exports.repository && exports.store && exports.panels && exports.scores);
  });

  it('lists the modules and counts what is due without the code of the pages, commands and LRS, which their first use loads', async () => {
    const exports = await api();
    assert.equal(exports.laterCode.atActivation, false, 'activate() returned without loading dist/later.js');
    assert.equal(exports.startCode.atActivation, false, 'activate() registered the contributions without loading dist/start.js');
    assert.ok((await exports.tree.getChildren()).some((node) => node.kind === 'module'), 'the sidebar lists modules');
    assert.ok(exports.due.count() >= 0, 'the status bar has its due count');
    // A page, a command or a test asking for one makes them; here the scores page.
    assert.equal(typeof exports.scores.html, 'function');
    assert.equal(exports.laterCode.loaded(), true);
  });

  it('answers the sidebar and a command asked before the start is made once it is, and passes the list\'s changes on', async () => {
    const exports = await api();
    // The registrations activation makes, over the extension's own start services, asked before
    // their turn comes as a window's first moments would.
    const uri = workspaceUri('start-wait', 'early.quiz.json');
    await writeModule(uri, smallModule('fixture-early'));
    const start = new StartAfterActivation(() => exports.started);
    const tree = new TreeUntilStarted(start);
    try {
      const changes: number[] = [];
      tree.onDidChangeTreeData(() => changes.push(Date.now()));
      const listed = tree.getChildren();
      // quizModules.refresh, as the registered command hands it on.
      const refreshed = start.with(({ later }) => later.services.commands['quizModules.refresh']());
      assert.equal(start.services, undefined, 'asked before the start was made');
      await refreshed;
      const ids = ((await listed) ?? []).flatMap((node) => (node.kind === 'module' ? [node.loaded.module.id] : []));
      assert.ok(ids.includes(BUNDLED_ID), 'the list the waiting call gets holds the modules');
      assert.ok(exports.repository.get('fixture-early'), 'the command called before the start ran');
      assert.ok(exports.due.count() >= 0, 'the due count is there');
      // A change of the start's list reaches the view through the provider activation registered.
      changes.length = 0;
      await vscode.workspace.fs.delete(uri);
      await vscode.commands.executeCommand('quizModules.refresh');
      await waitFor('the change passed on', () => changes.length > 0);
      const after = ((await tree.getChildren()) ?? []).flatMap((node) => (node.kind === 'module' ? [node.loaded.module.id] : []));
      assert.ok(!after.includes('fixture-early'));
    } finally {
      tree.dispose();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true }).then(undefined, () => undefined);
      await vscode.commands.executeCommand('quizModules.refresh');
    }
  });

  it('registers every command it contributes', async () => {
    await api();
    const manifest = extension().packageJSON as {
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

  it('lists at a start the module files the last session listed, then what the search finds now', async function () {
    this.timeout(120_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const memento = new MemoryMemento();
    const gone = workspaceUri('last-listing', 'gone.quiz.json');
    const added = workspaceUri('last-listing', 'added.quiz.json');
    // Valid modules where the search never looks, or outside the workspace.
    const hidden = workspaceUri('last-listing', '.dot', 'hidden.quiz.json');
    const packaged = workspaceUri('last-listing', 'node_modules', 'p', 'packaged.quiz.json');
    const outside = vscode.Uri.joinPath(folder.uri, '..', 'outside-last-listing.quiz.json');
    const cleanUp = async () => {
      await vscode.workspace.fs.delete(workspaceUri('last-listing'), { recursive: true }).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(outside).then(undefined, () => undefined);
    };
    await writeModule(gone, smallModule('fixture-gone'));
    for (const [uri, id] of [[hidden, 'fixture-hidden'], [packaged, 'fixture-packaged'], [outside, 'fixture-outside']] as const) await writeModule(uri, smallModule(id));
    try {
      const first = startRepository(memento);
      await first.repository.ready;
      first.repository.dispose();
      const listedBefore = first.repository.modules.map((m) => m.module.id);
      assert.ok(listedBefore.includes('fixture-gone') && listedBefore.includes('fixture-exam'), listedBefore.join(', '));

      // While the window is closed: one module removed, one added, and the saved listing tampered
      // with to name files the search would never give.
      await vscode.workspace.fs.delete(gone);
      await writeModule(added, smallModule('fixture-added'));
      const saved = memento.get<{ files: [number, string][] }>(LAST_LISTING);
      assert.ok(saved && saved.files.some(([, path]) => path === 'last-listing/gone.quiz.json'), JSON.stringify(saved));
      const hostile: [number, string][] = [
        [0, 'last-listing/.dot/hidden.quiz.json'],
        [0, 'last-listing/node_modules/p/packaged.quiz.json'],
        [0, '../outside-last-listing.quiz.json'],
        [0, 'last-listing/x/../../../outside-last-listing.quiz.json'],
        [1, 'last-listing/added.quiz.json'],
      ];
      await memento.update(LAST_LISTING, { ...saved, files: [...saved.files, ...hostile] });

      const second = startRepository(memento);
      await second.repository.ready;
      second.repository.dispose();
      // First the files listed last time that are still there, none of the others: the search
      // had not decided yet, since the added module is not among them.
      assert.deepEqual(second.parts[0], listedBefore.filter((id) => id !== 'fixture-gone'));
      // In the end, what the search finds.
      const listedAfter = second.repository.modules.map((m) => m.module.id);
      assert.ok(listedAfter.includes('fixture-added') && !listedAfter.includes('fixture-gone'), listedAfter.join(', '));
      for (const never of ['fixture-hidden', 'fixture-packaged', 'fixture-outside']) {
        assert.ok(!second.parts.some((part) => part.includes(never)) && !listedAfter.includes(never), `${never} is never listed`);
      }
      const kept = memento.get<{ files: [number, string][] }>(LAST_LISTING)?.files.map(([, path]) => path) ?? [];
      assert.ok(kept.includes('last-listing/added.quiz.json') && !kept.includes('last-listing/gone.quiz.json'), kept.join(', '));

      // A listing kept for other search patterns is not used: the first list is the search's.
      const narrower = startRepository(memento, 'exam/*.quiz.json');
      await narrower.repository.ready;
      narrower.repository.dispose();
      assert.deepEqual(narrower.parts[0], ['fixture-exam']);
      assert.deepEqual(narrower.repository.modules.map((m) => m.module.id), ['fixture-exam']);
    } finally {
      await cleanUp();
      await (await api()).repository.reload();
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
      await writeModule(uri, valid);
      // The file watcher is slow to report on a busy machine.
      await waitFor('the new module', () => repository.get('fixture-live'), 30_000);
      await writeModule(uri, { ...valid, version: 7 });
      const report = await waitFor('the problem report', () => repository.problemReports.find((r) => r.uri.path.endsWith('/live/live.quiz.json')), 30_000);
      assert.match(report.problems[0]!.message, /"version" must be 1/);
      assert.equal(report.problems[0]!.line, 2);
      assert.equal(repository.get('fixture-live'), undefined);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });
});
