import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './support';

const FILES = 320;

function moduleFile(n: number): Uint8Array {
  const module = {
    version: 1,
    id: `many-${n}`,
    title: `Many ${n}`,
    questions: [{ id: 'q', prompt: 'Pick one', explanation: 'So.', choices: [{ text: 'Right', correct: true }, { text: 'Wrong', feedback: 'No.' }] }],
  };
  return new TextEncoder().encode(JSON.stringify(module));
}

describe('Discovery of many module files', () => {
  it(`fills the sidebar batch by batch while ${FILES} new module files are read, then lists them all`, async function () {
    this.timeout(180_000);
    const { repository, tree } = await api();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace);
    const folder = vscode.Uri.joinPath(workspace.uri, 'many-modules');
    const settings = vscode.workspace.getConfiguration('quizModules');
    // The files are written while excluded, so the loads their writing starts leave them out; taking
    // the exclusion away then starts one load in which all of them are new.
    await settings.update('exclude', ['**/many-modules/**'], vscode.ConfigurationTarget.Workspace);
    try {
      for (let n = 0; n < FILES; n++) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, `many-${n}.quiz.json`), moduleFile(n));
      await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher's reload is due 200 ms after the last write
      await waitFor('the loads after writing end', () => !repository.loading, 60_000);
      await repository.ready;
      const before = repository.modules.length;
      assert.ok(!repository.modules.some((m) => m.module.id.startsWith('many-')), 'the excluded files are not listed');

      const seen: { listed: number; loading: boolean }[] = [];
      const subscription = tree.onDidChangeTreeData(() => seen.push({ listed: repository.listedSoFar.length, loading: repository.loading }));
      await settings.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('every new module is listed', () => !repository.loading && repository.modules.length === before + FILES, 60_000);
      subscription.dispose();

      const listed = (await tree.getChildren()).filter((node) => node.kind === 'module');
      assert.equal(listed.length, before + FILES, 'the sidebar lists every module in the end');
      const parts = seen.filter((s) => s.loading);
      assert.ok(parts.length >= 2, `the list changed ${parts.length} times while the files were read`);
      assert.ok(
        parts.some((s) => s.listed > before && s.listed < before + FILES),
        `some of the new modules, not all, were listed before the load ended: ${JSON.stringify(seen)}`,
      );
      // Nothing leaves the list while it fills.
      for (let i = 1; i < parts.length; i++) assert.ok(parts[i]!.listed >= parts[i - 1]!.listed, JSON.stringify(parts));
    } finally {
      await settings.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(folder, { recursive: true });
      // A folder deleted at once may reach the watcher as one event for the folder, not its files.
      await repository.reload();
      assert.ok(!repository.modules.some((m) => m.module.id.startsWith('many-')), 'the files are gone from the list');
    }
  });
});
