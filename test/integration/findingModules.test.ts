/**
 * How the extension finds modules: activation and its commands, the bundled module, the
 * workspace's module files with their problems, the include/exclude settings and the file watcher.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, BUNDLED_ID, extension, waitFor, workspaceUri, writeModule } from './support';

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
