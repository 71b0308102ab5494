import * as vscode from 'vscode';
import { daysBetween, runtimeTimeZone } from '../../core/schedule/calendar';
import { LogThrottle } from '../../core/util/LogThrottle';
import { cardKey, interleave, type DueCard } from '../../core/schedule/schedule';
import { CURRENT, type Screen, type SessionAction, type SessionView } from '../../core/session/session';
import {
  checkFromReviewPage,
  type FromReviewPageMessage,
  type ReviewPageData,
  type ReviewPageState,
  type ToReviewPageMessage,
} from '../../protocol/reviewPage';
import { QuizViewBuilder } from '../webview/quizViews';
import { liveCards } from '../session/liveCards';
import { localizedStrings } from '../webview/localizedStrings';
import { moduleRenderer } from '../webview/moduleRenderer';
import type { LoadedModule, ModuleRepository } from '../repository/ModuleRepository';
import type { ModuleSessions } from '../session/ModuleSessions';
import type { ScheduleStore } from '../stores/ScheduleStore';
import type { LearnerDay } from '../session/LearnerDay';
import { SerialWork } from '../webview/SerialWork';
import { webviewOptions, webviewPage } from '../webview/webviewHtml';
import { Disposable } from '../util/Disposable';

interface ReviewServices {
  readonly extensionUri: vscode.Uri;
  readonly repository: ModuleRepository;
  readonly sessions: ModuleSessions;
  readonly schedule: ScheduleStore;
  readonly log: vscode.LogOutputChannel;
  readonly now: () => Date;
  /** The learner's time zone, which the page reports and the due days follow. */
  readonly learnerDay?: LearnerDay;
}

/**
 * `Quiz: Review Due Questions`: the questions due now from every module, interleaved, in the
 * quiz webview. There is no second session model: a module's review attempt (kind `review`) is
 * started through the module sessions service when its first question is shown, every answer is
 * a step of that module's record (which rates it on the schedule), and this panel only decides
 * which module's question to show next and numbers them across the session. A review attempt
 * the learner leaves (closing the page, or Check again) is closed: removed without answers,
 * finished over the questions answered otherwise. The module's full quiz stays open beside it.
 */
export class ReviewPanel extends Disposable {
  static readonly viewType = 'quizModules.review';
  private static current: ReviewPanel | undefined;

  private readonly posted = this.register(new vscode.EventEmitter<ToReviewPageMessage>());
  /** Every message sent to the webview, for tests. */
  readonly onDidPost = this.posted.event;
  /** Feedback of an answer is showing: a redraw waits for "next". */
  private showingFeedback = false;
  private queue: DueCard[] = [];
  private position = 0;
  private answered = 0;
  private correct = 0;
  private readonly screens = new Map<string, Screen>();
  /** Review attempt id -> its module. */
  private readonly attempts = new Map<string, string>();
  private readonly builders = new Map<LoadedModule, QuizViewBuilder>();
  private lastState: ReviewPageState | undefined;
  private readonly work = new SerialWork(
    () => this.isDisposed,
    async (text) => {
      this.services.log.error(`Review session: ${text}`);
      await this.post({ type: 'error', message: vscode.l10n.t('Something went wrong: {0}', text) });
    },
  );
  private readonly dropLog = new LogThrottle(20, 10_000, () => Date.now());

  /** Opens the review panel (or brings it forward) and starts a session of what is due now. */
  static async open(services: ReviewServices): Promise<ReviewPanel> {
    let panel = ReviewPanel.current;
    if (!panel || panel.isDisposed) {
      const webviewPanel = vscode.window.createWebviewPanel(
        ReviewPanel.viewType,
        vscode.l10n.t('Review Due Questions'),
        vscode.ViewColumn.Active,
        webviewOptions(services.extensionUri, [], true),
      );
      panel = new ReviewPanel(webviewPanel, services);
      ReviewPanel.current = panel;
    } else {
      panel.panel.reveal();
    }
    await panel.restart();
    return panel;
  }

  /** The open review panel, if any (tests). */
  static get active(): ReviewPanel | undefined {
    return ReviewPanel.current?.isDisposed ? undefined : ReviewPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ReviewServices,
  ) {
    super();
    // Registered before the listeners, so it closes after them (newest first).
    this.register(panel);
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      // A module of this session changed (an edit, the module page, a reset): the questions of it
      // still ahead that it no longer asks, or that have no card any more, leave the session, and
      // the question showing is asked again (its count of questions may have changed too).
      services.sessions.onDidChange((moduleId) => {
        if (!this.queue.slice(this.position).some((card) => card.moduleId === moduleId)) return;
        // Decided when its turn comes: the answer that fired this may have put feedback on screen.
        void this.enqueue(async () => {
          const dropped = this.dropGoneAhead(moduleId);
          if (this.showingFeedback) return;
          if (dropped || this.queue[this.position]?.moduleId === moduleId) await this.showCurrent(true);
        });
      }),
    );
    this.register(
      // A reset forgets a module's cards after its record changed: its questions ahead go then.
      services.schedule.onDidChange(() => {
        void this.enqueue(async () => {
          if (this.dropGoneAhead() && !this.showingFeedback) await this.showCurrent(true);
        });
      }),
    );
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'quiz-activity.svg');
  }

  protected override beforeDispose(): void {
    if (ReviewPanel.current === this) ReviewPanel.current = undefined;
    // The learner left: the attempts this page started are closed (the work queue is gone with
    // the page, so this goes straight to the sessions service, which queues its own writes).
    void this.leaveAll();
  }

  /** The questions of this session, in the order asked (tests). */
  get plan(): readonly DueCard[] {
    return this.queue;
  }

  /** The last state sent (tests). */
  get state(): ReviewPageState | undefined {
    return this.lastState;
  }

  /** Plans a new session of what is due now; no attempt starts until its first question shows. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      const { repository, schedule } = this.services;
      await repository.known;
      await this.leaveAll();
      const now = this.services.now();
      this.queue = interleave(schedule.due(now, liveCards(repository))).filter((card) => repository.get(card.moduleId));
      this.position = 0;
      this.answered = 0;
      this.correct = 0;
      this.showingFeedback = false;
      const folders = [...new Set(this.queue.map((card) => card.moduleId))].flatMap((id) => {
        const loaded = repository.get(id);
        return loaded ? [vscode.Uri.joinPath(loaded.uri, '..')] : [];
      });
      this.panel.webview.options = webviewOptions(this.services.extensionUri, folders, true);
      const initialData: ReviewPageData = { page: 'review', strings: localizedStrings() };
      this.panel.webview.html = webviewPage({
        webview: this.panel.webview,
        extensionUri: this.services.extensionUri,
        title: vscode.l10n.t('Review Due Questions'),
        styles: ['quiz.css'],
        script: true,
        remoteImages: vscode.workspace.isTrusted,
        initialData,
        body: '<div id="app" class="app review-session"></div>',
      });
    });
  }

  /** Closes every review attempt this page started (see the class comment). */
  private async leaveAll(): Promise<void> {
    const started = [...this.attempts];
    this.attempts.clear();
    const screens = new Map(this.screens);
    this.screens.clear();
    for (const [attemptId, moduleId] of started) {
      await this.services.sessions.act(moduleId, screens.get(moduleId) ?? CURRENT, { type: 'leave', attemptId });
    }
  }

  receive(raw: unknown): Promise<void> {
    const checked = checkFromReviewPage(raw);
    if (!('message' in checked)) {
      this.warn(`Dropped a message from the review page that is not part of the protocol: ${checked.problem}.`);
      return Promise.resolve();
    }
    return this.enqueue(() => this.handle(checked.message));
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    return this.work.run(work);
  }

  private warn(line: string): void {
    for (const written of this.dropLog.admit(line)) this.services.log.warn(written);
  }

  private async handle(message: FromReviewPageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.timeZone !== undefined) await this.services.learnerDay?.set(message.timeZone);
        await this.post({
          type: 'session',
          session: {
            title: vscode.l10n.t('Review due questions'),
            description: vscode.l10n.t('Questions from every module, brought back when they are about to be forgotten.'),
          },
        });
        await this.showCurrent();
        return;
      case 'answer': {
        const moduleId = this.attempts.get(message.attemptId);
        const card = this.queue[this.position];
        if (!moduleId || !card || card.moduleId !== moduleId || card.questionId !== message.questionId) {
          this.warn(`Review session: ignored an answer that is not for the question being asked.`);
          await this.refuse(vscode.l10n.t('it is not for the question being asked'));
          return;
        }
        // The message is the session's own answer action (the guard made it exact).
        const result = await this.step(moduleId, message);
        if (!result || result.ignored !== undefined) {
          await this.refuse(result?.ignored ?? vscode.l10n.t('the module is not available'));
          return;
        }
        const attempt = result.state.record.attempts.find((a) => a.id === message.attemptId);
        const given = attempt?.answers[message.questionId];
        this.answered++;
        if (given?.correct) this.correct++;
        // With immediate feedback the answer's feedback shows; an exam module's answer is saved
        // quietly, as in the exam itself, and the session goes on.
        if (result.view.phase === 'question' && result.view.answer) {
          this.showingFeedback = true;
          await this.sendView(moduleId, result.view);
        } else await this.advance();
        return;
      }
      case 'next': {
        const moduleId = this.attempts.get(message.attemptId);
        const card = this.queue[this.position];
        if (!moduleId || card?.moduleId !== moduleId) return;
        await this.step(moduleId, message);
        await this.advance();
        return;
      }
      case 'hint': {
        const moduleId = this.attempts.get(message.attemptId);
        const loaded = moduleId ? this.services.repository.get(moduleId) : undefined;
        if (!moduleId || !loaded) return;
        const hint = this.services.sessions.hint(moduleId, this.screens.get(moduleId) ?? CURRENT, message.attemptId, message.questionId);
        if (hint === undefined) return;
        await this.post({ type: 'hint', attemptId: message.attemptId, questionId: message.questionId, html: this.builder(loaded).hintHtml(hint) });
        return;
      }
      case 'start':
        // "Check again" at the end: a new session of whatever is due by now (queued after this message).
        void this.restart();
        return;
      case 'openLink':
        return;
    }
  }

  private async step(moduleId: string, action: SessionAction) {
    const result = await this.services.sessions.act(moduleId, this.screens.get(moduleId) ?? CURRENT, action);
    if (result) this.screens.set(moduleId, result.state.screen);
    if (result?.ignored !== undefined) this.warn(`Review session: module "${moduleId}" ignored "${action.type}": ${result.ignored}.`);
    return result;
  }

  /** An answer that does not count is said on this page, and the question being asked shows again. */
  private async refuse(reason: string): Promise<void> {
    await this.post({ type: 'error', message: vscode.l10n.t('That answer was not counted ({0}). The page now shows where the review is.', reason) });
    this.showingFeedback = false;
    await this.showCurrent();
  }

  private async advance(): Promise<void> {
    this.position++;
    this.showingFeedback = false;
    await this.showCurrent();
  }

  /**
   * Removes from the rest of the session (after the question showing) the questions of a module
   * (of every module when none is named) that it no longer asks or that lost their card (a
   * reset); says whether any went.
   */
  private dropGoneAhead(moduleId?: string): boolean {
    const { repository, schedule } = this.services;
    const cards = schedule.get().cards;
    const asks = (card: DueCard) => repository.get(card.moduleId)?.module.questions.some((q) => q.id === card.questionId) === true;
    const keep = (card: DueCard, at: number) =>
      at <= this.position || (moduleId !== undefined && card.moduleId !== moduleId) || (Object.hasOwn(cards, cardKey(card.moduleId, card.questionId)) && asks(card));
    const next = this.queue.filter(keep);
    if (next.length === this.queue.length) return false;
    this.queue = next;
    return true;
  }

  /**
   * Shows the question at the current position, starting the module's review attempt when its
   * first question shows (of the module's questions still ahead in this session), and skipping
   * any question its module no longer asks.
   */
  private async showCurrent(redraw = false): Promise<void> {
    for (let card = this.queue[this.position]; card !== undefined; card = this.queue[this.position]) {
      const asks = (view: SessionView | undefined): view is Extract<SessionView, { phase: 'question' }> =>
        view?.phase === 'question' && view.attempt.kind === 'review' && view.question.id === card.questionId && !view.answer;
      let view = this.screens.has(card.moduleId) ? (await this.step(card.moduleId, { type: 'resume' }))?.view : undefined;
      if (!asks(view) && this.services.repository.get(card.moduleId)) {
        const ours = [...this.attempts].find(([, moduleId]) => moduleId === card.moduleId)?.[0];
        if (ours !== undefined) {
          this.attempts.delete(ours);
          await this.step(card.moduleId, { type: 'leave', attemptId: ours });
        }
        const ahead = this.queue.slice(this.position).filter((c) => c.moduleId === card.moduleId).map((c) => c.questionId);
        this.screens.delete(card.moduleId);
        const started = await this.step(card.moduleId, { type: 'practice', kind: 'review', questionIds: ahead });
        if (started && started.ignored === undefined && started.view.phase === 'question') this.attempts.set(started.view.attempt.id, card.moduleId);
        view = started?.view;
      }
      if (asks(view)) {
        await this.sendView(card.moduleId, view, redraw);
        return;
      }
      // The question left its module (or changed) since the session was planned.
      this.position++;
    }
    await this.sendDone();
  }

  /** `redraw`: sent only when it differs from what the page shows. */
  private async sendView(moduleId: string, view: Extract<SessionView, { phase: 'question' }>, redraw = false): Promise<void> {
    const loaded = this.services.repository.get(moduleId);
    // The caller has just stepped the session of this module, which it finds loaded.
    if (!loaded) return;
    const state = this.builder(loaded).quizState(view);
    if (state.phase !== 'question') return;
    const quiz: ReviewPageState = {
      ...state,
      index: this.position,
      total: this.queue.length,
      source: loaded.module.title,
      ...(loaded.module.feedbackTiming === 'end' ? { exam: true as const } : {}),
    };
    if (redraw && JSON.stringify(quiz) === JSON.stringify(this.lastState)) return;
    await this.post({ type: 'quiz', quiz });
  }

  private async sendDone(): Promise<void> {
    const now = this.services.now();
    const next = this.services.schedule.nextDue(now, liveCards(this.services.repository));
    await this.post({
      type: 'quiz',
      quiz: {
        phase: 'reviewDone',
        answered: this.answered,
        correct: this.correct,
        ...(next ? { nextDue: formatDue(next, now, this.services.learnerDay?.timeZone ?? runtimeTimeZone()) } : {}),
      },
    });
  }

  private builder(loaded: LoadedModule): QuizViewBuilder {
    const cached = this.builders.get(loaded);
    if (cached) return cached;
    const renderer = moduleRenderer(loaded, this.panel.webview);
    // The review page has no article: feedback offers no section to re-read.
    const builder = new QuizViewBuilder(loaded.module, renderer, new Map());
    this.builders.set(loaded, builder);
    return builder;
  }

  private async post(message: ToReviewPageMessage): Promise<void> {
    if (this.isDisposed) return;
    if (message.type === 'quiz') this.lastState = message.quiz;
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }
}

/**
 * "tomorrow", "in 5 days (Tuesday, 3 December)": when the next question is due. Cards fall due
 * at the start of a day in the learner's zone, so the day is what matters, not a time of day.
 */
function formatDue(due: Date, now: Date, timeZone: string): string {
  const days = daysBetween(now, due, timeZone);
  if (days <= 0) return vscode.l10n.t('today');
  if (days === 1) return vscode.l10n.t('tomorrow');
  const date = due.toLocaleDateString(vscode.env.language, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  return vscode.l10n.t('in {0} days ({1})', days, date);
}
