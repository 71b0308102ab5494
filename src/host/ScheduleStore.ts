import * as vscode from 'vscode';
import {
  applyRatings,
  dueCards,
  emptySchedule,
  forgetModule,
  nextDue,
  readSchedule,
  type AnswerRating,
  type DueCard,
  type LiveCard,
  type ScheduleBook,
} from '../core/schedule/schedule';
import { WriteQueue } from './writeQueue';

const KEY = 'quizModules.schedule';
const QUARANTINE_PREFIX = 'quizModules.unreadableSchedule.';

/**
 * The one owner of the spaced-review schedule of this workspace: one `ScheduleBook` in
 * `workspaceState`. A value it cannot read is kept aside under its own key (never dropped), a
 * fresh book is started, and the user is told once.
 */
export class ScheduleStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly reported = new Set<unknown>();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly warn: (message: string) => void,
    /** The learner's time zone: cards fall due at the start of their day there. */
    private readonly timeZone?: () => string,
    /** Shared with the progress store (see `WriteQueue`). */
    private readonly queue: WriteQueue = new WriteQueue(),
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** The book as saved; empty when nothing is saved or the saved value cannot be read. */
  get(): ScheduleBook {
    return this.load().book;
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
    if (await this.write((book) => applyRatings(book, moduleId, ratings, now))) void Promise.resolve().then(() => this.changed.fire());
  }

  flushed(): Promise<void> {
    return this.queue.flushed();
  }

  /** Reads, changes and saves the book; the caller holds the write queue. Resolves whether it wrote. */
  private async write(change: (book: ScheduleBook) => ScheduleBook): Promise<boolean> {
    const { book, repair } = this.load();
    if (repair) await repair();
    const next = change(book);
    if (next === book) return repair !== undefined;
    await this.memento.update(KEY, next);
    return true;
  }

  private load(): { book: ScheduleBook; repair?: () => Promise<void> } {
    const raw = this.memento.get<unknown>(KEY);
    const read = readSchedule(raw);
    if (read.ok) return { book: read.book };
    const asideKey = `${QUARANTINE_PREFIX}${Date.now()}`;
    if (!this.reported.has(raw)) {
      this.reported.add(raw);
      this.warn(
        vscode.l10n.t(
          'The review schedule of this workspace could not be read ({0}). It was kept aside under "{1}" and a fresh schedule was started.',
          read.reason,
          asideKey,
        ),
      );
    }
    return {
      book: emptySchedule(),
      repair: async () => {
        if (this.memento.get<unknown>(KEY) !== raw) return;
        await this.memento.update(asideKey, raw);
        await this.memento.update(KEY, emptySchedule());
      },
    };
  }

  private enqueue<T>(work: () => Thenable<T> | Promise<T>): Promise<T> {
    return this.queue.run(work);
  }
}
