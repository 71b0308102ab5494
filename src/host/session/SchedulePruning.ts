import { pruneGoneCards } from '../../core/schedule/schedule';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ScheduleStore } from '../stores/ScheduleStore';
import { liveCards } from './liveCards';
import { Disposable } from '../util/Disposable';

/**
 * Each time the modules are read (at a window's start, then after every change), the schedule's
 * cards whose question is gone are marked, and those gone past `GONE_GRACE_DAYS` dropped. Made at
 * activation, apart from the module sessions (loaded with the pages on first use), so the grace
 * period starts when a question goes, not when a page next opens.
 */
export class SchedulePruning extends Disposable {
  constructor(
    private readonly repository: Pick<ModuleRepository, 'known' | 'onDidChange' | 'get'>,
    private readonly schedule: Pick<ScheduleStore, 'update'>,
    private readonly now: () => Date,
  ) {
    super();
    this.register(repository.onDidChange(() => void this.prune()));
    void repository.known.then(() => this.prune());
  }

  private async prune(): Promise<void> {
    await this.repository.known;
    await this.schedule.update((book) => pruneGoneCards(book, liveCards(this.repository), this.now()));
  }
}
