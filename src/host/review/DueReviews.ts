import * as vscode from 'vscode';
import { liveCardsOf, type DueCard } from '../../core/schedule/schedule';
import type { Clock } from '../session/Clock';
import type { LearnerDay } from '../session/LearnerDay';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ScheduleStore } from '../stores/ScheduleStore';
import { Disposable } from '../util/Disposable';

/** How often due counts are looked at again while nothing else happens: cards fall due as time passes. */
const RECOUNT_MS = 60_000;

/**
 * What is due for review now, for the sidebar (per module) and the status bar (the total, which
 * opens the review session). Hidden when nothing is due: the status bar is for what needs doing.
 */
export class DueReviews extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the due counts may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly item: vscode.StatusBarItem;
  private cards: readonly DueCard[] = [];

  constructor(
    private readonly repository: ModuleRepository,
    private readonly schedule: ScheduleStore,
    private readonly clock: Clock,
    learnerDay?: LearnerDay,
  ) {
    super();
    this.item = vscode.window.createStatusBarItem('quizModules.due', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Quiz Modules: Reviews Due');
    this.item.command = 'quizModules.reviewDue';
    const timer = setInterval(() => this.recount(), RECOUNT_MS);
    this.register(this.item);
    this.register({ dispose: () => clearInterval(timer) });
    this.register(schedule.onDidChange(() => this.recount()));
    this.register(repository.onDidChange(() => this.recount()));
    // At a window's start the list fills before the load ends: the count follows what it shows.
    this.register(repository.onDidLoadPart(() => this.recount()));
    this.register(clock.onDidJump(() => this.recount()));
    if (learnerDay) this.register(learnerDay.onDidChange(() => this.recount()));
    void repository.known.then(() => this.recount());
  }

  /** Questions due now in one module, or in all. */
  count(moduleId?: string): number {
    return moduleId === undefined ? this.cards.length : this.cards.filter((card) => card.moduleId === moduleId).length;
  }

  /** The status bar text and whether it shows (tests). */
  get statusBar(): { readonly text: string; readonly visible: boolean } {
    return { text: this.item.text, visible: this.cards.length > 0 };
  }

  recount(): void {
    const before = this.cards;
    // The same call as the review's queue and the scores page, the schedule's own rule, over the
    // modules the sidebar lists (while a load runs, the ones read so far too).
    const listed = new Map(this.repository.listedSoFar.map((loaded) => [loaded.module.id, loaded.module]));
    this.cards = this.schedule.due(this.clock.now(), liveCardsOf((moduleId) => listed.get(moduleId)));
    const total = this.cards.length;
    if (total === 0) {
      this.item.hide();
    } else {
      this.item.text = `$(history) ${total === 1 ? vscode.l10n.t('1 review due') : vscode.l10n.t('{0} reviews due', total)}`;
      this.item.tooltip = vscode.l10n.t('Quiz questions due for review now, from every module. Click to review them.');
      this.item.accessibilityInformation = { label: total === 1 ? vscode.l10n.t('1 quiz question is due for review') : vscode.l10n.t('{0} quiz questions are due for review', total), role: 'button' };
      this.item.show();
    }
    const same = before.length === total && before.every((card, i) => card.moduleId === this.cards[i]?.moduleId && card.questionId === this.cards[i]?.questionId);
    if (!same) this.changed.fire();
  }
}
