import * as vscode from 'vscode';
import { isId } from '../../core/module/moduleModel';
import { emptyProgress, type AttemptRecord, type ProgressRecord } from '../../core/session/progressRecord';
import { archiveOldAttempts } from '../../core/session/progressSummary';
import { invalidIdReason, readProgress } from '../../core/session/recordReader';
import { exportedDump, importIntoRecord, type ModuleDump } from '../../core/scores/scoresExport';
import type { HistoryArchive } from './HistoryArchive';
import { WriteQueue } from './WriteQueue';
import { Disposable } from '../util/Disposable';

const KEY_PREFIX = 'quizModules.progress.';
const QUARANTINE_PREFIX = 'quizModules.unreadable.';

/** Told of a saved change: the record before and after it. */
type SaveHook = (moduleId: string, before: ProgressRecord, after: ProgressRecord) => Promise<void>;

/**
 * The one owner of saved scores: one versioned record per module in `workspaceState`. A record
 * it cannot read is moved aside under its own key (never dropped), replaced by a fresh one, and
 * the user is told once.
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
  ) {
    super();
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
    const { record, repair } = this.load(moduleId);
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
      const { record: current, repair } = this.load(moduleId);
      if (repair) await repair();
      const next = change(current);
      if (next === current) return { record: current, wrote: repair !== undefined };
      const slim = await this.slimmed(moduleId, next);
      // Both writes are started in the same turn: VS Code sends an extension's whole
      // workspaceState to the workbench in one message per turn, so the record and its rating go
      // together, and an answer waits for one round trip instead of two.
      await Promise.all([this.memento.update(KEY_PREFIX + moduleId, slim), alongside?.(current, next)]);
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
      return exportedDump(this.load(moduleId).record, history);
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
      const { record: current, repair } = this.load(moduleId);
      if (repair) await repair();
      const merged = importIntoRecord(current, history, incoming);
      if (!merged) return repair ? 0 : undefined;
      // Slimmed (older attempts to the history files) as every save is.
      await this.memento.update(KEY_PREFIX + moduleId, await this.slimmed(moduleId, merged.record));
      return merged.added;
    });
    if (added !== undefined) this.changed.fire(moduleId);
    return added ?? 0;
  }

  /** Reads a record; `repair` saves what reading it decided (a migration, or setting a bad value aside). */
  private load(moduleId: string): { record: ProgressRecord; repair?: () => Promise<void> } {
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
      await this.memento.update(KEY_PREFIX + moduleId, undefined);
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
    return this.memento
      .keys()
      .filter((key) => key.startsWith(KEY_PREFIX))
      .map((key) => key.slice(KEY_PREFIX.length))
      .filter(isId)
      .sort();
  }

  /** Resolves when every pending write has reached workspaceState. */
  flushed(): Promise<void> {
    return this.queue.flushed();
  }

  private enqueue<T>(work: () => Thenable<T> | Promise<T>): Promise<T> {
    return this.queue.run(work);
  }
}
