import * as vscode from 'vscode';
import { lastListingValue, listingKey, moduleFileSegments, readLastListing, type ListedFile } from '../../core/module/lastListing';

export const MODULE_GLOB = '**/*.quiz.json';
const MODULE_SUFFIX = '.quiz.json';
/** Where the module files of the last complete load are kept (workspaceState), for the next start. */
const LAST_LISTING_KEY = 'quizModules.lastListing';
/** node_modules and dot-folders hold no modules of the user's. */
const MODULE_EXCLUDE = '{**/node_modules/**,**/.*/**}';

/** A workspace module file that loaded, as the next start may list it. */
interface LoadedFile {
  readonly uri: vscode.Uri;
  /** True when it loaded without an error. */
  readonly loaded: boolean;
}

/**
 * Where the workspace's module files are: the search (with the user's include and exclude
 * settings), and the listing the last session kept, which a start reads before the search answers.
 */
export class WorkspaceModuleFiles {
  /** The listing as last saved (JSON), so an unchanged one is not written again. */
  private savedListing?: string;

  constructor(
    private readonly globs: () => { include: string; exclude: readonly string[] },
    /** The workspace's memento; undefined: no listing is kept, and every start waits for the search. */
    private readonly memento?: vscode.Memento,
  ) {}

  /** The search for the workspace's module files, sorted, with the key a listing of them is kept under. */
  async search(): Promise<{ readonly files: vscode.Uri[]; readonly key?: string }> {
    const folders = vscode.workspace.workspaceFolders;
    if (!folders?.length) return { files: [] };
    const { include, exclude } = this.patterns();
    const found = (await vscode.workspace.findFiles(include, exclude)).filter((uri) => uri.path.endsWith(MODULE_SUFFIX));
    found.sort((a, b) => a.toString().localeCompare(b.toString()));
    return { files: found, key: this.key() };
  }

  /**
   * The module files the last session listed, sorted as the search sorts, when they were listed
   * for the same folders and search patterns; each path checked by `readLastListing` and joined
   * to its folder here. Only read: the search running beside it still decides.
   */
  lastListed(): vscode.Uri[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!this.memento || folders.length === 0) return [];
    const listed = readLastListing(this.memento.get<unknown>(LAST_LISTING_KEY), this.key(), folders.length);
    return listed
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- readLastListing gives folder indexes below folders.length
      .map(({ folder, segments }) => vscode.Uri.joinPath(folders[folder]!.uri, ...segments))
      .sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  /** Keeps the workspace's module files that loaded for the next start, when they changed. */
  save(key: string | undefined, files: readonly LoadedFile[]): void {
    if (!this.memento || key === undefined) return;
    const kept: ListedFile[] = [];
    for (const file of files) {
      if (!file.loaded) continue;
      const folder = vscode.workspace.getWorkspaceFolder(file.uri);
      if (!folder) continue;
      const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
      const path = file.uri.path.startsWith(base) ? file.uri.path.slice(base.length) : '';
      // Kept only as the next start will accept it.
      if (moduleFileSegments(path) && vscode.Uri.joinPath(folder.uri, path).toString() === file.uri.toString()) kept.push([folder.index, path]);
    }
    const value = lastListingValue(key, kept);
    const text = JSON.stringify(value ?? null);
    this.savedListing ??= JSON.stringify(this.memento.get<unknown>(LAST_LISTING_KEY) ?? null);
    if (text === this.savedListing) return;
    this.savedListing = text;
    void Promise.resolve(this.memento.update(LAST_LISTING_KEY, value)).catch(() => undefined);
  }

  private patterns(): { include: string; exclude: string } {
    const { include, exclude } = this.globs();
    // The user's exclusions add to the built-in ones (node_modules, dot-folders).
    const excludes = [MODULE_EXCLUDE.slice(1, -1), ...exclude.filter((g) => g.trim() !== '')].join(',');
    return { include: include.trim() || MODULE_GLOB, exclude: `{${excludes}}` };
  }

  /** The key of a listing for the folders open now and the search patterns set now. */
  private key(): string {
    const { include, exclude } = this.patterns();
    return listingKey((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()), include, exclude);
  }
}
