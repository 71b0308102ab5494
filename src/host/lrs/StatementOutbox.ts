import * as vscode from 'vscode';
import { OUTBOX_LIMIT, room } from '../../core/xapi/xapiOutbox';

/** A file of waiting statements; its name carries its time and its count, so listing is enough. */
interface OutboxFile {
  readonly uri: vscode.Uri;
  readonly count: number;
}

const FILE = /^(\d{15})-(\d+)-([0-9a-f]{8})-(\d+)\.json$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Statements waiting for the LRS, on disk in the extension's global storage: each save adds one
 * small file (written to a temporary name, then renamed, so a crash leaves a whole file or none),
 * and a file is deleted only after the LRS stored all it holds. Several windows may share the
 * folder: a statement sent twice is harmless, its id being deterministic.
 */
export class StatementOutbox {
  private files: OutboxFile[] | undefined;
  private sequence = 0;
  /** Where refused statements are kept, one JSON file each with the LRS's reason. */
  readonly keptAside: vscode.Uri;

  constructor(
    readonly folder: vscode.Uri,
    /** The most statements it holds; the tests lower it to fill the outbox quickly. */
    public limit = OUTBOX_LIMIT,
  ) {
    this.keptAside = vscode.Uri.joinPath(folder, '..', 'lrs-kept-aside');
  }

  /** Statements waiting (as last read from disk, plus what this window added). */
  async pending(): Promise<number> {
    return (await this.list()).reduce((n, f) => n + f.count, 0);
  }

  /** Reads the folder again: other windows may have added or sent files. */
  async refresh(): Promise<void> {
    this.files = undefined;
    await this.list();
  }

  /**
   * Adds statements, durably, before resolving; resolves with how many fitted (the outbox holds
   * `limit` at most).
   */
  async add(statements: readonly unknown[]): Promise<number> {
    if (statements.length === 0) return 0;
    const files = await this.list();
    const fit = room(files.reduce((n, f) => n + f.count, 0), statements.length, this.limit);
    if (fit === 0) return 0;
    const kept = statements.slice(0, fit);
    const random = [...globalThis.crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const name = `${String(Date.now()).padStart(15, '0')}-${this.sequence++}-${random}-${kept.length}.json`;
    const uri = vscode.Uri.joinPath(this.folder, name);
    const temporary = vscode.Uri.joinPath(this.folder, `.${name}.tmp`);
    const bytes = encoder.encode(JSON.stringify(kept));
    // The folder is made when a write finds it missing, not before every write (a round trip each).
    await vscode.workspace.fs.writeFile(temporary, bytes).then(undefined, async () => {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(temporary, bytes);
    });
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
    files.push({ uri, count: kept.length });
    return fit;
  }

  /** The oldest files, up to about `max` statements (at least one file), and what they hold. */
  async take(max: number): Promise<{ files: vscode.Uri[]; statements: unknown[] }> {
    const chosen: OutboxFile[] = [];
    let count = 0;
    for (const file of await this.list()) {
      if (chosen.length > 0 && count + file.count > max) break;
      chosen.push(file);
      count += file.count;
    }
    // Read together: each read is a round trip to the file system, which may be remote.
    const contents = await Promise.all(
      chosen.map((file) =>
        vscode.workspace.fs.readFile(file.uri).then(
          (bytes): unknown => {
            try {
              return JSON.parse(decoder.decode(bytes));
            } catch {
              return [];
            }
          },
          // Sent and deleted by another window meanwhile: nothing to send from it.
          () => [],
        ),
      ),
    );
    return { files: chosen.map((f) => f.uri), statements: contents.flatMap((content) => (Array.isArray(content) ? content : [])) };
  }

  /** Deletes files whose statements the LRS has stored (or kept aside). */
  async remove(uris: readonly vscode.Uri[]): Promise<void> {
    const gone = new Set(uris.map((u) => u.toString()));
    await Promise.all(uris.map((uri) => vscode.workspace.fs.delete(uri).then(undefined, () => undefined)));
    this.files = (this.files ?? []).filter((f) => !gone.has(f.uri.toString()));
  }

  /** Keeps a statement the LRS refused, with its reason, out of the outbox for the learner to see. */
  async setAside(statement: unknown, reason: string): Promise<vscode.Uri> {
    const id = typeof statement === 'object' && statement !== null && typeof (statement as { id?: unknown }).id === 'string' ? (statement as { id: string }).id : 'statement';
    const safe = /^[0-9a-f-]{36}$/i.test(id) ? id : 'statement';
    const uri = vscode.Uri.joinPath(this.keptAside, `${String(Date.now()).padStart(15, '0')}-${safe}.json`);
    await vscode.workspace.fs.createDirectory(this.keptAside);
    await vscode.workspace.fs.writeFile(uri, encoder.encode(`${JSON.stringify({ reason, statement }, null, 2)}\n`));
    return uri;
  }

  /** What was kept aside, newest last. */
  async keptAsideCount(): Promise<number> {
    const entries = await vscode.workspace.fs.readDirectory(this.keptAside).then(undefined, () => [] as [string, vscode.FileType][]);
    return entries.filter(([name]) => name.endsWith('.json')).length;
  }

  private async list(): Promise<OutboxFile[]> {
    if (this.files) return this.files;
    const entries = await vscode.workspace.fs.readDirectory(this.folder).then(undefined, () => [] as [string, vscode.FileType][]);
    this.files = entries
      .map(([name]) => ({ name, match: FILE.exec(name) }))
      .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ name, match }) => ({ uri: vscode.Uri.joinPath(this.folder, name), count: Number(match[4]) }));
    return this.files;
  }
}
