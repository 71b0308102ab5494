import * as vscode from 'vscode';
import { isId } from '../../core/module/moduleModel';
import { PROGRESS_VERSION, type AttemptRecord } from '../../core/session/progressRecord';
import { invalidIdReason, readProgress } from '../../core/session/recordReader';
import { readBytes, readFolder } from '../util/diskReads';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Where finished attempts go when a module's record grows past what `workspaceState` should
 * hold: JSON files under the extension's storage folder for this workspace, one file per move,
 * never rewritten, so a crash can duplicate an attempt (reading drops duplicates by id) but
 * never lose one. Two walls keep it inside its folder: every name it builds comes from ids that
 * fit the id pattern, and the resolved target must still lie under `history/`.
 */
export class HistoryArchive {
  private readonly root: vscode.Uri;

  constructor(folder: vscode.Uri) {
    this.root = vscode.Uri.joinPath(folder, 'history');
  }

  /** A target under the history folder, or an error that says why not; nothing is touched. */
  private inside(moduleId: string, fileName?: string): vscode.Uri {
    if (!isId(moduleId)) throw new Error(`${invalidIdReason('the module id', moduleId)}; the history files were not touched`);
    const target = fileName === undefined ? vscode.Uri.joinPath(this.root, moduleId) : vscode.Uri.joinPath(this.root, moduleId, fileName);
    const within = target.scheme === this.root.scheme && target.authority === this.root.authority && target.path.startsWith(`${this.root.path}/`);
    if (!within) throw new Error(`${target.toString(true)} is outside the history folder; it was not touched`);
    return target;
  }

  /** Writes attempts to a new file; resolves once they are on disk. */
  async write(moduleId: string, attempts: readonly AttemptRecord[], now: Date): Promise<void> {
    const first = attempts[0]?.id;
    if (first === undefined) return;
    if (!isId(first)) throw new Error(`${invalidIdReason('the attempt id', first)}; the history files were not touched`);
    const file = this.inside(moduleId, `${now.toISOString().replace(/[:.]/g, '-')}-${first}.json`);
    await vscode.workspace.fs.createDirectory(this.inside(moduleId));
    const body = JSON.stringify({ version: 1, moduleId, attempts });
    await vscode.workspace.fs.writeFile(file, encoder.encode(body));
  }

  /**
   * Every archived attempt of a module, oldest first; a file that is not JSON or holds an
   * attempt the record reader refuses (a bad id among them) is reported as unreadable, not thrown.
   */
  async read(moduleId: string): Promise<{ attempts: AttemptRecord[]; unreadable: string[] }> {
    if (!isId(moduleId)) return { attempts: [], unreadable: [] };
    const folder = this.inside(moduleId);
    let entries: [string, vscode.FileType][];
    try {
      entries = await readFolder(folder);
    } catch {
      return { attempts: [], unreadable: [] };
    }
    const seen = new Set<string>();
    const attempts: AttemptRecord[] = [];
    const unreadable: string[] = [];
    for (const [name] of entries.filter(([n, type]) => type === vscode.FileType.File && n.endsWith('.json')).sort()) {
      try {
        const value = JSON.parse(decoder.decode(await readBytes(this.inside(moduleId, name)))) as { attempts?: unknown };
        const read = readProgress({ version: PROGRESS_VERSION, moduleId, attempts: value.attempts }, moduleId);
        if (!read.ok) throw new Error(read.reason);
        for (const attempt of read.record.attempts) {
          if (seen.has(attempt.id)) continue;
          seen.add(attempt.id);
          attempts.push(attempt);
        }
      } catch {
        unreadable.push(name);
      }
    }
    return { attempts, unreadable };
  }

  /** Deletes a module's history files (when its scores are reset); throws, deleting nothing, for a target outside the folder. */
  async remove(moduleId: string): Promise<void> {
    const folder = this.inside(moduleId);
    try {
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    } catch {
      // nothing archived
    }
  }
}
