import * as vscode from 'vscode';
import type { ProgressRecord } from '../../core/session/progressRecord';
import { pruneGoneCards, ratingsOfStep } from '../../core/schedule/schedule';
import { step, type Screen, type SessionAction, type SessionContext, type StepResult } from '../../core/session/session';
import { hintFor } from '../../core/session/attempts';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ProgressStore } from '../stores/ProgressStore';
import { liveCards } from './liveCards';
import type { ScheduleStore } from '../stores/ScheduleStore';
import { Disposable } from '../util/Disposable';

interface ModuleSessionServices {
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly schedule: ScheduleStore;
  readonly random: () => number;
  readonly now: () => Date;
  readonly newId: () => string;
}

/**
 * The one live owner of every module's quiz session. The module page, the review page, Start
 * Quiz and Retry Mistakes all act on a module through `act`: one step of the pure session
 * (`core/session`) against the saved record, saved with the schedule's rating of the answers it
 * added as one queued write. A page keeps only where it is (its `Screen`); what the record holds
 * it reads again whenever `onDidChange` names its module, whoever changed it (another page, a
 * reset, an import), so every page shows the record as it is.
 */
export class ModuleSessions extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the id of a module whose saved record changed. */
  readonly onDidChange = this.changed.event;
  private readonly context: SessionContext;

  constructor(private readonly services: ModuleSessionServices) {
    super();
    this.context = { now: services.now, random: services.random, newId: services.newId };
    this.register(services.store.onDidChange((moduleId) => this.changed.fire(moduleId)));
    // Each time the modules are read again, cards of questions gone past the grace period go.
    this.register(services.repository.onDidChange(() => void this.pruneSchedule()));
    void services.repository.known.then(() => this.pruneSchedule());
  }

  /**
   * Resolves once the saved records are read (they are read after activation, not during it): a
   * page waits for it before its first draw, so it never shows an empty record at a window's start.
   */
  ready(): Promise<void> {
    return this.services.store.ready();
  }

  /** The module's saved record. */
  record(moduleId: string): ProgressRecord {
    return this.services.store.get(moduleId);
  }

  /**
   * Applies one action of a page (whose screen is `screen`) to the module's record, saves the
   * record and rates the answers it added, in one queued write. Undefined when the module is
   * not loaded; `ignored` says why an action was refused, for the page to tell the learner.
   */
  async act(moduleId: string, screen: Screen, action: SessionAction): Promise<StepResult | undefined> {
    const loaded = this.services.repository.get(moduleId);
    if (!loaded) return undefined;
    const module = loaded.module;
    let result: StepResult | undefined;
    await this.services.store.update(
      moduleId,
      (record) => {
        result = step({ record, screen }, module, action, this.context);
        return result.state.record;
      },
      (before, after) => this.services.schedule.rateWithin(moduleId, ratingsOfStep(before, after, module), this.context.now()),
    );
    return result;
  }

  /** Marks the schedule's cards whose question is gone, and drops those gone past `GONE_GRACE_DAYS`. */
  private async pruneSchedule(): Promise<void> {
    const { repository, schedule } = this.services;
    await repository.known;
    await schedule.update((book) => pruneGoneCards(book, liveCards(repository), this.context.now()));
  }

  /** The hint of the question a page asks, when the learner may see it now. */
  hint(moduleId: string, screen: Screen, attemptId: string, questionId: string): string | undefined {
    const loaded = this.services.repository.get(moduleId);
    if (!loaded) return undefined;
    return hintFor({ record: this.record(moduleId), screen }, loaded.module, attemptId, questionId);
  }
}
