import * as vscode from 'vscode';
import {
  applyRatings,
  dueCards,
  emptySchedule,
  forgetModule,
  nextDue,
  type AnswerRating,
  type DueCard,
  type LiveCard,
  type ScheduleBook,
} from '../../core/schedule/schedule';
import { encodeSchedule, MAX_SCHEDULE_FILE_BYTES, planScheduleStart, readSavedSchedule, scheduleFileText } from '../../core/schedule/scheduleFile';
import { JOURNAL_FOLD_AT, JOURNAL_VERSION, journalText, MAX_JOURNAL_BYTES, readJournalText, replayJournal, type JournalEntry } from '../../core/schedule/scheduleJournal';
import { localDisk, replaceFile } from './atomicWrite';
import { gzipText, textOfMaybeGzip } from './gzip';
import { WriteQueue } from './WriteQueue';
import { Disposable } from '../util/Disposable';
import { readBytes, readFolder, statOf } from '../util/diskReads';

const KEY = 'quizModules.schedule';
const QUARANTINE_PREFIX = 'quizModules.unreadableSchedule.';
const FILE_NAME = 'schedule.json.gz';
const JOURNAL_NAME = 'schedule.journal.json';

/** A temporary file older than this was left by a save that never finished (a crash). */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * The one owner of the spaced-review schedule of this workspace. The book is held in memory (so
 * `get` is synchronous) from `load`, which the extension awaits at activation, and saved in its
 * compact form (`core/schedule/scheduleFile`), gzipped, to `schedule.json.gz` in the extension's storage
 * folder for the workspace (20,000 cards take about 350 KiB), by writing a temporary file and renaming it over the old one, so a crash leaves
 * the old book or the new one, never half of one. A book older versions kept in `workspaceState`
 * is moved to the file at the first start, and removed from there only once the file is written.
 *
 * Without a storage folder (a window with no folder open) the book stays in `workspaceState`,
 * in its compact form: the scores it rates live there too, and the global storage folder would
 * share one book between unrelated windows.
 *
 * An answer's rating does not write the whole book: it is added to a journal beside the file
 * (`core/schedule/scheduleJournal`), replayed over the book at the next start and folded into the
 * file then, or once it holds `JOURNAL_FOLD_AT` ratings, or with the next change of another kind.
 *
 * A value it cannot read (file or `workspaceState`) is kept aside, never dropped: the file is
 * renamed beside itself, the value put under its own key. A fresh book is started and the user
 * is told once, with where the old one is.
 */
export class ScheduleStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private book: ScheduleBook = emptySchedule();
  /** Where the book is saved; undefined: in `workspaceState`. */
  private file?: vscode.Uri;
  /** The book file as last read or written (size and time), which the journal follows; undefined: no file yet. */
  private stamp?: string;
  /** Ratings saved in the journal since the book was last written whole. */
  private journal: JournalEntry[] = [];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly warn: (message: string) => void,
    /** The learner's time zone: cards fall due at the start of their day there. */
    private readonly timeZone?: () => string,
    /** Shared with the progress store (see `WriteQueue`). */
    private readonly queue: WriteQueue = new WriteQueue(),
    /** The extension's storage folder for this workspace; undefined when there is none. */
    private readonly folder?: vscode.Uri,
  ) {
    super();
    if (folder) this.file = vscode.Uri.joinPath(folder, FILE_NAME);
  }

  /** The book in memory, as last loaded or written. */
  get(): ScheduleBook {
    return this.book;
  }

  /**
   * Reads the saved book into memory (on the write queue, so no write comes before it), moving a
   * book from `workspaceState` to the file and keeping aside what cannot be read. Awaited once at
   * activation; tests call it again to see what the next start does.
   */
  async load(): Promise<void> {
    await this.enqueue(() => (this.file ? this.loadFile(this.file) : this.loadMemento()));
    this.changed.fire();
  }

  /** Rates a module's answers (from one session step) and saves the book. */
  async rate(moduleId: string, ratings: readonly AnswerRating[], now: Date): Promise<void> {
    if (ratings.length === 0) return;
    await this.update((book) => applyRatings(book, moduleId, ratings, now));
  }

  /** Drops the cards of a module whose scores were reset. */
  async forget(moduleId: string): Promise<void> {
    await this.update((book) => forgetModule(book, moduleId));
  }

  due(now: Date, live?: LiveCard): DueCard[] {
    return dueCards(this.get(), now, live, this.timeZone?.());
  }

  nextDue(now: Date, live?: LiveCard): Date | undefined {
    return nextDue(this.get(), now, live, this.timeZone?.());
  }

  async update(change: (book: ScheduleBook) => ScheduleBook): Promise<void> {
    const wrote = await this.enqueue(() => this.write(change));
    if (wrote) this.changed.fire();
  }

  /**
   * Rates a module's answers from inside a piece of work already on the shared write queue (the
   * progress store's `update`, for the answers it just saved); fires once that piece is done.
   */
  async rateWithin(moduleId: string, ratings: readonly AnswerRating[], now: Date): Promise<void> {
    if (ratings.length === 0) return;
    const base = this.file ? this.stamp : undefined;
    const wrote = base !== undefined ? await this.journaled(moduleId, ratings, now, base) : await this.write((book) => applyRatings(book, moduleId, ratings, now));
    if (wrote) void Promise.resolve().then(() => this.changed.fire());
  }

  /** Rates and saves the rating to the journal only; the caller holds the write queue. */
  private async journaled(moduleId: string, ratings: readonly AnswerRating[], now: Date, base: string): Promise<boolean> {
    const next = applyRatings(this.book, moduleId, ratings, now);
    if (next === this.book) return false;
    const entries: JournalEntry[] = [...this.journal, [moduleId, ratings, now.getTime()]];
    await this.atomicWrite(JOURNAL_NAME, new TextEncoder().encode(journalText({ version: JOURNAL_VERSION, base, entries })));
    this.journal = entries;
    this.book = next;
    // Folded as its own piece of work, after this answer is saved.
    if (entries.length >= JOURNAL_FOLD_AT) {
      // A fold that fails leaves the journal as it is, replayed at the next start.
      void this.enqueue(async () => {
        if (this.journal.length > 0) await this.save(this.book);
      }).catch(() => undefined);
    }
    return true;
  }

  /** Writes a file of the storage folder beside itself, then renames it over the old one. */
  private async atomicWrite(name: string, bytes: Uint8Array): Promise<vscode.Uri> {
    const folder = this.folder;
    if (!folder) throw new Error('there is no storage folder for this workspace');
    const target = vscode.Uri.joinPath(folder, name);
    const temporary = vscode.Uri.joinPath(folder, `${name}.${Date.now()}-${Math.random().toString(36).slice(2, 8)}.tmp`);
    const disk = folder.scheme === 'file' ? localDisk() : undefined;
    if (disk) {
      await replaceFile(disk, target.fsPath, temporary.fsPath, bytes, folder.fsPath);
      return target;
    }
    try {
      await vscode.workspace.fs.writeFile(temporary, bytes);
    } catch {
      // The folder is made on the first save only (an answer waits on every round trip).
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(temporary, bytes);
    }
    try {
      await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temporary)).catch(() => undefined);
      throw error;
    }
    return target;
  }

  private async stampOf(file: vscode.Uri): Promise<string | undefined> {
    const stat = await Promise.resolve(statOf(file)).catch(() => undefined);
    return stat ? `${stat.size}-${stat.mtime}` : undefined;
  }

  flushed(): Promise<void> {
    return this.queue.flushed();
  }

  /** Changes and saves the book; the caller holds the write queue. Resolves whether it wrote. */
  private async write(change: (book: ScheduleBook) => ScheduleBook): Promise<boolean> {
    const next = change(this.book);
    if (next === this.book) return false;
    await this.save(next);
    this.book = next;
    return true;
  }

  private async save(book: ScheduleBook): Promise<void> {
    if (!this.file || !this.folder) {
      await this.memento.update(KEY, encodeSchedule(book));
      return;
    }
    // Written beside the file, then renamed over it: a crash leaves the old book or the new one.
    const file = await this.atomicWrite(FILE_NAME, await gzipText(scheduleFileText(book)));
    this.stamp = await this.stampOf(file);
    // The book holds the journal's ratings now; a journal a crash leaves here names the older file.
    if (this.journal.length > 0) {
      this.journal = [];
      await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, JOURNAL_NAME))).catch(() => undefined);
    }
  }

  private async loadMemento(): Promise<void> {
    const raw = this.memento.get<unknown>(KEY);
    const read = readSavedSchedule(raw);
    if (read.ok) {
      this.book = read.book;
      return;
    }
    this.book = emptySchedule();
    await this.keepSavedAside(raw, read.reason);
  }

  private async loadFile(file: vscode.Uri): Promise<void> {
    const [found] = await Promise.all([this.readFile(file), this.removeStaleTemporaries()]);
    const saved = this.memento.get<unknown>(KEY);
    const start = planScheduleStart(found.text, saved);
    const fileProblem = found.problem ?? start.fileProblem;
    if (start.savedProblem !== undefined) await this.keepSavedAside(saved, start.savedProblem);
    this.book = start.book;
    this.stamp = fileProblem === undefined && found.text !== undefined ? found.stamp : undefined;
    this.journal = [];
    try {
      if (fileProblem !== undefined) await this.keepFileAside(file, fileProblem);
      // Ratings saved since the file was written are replayed, then folded into it.
      const replayed = await this.replayJournal();
      if (replayed) this.book = replayed;
      // The old value is removed only once the file holding its cards is written.
      if (start.writeFile || replayed) await this.save(this.book);
      if (start.clearSaved) await this.memento.update(KEY, undefined);
    } catch (error) {
      // The file cannot be set aside or written: the book is saved in workspaceState from now
      // on (a superset of what is there), and the file is left as it is.
      this.file = undefined;
      this.warn(
        vscode.l10n.t(
          'The review schedule could not be saved to {0} ({1}); it is saved in the workspace state instead.',
          file.toString(true),
          error instanceof Error ? error.message : String(error),
        ),
      );
      // Kept in memory for this session when even that fails; the old value is still there.
      if (start.writeFile) await this.save(start.book).catch(() => undefined);
    }
  }

  /**
   * The book with the journal's ratings replayed, when the journal follows the file as read;
   * undefined when there is nothing to replay. A journal that names an older file (a crash after
   * the book was written whole) is removed: its ratings are in the book. One that cannot be read
   * is kept aside, with a warning.
   */
  private async replayJournal(): Promise<ScheduleBook | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    const journalFile = vscode.Uri.joinPath(folder, JOURNAL_NAME);
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(journalFile);
    } catch {
      return undefined;
    }
    const read = bytes.byteLength > MAX_JOURNAL_BYTES ? { ok: false as const, reason: `it holds ${bytes.byteLength} bytes, more than the ${MAX_JOURNAL_BYTES} a journal may hold` } : readJournalText(new TextDecoder('utf-8').decode(bytes));
    if (!read.ok) {
      const aside = vscode.Uri.joinPath(folder, `schedule.journal.unreadable-${Date.now()}.json`);
      await vscode.workspace.fs.rename(journalFile, aside, { overwrite: false });
      this.warn(
        vscode.l10n.t(
          'The ratings saved since the review schedule was last written could not be read from {0} ({1}). The file was kept aside as "{2}".',
          journalFile.toString(true),
          read.reason,
          aside.toString(true),
        ),
      );
      return undefined;
    }
    if (this.stamp === undefined || read.journal.base !== this.stamp) {
      await Promise.resolve(vscode.workspace.fs.delete(journalFile)).catch(() => undefined);
      return undefined;
    }
    if (read.journal.entries.length === 0) return undefined;
    // Kept until the fold writes the book whole (and removes the file).
    this.journal = [...read.journal.entries];
    return replayJournal(this.book, read.journal.entries);
  }

  /**
   * Deletes temporary files a save left when the window or host stopped before its rename. Only
   * old ones: another window on the same workspace may be saving right now.
   */
  private async removeStaleTemporaries(): Promise<void> {
    if (!this.folder) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await readFolder(this.folder);
    } catch {
      return;
    }
    const now = Date.now();
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !(name.startsWith(`${FILE_NAME}.`) || name.startsWith(`${JOURNAL_NAME}.`)) || !name.endsWith('.tmp')) continue;
      const uri = vscode.Uri.joinPath(this.folder, name);
      const stat = await Promise.resolve(statOf(uri)).catch(() => undefined);
      if (stat && now - stat.mtime > STALE_TEMPORARY_MS) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
    }
  }

  /** Renames an unreadable schedule file beside itself and says where it is. */
  private async keepFileAside(file: vscode.Uri, reason: string): Promise<void> {
    const aside = vscode.Uri.joinPath(file, '..', `schedule.unreadable-${Date.now()}.json.gz`);
    await vscode.workspace.fs.rename(file, aside, { overwrite: false });
    this.warn(
      vscode.l10n.t(
        'The review schedule of this workspace could not be read from {0} ({1}). The file was kept aside as "{2}" and a fresh schedule was started.',
        file.toString(true),
        reason,
        aside.toString(true),
      ),
    );
  }

  /** The file's text; undefined text when there is no file, a problem when it is too big or cannot be read. */
  private async readFile(file: vscode.Uri): Promise<{ text?: string; problem?: string; stamp?: string }> {
    let size: number;
    let stamp: string;
    try {
      const stat = await statOf(file);
      size = stat.size;
      stamp = `${stat.size}-${stat.mtime}`;
    } catch {
      return {};
    }
    if (size > MAX_SCHEDULE_FILE_BYTES) return { problem: `it holds ${size} bytes, more than the ${MAX_SCHEDULE_FILE_BYTES} a schedule file may hold` };
    try {
      // Gzipped as saved; a plain JSON file (written by hand) is read as it is.
      return { text: await textOfMaybeGzip(new Uint8Array(await readBytes(file)), MAX_SCHEDULE_FILE_BYTES), stamp };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Puts an unreadable `workspaceState` value under a key of its own, says so, and clears the old key. */
  private async keepSavedAside(raw: unknown, reason: string): Promise<void> {
    const asideKey = `${QUARANTINE_PREFIX}${Date.now()}`;
    await this.memento.update(asideKey, raw);
    await this.memento.update(KEY, undefined);
    this.warn(
      vscode.l10n.t(
        'The review schedule of this workspace could not be read ({0}). It was kept aside under "{1}" and a fresh schedule was started.',
        reason,
        asideKey,
      ),
    );
  }

  private enqueue<T>(work: () => Thenable<T> | Promise<T>): Promise<T> {
    return this.queue.run(work);
  }
}
