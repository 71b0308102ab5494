/**
 * Node's `fs/promises`, when this extension host is a Node one: the stores write and the start
 * reads with it for `file:` uris, without the workbench round trip each `vscode.workspace.fs`
 * call makes. No `vscode` import here, so unit tests can use what builds on it.
 */
import type * as NodeFs from 'node:fs/promises';

let loaded: Partial<typeof NodeFs> | null | undefined;

/**
 * Node's file system with at least the functions `names` lists, or undefined: in a web worker
 * host, or where `require` hands back something else (the caller then goes through VS Code).
 */
export function nodeFileSystem<K extends keyof typeof NodeFs>(names: readonly K[]): Pick<typeof NodeFs, K> | undefined {
  if (loaded === undefined) {
    loaded = null;
    try {
      if (typeof process === 'object' && typeof process.versions?.node === 'string') {
        // Left to run time by the bundler (the same bundle runs where there is no `require`).
        const load = require as (id: string) => Partial<typeof NodeFs> | undefined;
        loaded = load('node:fs/promises') ?? null;
      }
    } catch {
      loaded = null;
    }
  }
  const fs = loaded;
  if (!fs || !names.every((name) => typeof fs[name] === 'function')) return undefined;
  return fs as Pick<typeof NodeFs, K>;
}
