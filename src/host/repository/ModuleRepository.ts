import * as vscode from 'vscode';
import type { ArticleHeading } from '../../core/markdown/markdown';
import type { QuizModule } from '../../core/module/moduleModel';
import { contentLint } from '../../core/checks/moduleCheck';
import { isError, problemAt, type ModuleProblem } from '../../core/checks/problems';
import { Disposable } from '../util/Disposable';
import { MODULE_GLOB, WorkspaceModuleFiles } from './WorkspaceModuleFiles';
import { displayPath, loadModuleFile, mathEnabled, type FileOutcome, type ModuleSource } from './moduleFile';
import { loadRenderExtras } from '../markdown/renderExtrasLoader';
import { readFolder } from '../util/diskReads';

/**
 * One valid module as read from its files. The object is kept across reloads while neither file
 * changes, so holders can tell "this module changed" by identity and cache what they derive.
 */
export interface LoadedModule {
  readonly module: QuizModule;
  /** The module file's text, to tell an unchanged file on reload. */
  readonly text: string;
  readonly uri: vscode.Uri;
  readonly source: ModuleSource;
  readonly articleUri?: vscode.Uri;
  readonly articleText?: string;
  readonly headings: readonly ArticleHeading[];
}

/** A module file that broke a rule, with every problem found in it. */
export interface ModuleFileReport {
  readonly uri: vscode.Uri;
  readonly source: ModuleSource;
  readonly problems: readonly ModuleProblem[];
}

/** The lint runs in slices of about this long, with other work let in between. */
const LINT_SLICE_MS = 8;
/**
 * The pause after each slice: the lint takes at most a third of the extension host's thread, so
 * what a learner does at a window's start (a page opened, an answer) is not slowed by advice.
 */
const LINT_PAUSE_MS = 16;
/** The sidebar view that shows the modules (and the loading progress). */
const MODULES_VIEW_ID = 'quizModules.modules';
/** Module files read at the same time. */
const LOAD_CONCURRENCY = 16;
/**
 * While a load runs, the sidebar is given the modules found so far after each batch of files: at
 * least 64 files, and at most about 8 batches (each one sends the whole list to the workbench).
 */
const MIN_FILES_PER_PART = 64;
const MAX_PARTS = 8;

/** A file a load reads, and where it comes from. */
interface WantedFile {
  readonly uri: vscode.Uri;
  readonly source: ModuleSource;
}


/**
 * Every module the user can open: the bundled ones and the workspace's `*.quiz.json` files, read
 * with `workspace.fs` and validated. A bad file is reported and skipped; the others still load.
 */
export class ModuleRepository extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly partLoaded = this.register(new vscode.EventEmitter<void>());
  /**
   * Fires while a load runs, each time another batch of files has been read, for lists that
   * show {@link listedSoFar}: in a large workspace the sidebar fills as the files are read.
   */
  readonly onDidLoadPart = this.partLoaded.event;
  private readonly warned = this.register(new vscode.EventEmitter<void>());
  /** Fires when the content lint of a load has run and {@link warningReports} holds its findings. */
  readonly onDidChangeWarnings = this.warned.event;
  private partial: LoadedModule[] | undefined;
  private loadedModules: LoadedModule[] = [];
  private reports: ModuleFileReport[] = [];
  private warnings: ModuleFileReport[] = [];
  private generation = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<void>;
  private currentKnown: Promise<void> = Promise.resolve();
  private readonly workspaceFiles: WorkspaceModuleFiles;

  constructor(
    private readonly bundledFolder: vscode.Uri,
    private readonly includeBundled: () => boolean,
    /** Content-lint rules the user keeps quiet everywhere (the `quizModules.lint.ignore` setting). */
    private readonly lintIgnore: () => readonly string[] = () => [],
    /** Where to look for module files (the `quizModules.include` and `quizModules.exclude` settings). */
    globs: () => { include: string; exclude: readonly string[] } = () => ({ include: MODULE_GLOB, exclude: [] }),
    /**
     * The workspace's memento, where the module files found are kept so the next start lists them
     * before the search answers; undefined: every start waits for the search.
     */
    memento?: vscode.Memento,
  ) {
    super();
    this.workspaceFiles = new WorkspaceModuleFiles(globs, memento);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{quiz.json,md}');
    const schedule = (uri: vscode.Uri) => {
      if (uri.path.endsWith('.md') && !this.isArticle(uri)) return;
      this.scheduleReload();
    };
    this.register(watcher);
    this.register(watcher.onDidCreate(schedule));
    this.register(watcher.onDidChange(schedule));
    this.register(watcher.onDidDelete(schedule));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload()));
    this.register({ dispose: () => clearTimeout(this.reloadTimer) });
    this.current = this.reload();
  }

  /** Resolves once the latest load has finished, its content lint included. */
  get ready(): Promise<void> {
    return this.current;
  }

  /**
   * Resolves once the latest load knows its modules: which load, which are refused and why. The
   * content lint's warnings may still be coming ({@link onDidChangeWarnings}); what opens or lists
   * modules waits for this, not for {@link ready}.
   */
  get known(): Promise<void> {
    return this.currentKnown;
  }

  get modules(): readonly LoadedModule[] {
    return this.loadedModules;
  }

  /**
   * Resolves once a list has something to show: the first batch of a load, or its end (with
   * nothing, maybe). A list that waited for the whole load would hold back every batch.
   */
  async firstListing(): Promise<void> {
    if (this.listedSoFar.length > 0) return;
    let subscription: vscode.Disposable | undefined;
    const part = new Promise<void>((resolve) => (subscription = this.onDidLoadPart(() => resolve())));
    try {
      await Promise.race([this.known, part]);
    } finally {
      subscription?.dispose();
    }
  }

  /** True while a load is reading files. */
  get loading(): boolean {
    return this.partial !== undefined;
  }

  /**
   * What a list can show now: while a load runs, the modules of the last load and the new ones
   * read so far (a module leaves only when the load ends); otherwise {@link modules}. Panels and
   * commands use {@link modules}, which changes only when a load is complete.
   */
  get listedSoFar(): readonly LoadedModule[] {
    return this.partial ?? this.loadedModules;
  }

  /** Loaded modules whose files have warnings (unknown keys): shown in the Problems panel only. */
  get warningReports(): readonly ModuleFileReport[] {
    return this.warnings;
  }

  /** Files with errors, which were not loaded. */
  get problemReports(): readonly ModuleFileReport[] {
    return this.reports;
  }

  get(moduleId: string): LoadedModule | undefined {
    return this.loadedModules.find((m) => m.module.id === moduleId);
  }

  scheduleReload(delayMs = 200): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.current = this.reload();
    }, delayMs);
  }

  /** Reads every module file again. Concurrent calls are fine: only the newest result is kept. */
  reload(): Promise<void> {
    let known = () => {};
    this.currentKnown = new Promise<void>((resolve) => (known = resolve));
    const run = this.load(() => known());
    this.current = run;
    // A load that fails or is overtaken says so too: who waits goes on with what there is.
    void run.finally(() => known());
    return run;
  }

  /**
   * One load of every file. A load that a newer one overtook publishes nothing and resolves
   * with the newer one, so whoever awaits a reload sees the files as they are now.
   *
   * The list is given what it can show as early as it can: at a window's start, the module files
   * the last session listed are read while the workspace search runs (the search still decides
   * what the load holds); then every file the search found, checked; and only then the content
   * lint, whose findings are advice and never change what loads.
   */
  private async load(known: () => void): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    const before = this.loadedModules;
    // Each file is read once a load, whether the last listing or the search named it first.
    const read = new Map<string, FileOutcome>();
    let files: WantedFile[] = [];
    let outcomes: FileOutcome[] = [];
    let key: string | undefined;
    this.partial = before;
    try {
      // The Quiz view shows a progress bar meanwhile.
      await vscode.window.withProgress({ location: { viewId: MODULES_VIEW_ID } }, async () => {
        const bundled: WantedFile[] = this.includeBundled() ? (await this.bundledFiles()).map((uri) => ({ uri, source: 'bundled' })) : [];
        const search = this.workspaceFiles.search();
        // Awaited below; a failure must not be reported as unhandled while the last listing is read.
        search.catch(() => undefined);
        if (generation === 1) {
          const listed = [...bundled, ...this.workspaceFiles.lastListed().map((uri): WantedFile => ({ uri, source: 'workspace' }))];
          if (listed.length > bundled.length) {
            await this.readFiles(listed, read, before, current);
            if (current()) this.publishPart(before, listed.map((file) => read.get(file.uri.toString())));
          }
        }
        const found = await search;
        key = found.key;
        files = [...bundled, ...found.files.map((uri): WantedFile => ({ uri, source: 'workspace' }))];
        await this.readFiles(files, read, before, current);
        if (!current()) return;
        outcomes = files.map((file) => this.outcomeOf(read, file));
        this.reportDuplicateIds(outcomes);
        // Everything that decides what loads is known: the list shows it at once.
        if (files.length > 0) this.publishPart(before, outcomes);
      });
    } finally {
      if (current()) this.partial = undefined;
    }
    if (!current()) return this.current;
    // The modules are published now, and the lint's findings (advice, which never changes what
    // loads) follow as warnings once it has run.
    this.settle(outcomes);
    known();
    const workspace = outcomes.filter((outcome) => outcome.source === 'workspace');
    this.workspaceFiles.save(key, workspace.map((outcome) => ({ uri: outcome.uri, loaded: !!outcome.loaded && !outcome.problems.some(isError) })));
    await this.lintAll(outcomes, current);
    if (!current()) return this.current;
    this.warnings = warningReportsOf(outcomes);
    this.warned.fire();
  }

  /** Publishes what a load's files came to: the modules that load, the refused files, the warnings so far. */
  private settle(outcomes: readonly FileOutcome[]): void {
    // A file that is refused gets its errors only: lint is advice for modules that load.
    for (const outcome of outcomes) {
      if (outcome.problems.some(isError)) outcome.problems.splice(0, outcome.problems.length, ...outcome.problems.filter((p) => p.rule === undefined));
    }
    const previous = new Map(this.loadedModules.map((m) => [m.uri.toString(), m]));
    this.loadedModules = outcomes.flatMap((o) => {
      const loaded = o.loaded;
      if (!loaded || o.problems.some(isError)) return [];
      const before = previous.get(o.uri.toString());
      const same =
        before !== undefined &&
        before.text === o.text &&
        before.source === o.source &&
        before.articleText === loaded.articleText &&
        before.articleUri?.toString() === loaded.articleUri?.toString();
      return [same ? before : { ...loaded, uri: o.uri, source: o.source, text: o.text }];
    });
    this.reports = outcomes
      .filter((o) => o.problems.some(isError))
      .map((o) => ({ uri: o.uri, source: o.source, problems: [...o.problems] }));
    this.warnings = warningReportsOf(outcomes);
    this.changed.fire();
  }

  private outcomeOf(read: ReadonlyMap<string, FileOutcome>, file: WantedFile): FileOutcome {
    // readFiles read every file it was given unless the load was overtaken, which never gets here.
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- see above
    return read.get(file.uri.toString())!;
  }

  /**
   * Reads and checks the files not read yet this load, a bounded number at a time, so a workspace
   * of thousands of modules neither opens thousands of reads at once nor holds every text in
   * memory at the same moment; every batch of files read is published to the list.
   */
  private async readFiles(files: readonly WantedFile[], read: Map<string, FileOutcome>, before: readonly LoadedModule[], current: () => boolean): Promise<void> {
    const wanted = files.filter((file) => !read.has(file.uri.toString()));
    const filesPerPart = Math.max(MIN_FILES_PER_PART, Math.ceil(wanted.length / MAX_PARTS));
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < wanted.length && current()) {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- next < wanted.length (the workers take indexes below it)
        const { uri, source } = wanted[next++]!;
        read.set(uri.toString(), await loadModuleFile(uri, source, this.lintIgnore()));
        if (++done % filesPerPart === 0 && done < wanted.length && current()) this.publishPart(before, files.map((file) => read.get(file.uri.toString())));
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, wanted.length) }, worker));
  }

  /**
   * Adds the content lint to every module that loads, yielding now and then, so that what waits
   * for its turn on the extension host (the saved scores, the schedule, other extensions) is not
   * held up by a large workspace's lint.
   */
  private async lintAll(outcomes: readonly FileOutcome[], current: () => boolean): Promise<void> {
    let since = Date.now();
    for (const outcome of outcomes) {
      if (!current()) return;
      const { loaded } = outcome;
      if (!loaded) continue;
      outcome.problems.push(
        ...contentLint({
          ...loaded,
          validation: outcome.validation,
          text: outcome.text,
          file: displayPath(outcome.uri, outcome.source),
          problems: outcome.problems,
          lintIgnore: this.lintIgnore(),
          t: vscode.l10n.t,
          ...(mathEnabled() ? { extras: loadRenderExtras } : {}),
        }),
      );
      if (Date.now() - since >= LINT_SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, LINT_PAUSE_MS));
        since = Date.now();
      }
    }
  }

  /**
   * The modules of the last load, then the new ones read so far that load (in file order, one per
   * id, so a list never shows an id twice), for {@link listedSoFar}.
   */
  private publishPart(before: readonly LoadedModule[], outcomes: readonly (FileOutcome | undefined)[]): void {
    const listed = [...before];
    const uris = new Set(before.map((m) => m.uri.toString()));
    const ids = new Set(before.map((m) => m.module.id));
    for (const outcome of outcomes) {
      const loaded = outcome?.loaded;
      if (!outcome || !loaded || outcome.problems.some(isError) || uris.has(outcome.uri.toString()) || ids.has(loaded.module.id)) continue;
      ids.add(loaded.module.id);
      listed.push({ ...loaded, uri: outcome.uri, source: outcome.source, text: outcome.text });
    }
    this.partial = listed;
    this.partLoaded.fire();
  }

  private async bundledFiles(): Promise<vscode.Uri[]> {
    try {
      const entries = await readFolder(this.bundledFolder);
      return entries
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.quiz.json'))
        .map(([name]) => vscode.Uri.joinPath(this.bundledFolder, name))
        .sort((a, b) => a.path.localeCompare(b.path));
    } catch {
      return [];
    }
  }

  private isArticle(uri: vscode.Uri): boolean {
    // While a module is broken its article may be the missing piece, so any Markdown change counts.
    return this.reports.length > 0 || this.loadedModules.some((m) => m.articleUri?.toString() === uri.toString());
  }

  /** Two modules with one id are both refused and both told why: neither silently wins. */
  private reportDuplicateIds(outcomes: FileOutcome[]): void {
    const byId = new Map<string, FileOutcome[]>();
    for (const outcome of outcomes) {
      const id = outcome.loaded?.module.id;
      if (id === undefined) continue;
      byId.set(id, [...(byId.get(id) ?? []), outcome]);
    }
    for (const [id, group] of byId) {
      if (group.length < 2) continue;
      for (const outcome of group) {
        const others = group
          .filter((o) => o !== outcome)
          .map((o) => displayPath(o.uri, o.source))
          .join(', ');
        outcome.problems.push(
          problemAt(
            outcome.text,
            displayPath(outcome.uri, outcome.source),
            outcome.validation.idSpan ?? { offset: 0, length: 0 },
            vscode.l10n.t('Module: id "{0}" is also used by {1}; module ids must be unique, so neither is loaded.', id, others),
          ),
        );
      }
    }
  }
}

/** The files that load with warnings (the format's and the content lint's), for the Problems panel. */
function warningReportsOf(outcomes: readonly FileOutcome[]): ModuleFileReport[] {
  return outcomes.filter((o) => o.problems.length > 0 && !o.problems.some(isError)).map((o) => ({ uri: o.uri, source: o.source, problems: [...o.problems] }));
}
