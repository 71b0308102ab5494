import * as vscode from 'vscode';
import { localDisk, replaceFile } from './atomicWrite';
import { asideFileName, MAX_RECORD_FILE_BYTES, moduleIdOfFileName, recordFileName } from '../../core/scores/recordFile';
import { readBytes, readFolder, statOf } from '../util/diskReads';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** A temporary file older than this was left by a save that never finished (a crash). */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** What a start finds of one module's record file: its text, or why it cannot be read. */
interface FoundRecordFile {
  readonly text?: string;
  readonly problem?: string;
}

/**
 * The record files: one `<id>.json` per module under `records/` in the extension's storage
 * folder for the workspace. Names are built only from ids the id pattern accepts, and a target
 * must resolve inside the folder (a second wall). A file is written beside itself and renamed
 * over the old one, so a crash leaves the old record or the new one, never half of one.
 */
export class RecordFiles {
  readonly folder: vscode.Uri;
  private folderMade = false;

  constructor(storage: vscode.Uri) {
    this.folder = vscode.Uri.joinPath(storage, 'records');
  }

  /** The file of a module's record; throws, touching nothing, for an id that is not one. */
  fileOf(moduleId: string): vscode.Uri {
    return this.inside(recordFileName(moduleId));
  }

  private inside(name: string): vscode.Uri {
    const target = vscode.Uri.joinPath(this.folder, name);
    const within = target.scheme === this.folder.scheme && target.authority === this.folder.authority && target.path.startsWith(`${this.folder.path}/`);
    if (!within) throw new Error(`${target.toString(true)} is outside the records folder; it was not touched`);
    return target;
  }

  /** Writes a module's record file atomically; resolves once it is renamed into place. */
  async write(moduleId: string, text: string): Promise<void> {
    const file = this.fileOf(moduleId);
    const temporary = this.inside(`${recordFileName(moduleId)}.${Date.now()}-${Math.random().toString(36).slice(2, 8)}.tmp`);
    const disk = file.scheme === 'file' ? localDisk() : undefined;
    if (disk) {
      await replaceFile(disk, file.fsPath, temporary.fsPath, encoder.encode(text), this.folder.fsPath);
      return;
    }
    if (!this.folderMade) {
      await vscode.workspace.fs.createDirectory(this.folder);
      this.folderMade = true;
    }
    try {
      await vscode.workspace.fs.writeFile(temporary, encoder.encode(text));
    } catch (error) {
      // The folder may have been deleted since (a cleared storage): made again, once.
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(temporary, encoder.encode(text)).then(undefined, () => Promise.reject(error));
    }
    try {
      await vscode.workspace.fs.rename(temporary, file, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temporary)).catch(() => undefined);
      throw error;
    }
  }

  /** Deletes a module's record file; nothing when there is none. */
  async remove(moduleId: string): Promise<void> {
    const file = this.fileOf(moduleId);
    await Promise.resolve(vscode.workspace.fs.delete(file, { useTrash: false })).catch(() => undefined);
  }

  /**
   * Every module's record file, read: its text, or why it cannot be read (too big, unreadable).
   * Files of other names (kept aside, temporaries) are not read. Empty when there is no folder.
   */
  async readAll(): Promise<Map<string, FoundRecordFile>> {
    const found = new Map<string, FoundRecordFile>();
    let entries: [string, vscode.FileType][];
    try {
      entries = await readFolder(this.folder);
    } catch {
      return found;
    }
    this.folderMade = true;
    const ids = entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => moduleIdOfFileName(name)).filter((id): id is string => id !== undefined);
    // Read together: the host's file system answers them in parallel.
    const read = await Promise.all(ids.map((id) => this.readOne(id)));
    ids.forEach((id, index) => {
      const one = read[index];
      if (one) found.set(id, one);
    });
    return found;
  }

  private async readOne(moduleId: string): Promise<FoundRecordFile> {
    const file = this.fileOf(moduleId);
    try {
      const bytes = await readBytes(file);
      if (bytes.byteLength > MAX_RECORD_FILE_BYTES) return { problem: `it holds ${bytes.byteLength} bytes, more than the ${MAX_RECORD_FILE_BYTES} a record file may hold` };
      return { text: decoder.decode(bytes) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Renames a module's unreadable record file beside itself; resolves with where it went. */
  async keepAside(moduleId: string): Promise<vscode.Uri> {
    const aside = this.inside(asideFileName(moduleId, Date.now()));
    await vscode.workspace.fs.rename(this.fileOf(moduleId), aside, { overwrite: false });
    return aside;
  }

  /**
   * Deletes temporary files a save left when the window or host stopped before its rename. Only
   * old ones: another window on the same workspace may be saving right now.
   */
  async removeStaleTemporaries(now: number): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await readFolder(this.folder);
    } catch {
      return;
    }
    await Promise.all(
      entries
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.tmp') && moduleIdOfFileName(name.slice(0, name.indexOf('.json.') + 5)) !== undefined)
        .map(async ([name]) => {
          const uri = this.inside(name);
          const stat = await Promise.resolve(statOf(uri)).catch(() => undefined);
          if (stat && now - stat.mtime > STALE_TEMPORARY_MS) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
        }),
    );
  }
}
