import * as vscode from 'vscode';
import { isId } from '../../core/module/moduleModel';
import { emptyProgress, type AttemptRecord, type ProgressRecord } from '../../core/session/progressRecord';
import { archiveOldAttempts } from '../../core/session/progressSummary';
import { invalidIdReason, readProgress } from '../../core/session/recordReader';
import { planRecordStart, recordFileText } from '../../core/scores/recordFile';
import { exportedDump, importIntoRecord, type ModuleDump } from '../../core/scores/scoresExport';
import type { HistoryArchive } from './HistoryArchive';
import type { RecordFiles } from './RecordFiles';
import { WriteQueue } from './WriteQueue';
import { Disposable } from '../util/Disposable';

const KEY_PREFIX = 'quizModules.progress.';
const QUARANTINE_PREFIX = 'quizModules.unreadable.';

/** Told of a saved change: the record before and after it. */
type SaveHook = (moduleId: string, before: ProgressRecord, after: ProgressRecord) => Promise<void>;

/**
 * The one owner of saved scores: one versioned record per module. With a storage folder for the
 * workspace, each record is a file (`RecordFiles`), read into memory once by `ready()` (off
 * activation, on the write queue, so nothing is written before it) and written alone on a change:
 * an answer no longer makes VS Code send the extension's whole `workspaceState` to the workbench.
 * Records older versions kept in `workspaceState` move to the files at the first start, and leave
 * it only once their file is written. Without a storage folder (no folder open) they stay in
 * `workspaceState`. A record it cannot read is kept aside (the file renamed beside itself, a
 * `workspaceState` value under its own key), never dropped; a fresh one is started and the user
 * is told once, with where the old one is.
 */
export class ProgressStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the module id whose record changed. */
  readonly onDidChange = this.changed.event;
  private readonly saveHooks = new Set<SaveHook>();
  /** Unreadable values already reported, so one bad value is reported once. */
  private readonly reported = new Set<unknown>();
  /**
   * Per module, a counter of the saves that may have touched its history files, and the attempts
   * last read from them with the counter they were read at: the scores page asks for every
   * module's history on every change, and only the module that changed is read again.
   */
  private readonly historyChanges = new Map<string, number>();
  private readonly historyRead = new Map<string, { readonly change: number; readonly attempts: Promise<AttemptRecord[]> }>();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly warn: (message: string) => void,
    /** Where long histories go; without one (no workspace storage) everything stays in the memento. */
    private readonly archive?: HistoryArchive,
    private readonly now: () => Date = () => new Date(),
    /** Shared with the schedule, so an answer and its rating are written as one piece of work. */
    private readonly queue: WriteQueue = new WriteQueue(),
    /** The record files; undefined: records stay in the memento. */
    private readonly files?: RecordFiles,
  ) {
    super();
  }

  /** File mode: every module's record as read at start or last written. */
  private readonly records = new Map<string, ProgressRecord>();
  private loading?: Promise<void>;

  /**
   * Resolves once the records are in memory (at once without record files). Started by the first
   * call, or by any write; until then `get` gives empty records and `moduleIds` none, and each
   * module read at start is announced on `onDidChange`, so the pages that listen catch up.
   */
  ready(): Promise<void> {
    if (!this.files) return Promise.resolve();
    // The first load reads the files at once, beside what is queued before it (the schedule's
    // read at start): no record write can be queued ahead of it, so what it reads is current.
    this.loading ??= this.load(true);
    return this.loading;
  }

  /**
   * Reads every record file into memory on the write queue, moving records from `workspaceState`
   * to files and keeping aside what cannot be read. Tests call it again to see what the next
   * start does.
   */
  load(readAtOnce = false): Promise<void> {
    const files = this.files;
    if (!files) return Promise.resolve();
    const read = readAtOnce ? files.readAll() : undefined;
    // Handled where it is awaited, in the queued work; this only keeps it from being reported early.
    read?.catch(() => undefined);
    const done = this.queue.run(() => this.loadFiles(files, read)).then(
      (ids) => {
        for (const id of ids) this.changed.fire(id);
      },
      (error: unknown) => this.warn(vscode.l10n.t('Saved scores could not be read ({0}).', error instanceof Error ? error.message : String(error))),
    );
    this.loading ??= done;
    return done;
  }

  private async loadFiles(files: RecordFiles, read = files.readAll()): Promise<string[]> {
    const [found] = await Promise.all([read, files.removeStaleTemporaries(Date.now())]);
    const savedIds = this.mementoIds();
    const ids = [...new Set([...found.keys(), ...savedIds])].sort();
    const previous = new Set(this.records.keys());
    this.records.clear();
    for (const id of ids) {
      const file = found.get(id);
      const saved = this.memento.get<unknown>(KEY_PREFIX + id);
      const start = planRecordStart(id, file?.text, saved);
      const fileProblem = file?.problem ?? start.fileProblem;
      try {
        if (fileProblem !== undefined) {
          const aside = await files.keepAside(id);
          this.warn(
            vscode.l10n.t(
              'Saved scores for quiz module "{0}" could not be read from {1} ({2}). The file was kept aside as "{3}" and a fresh record was started.',
              id,
              files.fileOf(id).toString(true),
              fileProblem,
              aside.toString(true),
            ),
          );
        }
        if (start.savedProblem !== undefined) await this.keepSavedAside(id, saved, start.savedProblem);
        // The old value leaves workspaceState only once the file holding its record is written.
        if (start.writeFile) await files.write(id, recordFileText(start.record));
        if (start.clearSaved) await this.memento.update(KEY_PREFIX + id, undefined);
      } catch (error) {
        // The file cannot be set aside or written: what is in workspaceState stays there, and
        // the record is kept in memory for this session; the next start tries again.
        this.warn(
          vscode.l10n.t(
            'Saved scores for quiz module "{0}" could not be moved to {1} ({2}); they stay where they were.',
            id,
            files.fileOf(id).toString(true),
            error instanceof Error ? error.message : String(error),
          ),
        );
      }
      const empty = start.record.attempts.length === 0 && !start.record.archived;
      if (!empty || found.has(id) || start.writeFile) this.records.set(id, start.record);
    }
    return [...new Set([...previous, ...this.records.keys()])];
  }

  /** Puts an unreadable `workspaceState` value under a key of its own, says so, and clears the old key. */
  private async keepSavedAside(moduleId: string, raw: unknown, reason: string): Promise<void> {
    const asideKey = `${QUARANTINE_PREFIX}${moduleId}.${Date.now()}`;
    await this.memento.update(asideKey, raw);
    await this.memento.update(KEY_PREFIX + moduleId, undefined);
    this.warn(
      vscode.l10n.t(
        'Saved scores for quiz module "{0}" could not be read ({1}). They were kept aside under "{2}" and a fresh record was started.',
        moduleId,
        reason,
        asideKey,
      ),
    );
  }

  /**
   * What is saved for a module, read again from where it is saved (its file, or workspaceState),
   * not from memory: for tests to see exactly what was written. Undefined when nothing is saved.
   */
  async saved(moduleId: string): Promise<unknown> {
    await this.flushed();
    if (!this.files) return this.memento.get<unknown>(KEY_PREFIX + moduleId);
    const text = (await this.files.readAll()).get(moduleId);
    if (text === undefined) return undefined;
    if (text.text === undefined) throw new Error(text.problem);
    return JSON.parse(text.text) as unknown;
  }

  /** Every saved record by module id, read as `saved` reads one: what tests compare before and after. */
  async savedRecords(): Promise<[string, unknown][]> {
    await this.flushed();
    if (!this.files) return this.mementoIds().map((id) => [id, this.memento.get<unknown>(KEY_PREFIX + id)]);
    const found = await this.files.readAll();
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, read]) => [id, read.text ?? read.problem]);
  }

  /** The file a module's record is saved in; undefined without record files. */
  recordFile(moduleId: string): vscode.Uri | undefined {
    return this.files?.fileOf(moduleId);
  }

  /** Module ids with a record in the memento, those that fit the id pattern (a bad one is never used). */
  private mementoIds(): string[] {
    return this.memento
      .keys()
      .filter((key) => key.startsWith(KEY_PREFIX))
      .map((key) => key.slice(KEY_PREFIX.length))
      .filter(isId)
      .sort();
  }

  /**
   * Runs `hook` after each change is written and before `update` resolves (what a page waits for
   * before it tells the learner): the LRS outbox is written there. A failing hook fails no save.
   */
  onDidSave(hook: SaveHook): vscode.Disposable {
    this.saveHooks.add(hook);
    return { dispose: () => this.saveHooks.delete(hook) };
  }

  /** The module's record; migrated when older, fresh when unreadable (the old value kept aside). */
  get(moduleId: string): ProgressRecord {
    const { record, repair } = this.current(moduleId);
    if (repair) void this.enqueue(repair);
    return record;
  }

  /**
   * Applies a change to a module's record and saves it; resolves once it is written. A change
   * that returns the record it was given writes nothing and fires nothing. `alongside` runs in
   * the same piece of queued work, right after the record is written (the schedule's rating of
   * the answers the change added), so nothing queued can come between the two.
   */
  async update(
    moduleId: string,
    change: (record: ProgressRecord) => ProgressRecord,
    alongside?: (before: ProgressRecord, after: ProgressRecord) => Promise<void>,
  ): Promise<ProgressRecord> {
    const { record, wrote } = await this.enqueue(async () => {
      const { record: current, repair } = this.current(moduleId);
      if (repair) await repair();
      const next = change(current);
      if (next === current) return { record: current, wrote: repair !== undefined };
      const slim = await this.slimmed(moduleId, next);
      // Both writes are started in the same turn, so an answer waits for the slower of the two
      // (without record files, VS Code sends the record and its rating in one message).
      await Promise.all([this.persist(moduleId, slim), alongside?.(current, next)]);
      for (const hook of this.saveHooks) await hook(moduleId, current, next).catch(() => undefined);
      return { record: next, wrote: true };
    });
    if (wrote) this.changed.fire(moduleId);
    return record;
  }

  /**
   * The record with its oldest finished attempts moved to the history files, once those are
   * written; the whole record when there is nowhere to write them or the write fails.
   */
  private async slimmed(moduleId: string, record: ProgressRecord): Promise<ProgressRecord> {
    if (!this.archive) return record;
    const { record: slim, moved } = archiveOldAttempts(record);
    if (moved.length === 0) return slim;
    try {
      await this.archive.write(moduleId, moved, this.now());
      // Read again from the file just written on, whatever was read while it was written.
      this.historyChanged(moduleId);
      return slim;
    } catch (error) {
      this.warn(
        vscode.l10n.t(
          'Older scores of quiz module "{0}" could not be moved to the history files ({1}); they stay in the workspace state.',
          moduleId,
          error instanceof Error ? error.message : String(error),
        ),
      );
      return record;
    }
  }

  /**
   * Finished attempts moved to the history files, oldest first; none for an id that breaks the id
   * pattern. The files are read again only after a save of this module here may have changed them.
   */
  async archivedAttempts(moduleId: string): Promise<AttemptRecord[]> {
    if (!this.archive) return [];
    const change = this.historyChanges.get(moduleId) ?? 0;
    let read = this.historyRead.get(moduleId);
    if (read?.change !== change) {
      const archive = this.archive;
      read = { change, attempts: archive.read(moduleId).then((r) => r.attempts) };
      this.historyRead.set(moduleId, read);
      // A failed read is not kept: the next call tries the files again.
      const kept = read;
      kept.attempts.catch(() => {
        if (this.historyRead.get(moduleId) === kept) this.historyRead.delete(moduleId);
      });
    }
    // A copy, so no caller can change what the next one gets.
    return [...(await read.attempts)];
  }

  /** Marks a module's history files as possibly changed, so the next read goes to the files. */
  private historyChanged(moduleId: string): void {
    this.historyChanges.set(moduleId, (this.historyChanges.get(moduleId) ?? 0) + 1);
    this.historyRead.delete(moduleId);
  }

  /**
   * Everything saved for a module, as an export holds it: the record and the attempts in its
   * history files, read together in the write queue, so a save that moves attempts to the
   * history files cannot come between the two reads (and count them twice, or not at all).
   */
  async dump(moduleId: string): Promise<ModuleDump> {
    return this.enqueue(async () => {
      const history = await this.archivedAttempts(moduleId);
      return exportedDump(this.current(moduleId).record, history);
    });
  }

  /**
   * Merges an imported dump by the rules of `mergeDumps` (attempts this workspace lacks are
   * added, an attempt open here and finished in the dump is taken finished, or taken from the
   * dump when it is open there too with more answers; nothing here is lost). The history files are read in the write queue, so no save moves attempts between
   * that read and this write. Resolves with the number of attempts added or finished.
   */
  async importDump(incoming: ModuleDump): Promise<number> {
    const moduleId = incoming.moduleId;
    if (!isId(moduleId)) throw new Error(invalidIdReason('the module id', moduleId));
    const added = await this.enqueue(async () => {
      const history = await this.archivedAttempts(moduleId);
      const { record: current, repair } = this.current(moduleId);
      if (repair) await repair();
      const merged = importIntoRecord(current, history, incoming);
      if (!merged) return repair ? 0 : undefined;
      // Slimmed (older attempts to the history files) as every save is.
      await this.persist(moduleId, await this.slimmed(moduleId, merged.record));
      return merged.added;
    });
    if (added !== undefined) this.changed.fire(moduleId);
    return added ?? 0;
  }

  /** Saves a module's record where records are saved; in memory once written. */
  private async persist(moduleId: string, record: ProgressRecord): Promise<void> {
    if (!this.files) {
      await this.memento.update(KEY_PREFIX + moduleId, record);
      return;
    }
    await this.files.write(moduleId, recordFileText(record));
    this.records.set(moduleId, record);
  }

  /** Reads a record; `repair` saves what reading it decided (a migration, or setting a bad value aside). */
  private current(moduleId: string): { record: ProgressRecord; repair?: () => Promise<void> } {
    // Record files are checked and migrated when read at start: memory holds only good records.
    if (this.files) return { record: this.records.get(moduleId) ?? emptyProgress(moduleId) };
    const key = KEY_PREFIX + moduleId;
    const raw = this.memento.get<unknown>(key);
    const read = readProgress(raw, moduleId);
    if (read.ok) {
      if (read.migratedFrom === undefined) return { record: read.record };
      return { record: read.record, repair: async () => this.memento.update(key, read.record) };
    }
    const fresh = emptyProgress(moduleId);
    const asideKey = `${QUARANTINE_PREFIX}${moduleId}.${Date.now()}`;
    if (!this.reported.has(raw)) {
      this.reported.add(raw);
      this.warn(
        vscode.l10n.t(
          'Saved scores for quiz module "{0}" could not be read ({1}). They were kept aside under "{2}" and a fresh record was started.',
          moduleId,
          read.reason,
          asideKey,
        ),
      );
    }
    return {
      record: fresh,
      repair: async () => {
        // Only set aside what is still there: another read may have done it already.
        if (this.memento.get<unknown>(key) !== raw) return;
        await this.memento.update(asideKey, raw);
        await this.memento.update(key, fresh);
      },
    };
  }

  /** Deletes a module's saved scores: its record and its history files, nothing outside them. */
  async reset(moduleId: string): Promise<void> {
    if (!isId(moduleId)) throw new Error(invalidIdReason('the module id', moduleId));
    await this.enqueue(async () => {
      if (this.files) {
        await this.files.remove(moduleId);
        this.records.delete(moduleId);
      }
      // Also with files: a record whose move failed is still there, and would come back at the next start.
      if (this.memento.get<unknown>(KEY_PREFIX + moduleId) !== undefined) await this.memento.update(KEY_PREFIX + moduleId, undefined);
      await this.archive?.remove(moduleId);
      this.historyChanged(moduleId);
    });
    this.changed.fire(moduleId);
  }

  /**
   * Ids of every module with a saved record, including modules no longer in the workspace; a key
   * whose id breaks the id pattern (left by an older version's import) is never offered.
   */
  moduleIds(): string[] {
    if (this.files) return [...this.records.keys()].sort();
    return this.mementoIds();
  }

  /** Resolves when the records are read and every pending write is saved. */
  async flushed(): Promise<void> {
    await this.ready();
    return this.queue.flushed();
  }

  /** Queues a piece of work after the records are read (the read is the first work queued). */
  private enqueue<T>(work: () => Thenable<T> | Promise<T>): Promise<T> {
    void this.ready();
    return this.queue.run(work);
  }
}
