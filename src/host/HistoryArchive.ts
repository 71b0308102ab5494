import * as vscode from 'vscode';
import type { AttemptRecord } from '../core/progressRecord';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Where finished attempts go when a module's record grows past what `workspaceState` should
 * hold: JSON files under the extension's storage folder for this workspace, one file per move,
 * never rewritten, so a crash can duplicate an attempt (reading drops duplicates by id) but
 * never lose one.
 */
export class HistoryArchive {
  constructor(private readonly folder: vscode.Uri) {}

  private moduleFolder(moduleId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'history', moduleId);
  }

  /** Writes attempts to a new file; resolves once they are on disk. */
  async write(moduleId: string, attempts: readonly AttemptRecord[], now: Date): Promise<void> {
    if (attempts.length === 0) return;
    const folder = this.moduleFolder(moduleId);
    await vscode.workspace.fs.createDirectory(folder);
    const name = `${now.toISOString().replace(/[:.]/g, '-')}-${attempts[0]!.id}.json`;
    const body = JSON.stringify({ version: 1, moduleId, attempts });
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), encoder.encode(body));
  }

  /** Every archived attempt of a module, oldest first; unreadable files are reported, not thrown. */
  async read(moduleId: string): Promise<{ attempts: AttemptRecord[]; unreadable: string[] }> {
    const folder = this.moduleFolder(moduleId);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return { attempts: [], unreadable: [] };
    }
    const seen = new Set<string>();
    const attempts: AttemptRecord[] = [];
    const unreadable: string[] = [];
    for (const [name] of entries.filter(([n, type]) => type === vscode.FileType.File && n.endsWith('.json')).sort()) {
      try {
        const value = JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)))) as {
          attempts?: AttemptRecord[];
        };
        for (const attempt of value.attempts ?? []) {
          if (typeof attempt?.id !== 'string' || seen.has(attempt.id)) continue;
          seen.add(attempt.id);
          attempts.push(attempt);
        }
      } catch {
        unreadable.push(name);
      }
    }
    return { attempts, unreadable };
  }

  /** Deletes a module's history files (when its scores are reset). */
  async remove(moduleId: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.moduleFolder(moduleId), { recursive: true, useTrash: false });
    } catch {
      // nothing archived
    }
  }
}
