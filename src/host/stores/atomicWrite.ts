/**
 * A small file replaced whole, so a crash at any point leaves the old file or the new one: the
 * bytes go to a temporary file beside the target, are flushed to the disk (`fdatasync`), and the
 * temporary file is renamed over the target.
 *
 * An answer waits on this twice (its record and its rating). Through `vscode.workspace.fs` each
 * call first makes a round trip to the workbench (in a browser, over the network) before the
 * extension host touches the disk, and a write is two calls; in the Node extension host a `file:`
 * target is written with Node's own file system instead, the same steps without those trips.
 * Other schemes, and the web worker host, go through `vscode.workspace.fs`.
 *
 * No `vscode` import here: the unit tests run the disk steps on a real folder.
 */
import type * as NodeFs from 'node:fs/promises';
import { nodeFileSystem } from '../util/nodeFileSystem';

/** What of `node:fs/promises` the writer uses: a test hands in one that stops part way. */
export type DiskSteps = Pick<typeof NodeFs, (typeof DISK_STEPS)[number]>;

const DISK_STEPS = ['open', 'rename', 'unlink', 'mkdir'] as const;

/** Node's file system when this extension host has one; undefined in a web worker host. */
export function localDisk(): DiskSteps | undefined {
  return nodeFileSystem(DISK_STEPS);
}

/**
 * Writes `bytes` to `temporary`, flushes them, and renames `temporary` over `target` (paths in
 * the same folder). The folder is made when it is missing. A failed write removes its temporary
 * file; a crash may leave one behind (the stores remove old ones at start), never a torn target.
 */
export async function replaceFile(disk: DiskSteps, target: string, temporary: string, bytes: Uint8Array, folder: string): Promise<void> {
  let handle: NodeFs.FileHandle;
  try {
    handle = await disk.open(temporary, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // The folder was never made, or was deleted since (a cleared storage).
    await disk.mkdir(folder, { recursive: true });
    handle = await disk.open(temporary, 'wx');
  }
  try {
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await disk.rename(temporary, target);
  } catch (error) {
    await disk.unlink(temporary).catch(() => undefined);
    throw error;
  }
}
