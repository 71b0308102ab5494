/**
 * Reading files the extension keeps or finds (records, the schedule, module files and their
 * articles), the same answers as `vscode.workspace.fs` gives.
 *
 * In the Node extension host a `file:` uri is read with Node's own file system: through
 * `vscode.workspace.fs` every call first makes a round trip to the workbench, and at a window's
 * start, while the workbench and the other extensions are busy starting too, each trip waits
 * for them, so a chain of reads (a folder, then its files) took seconds. Other schemes, and the
 * web worker host, go through `vscode.workspace.fs`.
 */
import * as vscode from 'vscode';
import type * as NodeFs from 'node:fs/promises';
import { nodeFileSystem } from './nodeFileSystem';

const READS = ['readFile', 'stat', 'lstat', 'readdir'] as const;

/** Node's file system when this host has one and `uri` is on the disk; undefined otherwise. */
function diskFor(uri: vscode.Uri): Pick<typeof NodeFs, (typeof READS)[number]> | undefined {
  return uri.scheme === 'file' ? nodeFileSystem(READS) : undefined;
}

/** A file's bytes. Rejects when it cannot be read (missing, a folder, no permission). */
export async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const disk = diskFor(uri);
  if (!disk) return vscode.workspace.fs.readFile(uri);
  const buffer = await disk.readFile(uri.fsPath);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * What kind of entry is at `uri` (a link's target; `Unknown` for a link that leads nowhere), its
 * size and when it last changed, in whole milliseconds as VS Code gives it. Rejects when there is
 * none.
 */
export async function statOf(uri: vscode.Uri): Promise<{ readonly type: vscode.FileType; readonly size: number; readonly mtime: number }> {
  const disk = diskFor(uri);
  if (!disk) return vscode.workspace.fs.stat(uri);
  const stat = await disk.stat(uri.fsPath).catch(async (error: unknown) => {
    // A link that leads nowhere is there, of no known kind, as VS Code says too.
    const link = await disk.lstat(uri.fsPath).catch(() => undefined);
    if (link?.isSymbolicLink()) return link;
    throw error;
  });
  if (stat.isSymbolicLink()) return { type: vscode.FileType.Unknown, size: stat.size, mtime: stat.mtime.getTime() };
  return { type: stat.isDirectory() ? vscode.FileType.Directory : stat.isFile() ? vscode.FileType.File : vscode.FileType.Unknown, size: stat.size, mtime: stat.mtime.getTime() };
}

/**
 * A folder's entries with their kind, as `vscode.workspace.fs.readDirectory` gives them (a link
 * is `SymbolicLink` joined with the kind it leads to). Rejects when there is no folder.
 */
export async function readFolder(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
  const disk = diskFor(uri);
  if (!disk) return vscode.workspace.fs.readDirectory(uri);
  const entries = await disk.readdir(uri.fsPath, { withFileTypes: true });
  return Promise.all(
    entries.map(async (entry): Promise<[string, vscode.FileType]> => {
      if (entry.isFile()) return [entry.name, vscode.FileType.File];
      if (entry.isDirectory()) return [entry.name, vscode.FileType.Directory];
      if (!entry.isSymbolicLink()) return [entry.name, vscode.FileType.Unknown];
      const target = await statOf(vscode.Uri.joinPath(uri, entry.name)).catch(() => undefined);
      return [entry.name, vscode.FileType.SymbolicLink | (target?.type ?? vscode.FileType.Unknown)];
    }),
  );
}
