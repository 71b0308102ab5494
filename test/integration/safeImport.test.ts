import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOSTILE_IDS } from '../unit/hostileIds';
import { api } from './support';

/** Every path under a folder with its type and, for files, its text: what must not change. */
async function listing(folder: vscode.Uri): Promise<string[]> {
  const lines: string[] = [];
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return ['(absent)'];
  }
  for (const [name, type] of entries.sort(([a], [b]) => (a < b ? -1 : 1))) {
    const child = vscode.Uri.joinPath(folder, name);
    if (type & vscode.FileType.Directory) lines.push(`${name}/`, ...(await listing(child)).map((line) => `${name}/${line}`));
    else lines.push(`${name} ${new TextDecoder().decode(await vscode.workspace.fs.readFile(child))}`);
  }
  return lines;
}

function attempt(id: string, n: number) {
  const at = (s: number) => new Date(Date.UTC(2026, 9, 1, 9, n % 60, s)).toISOString();
  return {
    id,
    startedAt: at(0),
    finishedAt: at(30),
    questionOrder: ['q1'],
    answers: { q1: { picks: ['k'], correct: true, earned: 1, points: 1, answeredAt: at(10) } },
    result: { earned: 1, possible: 1, percent: 100, passed: true },
  };
}

/** An export with 51 finished attempts: enough to move attempts to the history files on import. */
function exportText(moduleId: string, attemptId: (n: number) => string = (n) => `attempt-${n}`): string {
  const attempts = Array.from({ length: 51 }, (_, n) => attempt(attemptId(n), n));
  return JSON.stringify({ format: 'quiz-modules-scores', version: 1, exportedAt: '2026-11-29T00:00:00.000Z', modules: [{ moduleId, attempts }] });
}

describe('A hostile scores export cannot touch the disk (real VS Code)', () => {
  it('refuses every hostile id through Import Scores, and neither import nor Reset Scores changes anything outside the storage', async function () {
    this.timeout(120_000);
    const { store, schedule, workspaceState, storageUri } = await api();
    assert.ok(storageUri, 'the workspace has a storage folder');
    // What earlier tests started saving is on disk first (a save's temporary file is no change).
    await store.flushed();
    await schedule.flushed();
    const parent = vscode.Uri.joinPath(storageUri, '..');
    // A canary next to the storage folder: where `../<name>` from the history folder would lead.
    const canaryName = `canary-${Date.now()}`;
    const canary = vscode.Uri.joinPath(parent, canaryName);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(canary, 'precious'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(canary, 'precious', 'keep.txt'), new TextEncoder().encode('do not touch'));
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const stateKeys = async () => JSON.stringify([[...workspaceState.keys()].sort().map((k) => [k, workspaceState.get(k)]), await store.savedRecords()]);
    const before = { canary: await listing(canary), storage: await listing(storageUri), parent: (await listing(parent)).filter((l) => !l.includes('/')), state: await stateKeys() };
    const aimed = {
      ...HOSTILE_IDS,
      'up into the canary': `../${canaryName}`,
      'up into the canary, twice': `../../${canaryName}/precious`,
    };
    const tried: string[] = [];
    try {
      for (const [name, id] of Object.entries(aimed)) {
        for (const [where, text] of [
          ['module id', exportText(id)],
          ['attempt id', exportText('hostile-target', (n) => (n === 0 ? id : `attempt-${n}`))],
        ] as const) {
          const file = vscode.Uri.joinPath(folder, `hostile-${tried.length}.json`);
          await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
          const outcome = await vscode.commands.executeCommand<{ refused?: string }>('quizModules.importScores', { uri: file, confirm: false });
          await vscode.workspace.fs.delete(file);
          assert.ok(outcome?.refused, `${name} as ${where} is refused`);
          assert.match(outcome.refused, id === '' ? /has no (module )?id/ : /is not a valid id \(1 to 64 lower-case letters/, `${name} as ${where}: ${outcome.refused}`);
          tried.push(`${name} (${where})`);
        }
      }
      await store.flushed();
      await schedule.flushed();
      assert.deepEqual(await listing(canary), before.canary, 'the canary is untouched after the imports');
      assert.deepEqual(await listing(storageUri), before.storage, 'the storage folder is as it was');
      assert.deepEqual((await listing(parent)).filter((l) => !l.includes('/')), before.parent, 'nothing new next to the storage folder');
      assert.equal(await stateKeys(), before.state, 'no score was saved');

      // A record saved under a hostile id (as an older version's import could leave) is never
      // offered, and Reset Scores deletes nothing for it.
      const hostileKey = `quizModules.progress.../${canaryName}`;
      await workspaceState.update(hostileKey, { version: 3, moduleId: `../${canaryName}`, attempts: [] });
      // Read as the next start reads it: records move to their files, never under a hostile name.
      await store.load();
      assert.ok(!store.moduleIds().includes(`../${canaryName}`), 'the hostile id is not offered');
      assert.equal(await vscode.commands.executeCommand('quizModules.resetScores', `../${canaryName}`), false, 'Reset Scores finds no such module');
      await assert.rejects(store.reset(`../${canaryName}`), /is not a valid id/);
      await assert.rejects(store.reset('..'), /is not a valid id/);
      await workspaceState.update(hostileKey, undefined);
      assert.deepEqual(await listing(canary), before.canary, 'the canary is untouched after Reset Scores');
      assert.deepEqual(await listing(storageUri), before.storage, 'the storage folder is as it was after Reset Scores');
      console.log(`figure: hostile exports refused: ${tried.length} (${Object.keys(aimed).length} ids, each as a module id and as an attempt id)`);
    } finally {
      await vscode.workspace.fs.delete(canary, { recursive: true, useTrash: false });
    }
  });
});
