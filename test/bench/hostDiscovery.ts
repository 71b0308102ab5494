/**
 * Runs inside the extension host for `npm run bench` (test/vscode/benchWorkbench.ts starts it as
 * the "tests" of an extension development window, so activate() hands out its services): times
 * discovery alone, from the moment 1,000 module files become visible to the extension (an
 * exclusion taken away) until the sidebar's data lists every one, and reads the extension host's
 * memory then. Rows go to the console with the marker the bench looks for.
 */
import * as vscode from 'vscode';
import type { QuizModulesTestApi } from '../../src/extension';
import { benchInHost } from './inHost';
import { emit, msFigure } from './rows';

const RUNS = 5;

/** Resolves once `probe` holds, checking after every change of the sidebar's data. */
function whenTree(api: QuizModulesTestApi, probe: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (probe()) return resolve();
    const subscription = api.tree.onDidChangeTreeData(() => {
      if (!probe()) return;
      subscription.dispose();
      resolve();
    });
  });
}

export function run(): Promise<void> {
  return benchInHost('discover', 'in the extension host: failed', async (api) => {
    const expected = api.repository.modules.length;
    const settings = vscode.workspace.getConfiguration('quizModules');
    const times: number[] = [];
    const firstParts: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      await settings.update('exclude', ['**'], vscode.ConfigurationTarget.Workspace);
      await whenTree(api, () => !api.repository.loading && api.repository.modules.length === 0);
      const started = performance.now();
      let firstPart: number | undefined;
      const part = api.repository.onDidLoadPart(() => (firstPart ??= performance.now()));
      const listed = whenTree(api, () => !api.repository.loading && api.repository.modules.length === expected);
      await settings.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await listed;
      const children = await api.tree.getChildren();
      const ended = performance.now();
      part.dispose();
      if (children.length !== expected) throw new Error(`the sidebar lists ${children.length} of ${expected}`);
      if (run === 0) continue; // the first run warms the file cache and the code
      times.push(ended - started);
      if (firstPart !== undefined) firstParts.push(firstPart - started);
    }
    emit('discover', `${expected} module files, in the extension host: found to all listed`, msFigure(times), 'find, read, check, list; target ≤ 2 s');
    if (firstParts.length > 0) emit('discover', `${expected} module files, in the extension host: found to the first batch listed`, msFigure(firstParts));
    const memory = process.memoryUsage();
    emit('memory', `extension host after listing ${expected} modules: heap used / RSS`, `${(memory.heapUsed / 1048576).toFixed(0)} MiB / ${(memory.rss / 1048576).toFixed(0)} MiB`, 'process.memoryUsage(), all extensions of the host');
  });
}
