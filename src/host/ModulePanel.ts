import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  answerQuestion,
  finishAttempt,
  nextQuestionId,
  openAttempt,
  questionById,
  reconcileAttempt,
  startAttempt,
  withAttempt,
} from '../core/attempt';
import { checkPicks } from '../core/grading';
import { MarkdownRenderer } from '../core/markdown';
import type { AttemptRecord, ProgressRecord } from '../core/progressRecord';
import type { Random } from '../core/shuffle';
import type { FromWebviewMessage, ToWebviewMessage } from '../protocol/messages';
import { checkFromWebview, parsePersistedState } from '../protocol/parseMessage';
import { QuizViewBuilder } from '../protocol/quizViews';
import { WEBVIEW_STRINGS, type WebviewStrings } from '../protocol/webviewStrings';
import type { LoadedModule, ModuleRepository } from './ModuleRepository';
import type { ProgressStore } from './ProgressStore';
import { webviewOptions, webviewPage } from './webviewHtml';

export type PanelView = 'article' | 'quiz';

export interface ModulePanelServices {
  readonly extensionUri: vscode.Uri;
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly log: vscode.LogOutputChannel;
  readonly random: Random;
  readonly now: () => Date;
}

/** What the quiz tab shows besides the natural next step of the open attempt. */
type Screen =
  | { readonly kind: 'feedback'; readonly attemptId: string; readonly questionId: string }
  | { readonly kind: 'summary'; readonly attemptId: string };

function localizedStrings(): WebviewStrings {
  const strings = {} as Record<string, string>;
  for (const [key, english] of Object.entries(WEBVIEW_STRINGS)) strings[key] = vscode.l10n.t(english);
  return strings as WebviewStrings;
}

/** One module's webview: the article, then its quiz, graded here on the host. */
export class ModulePanel implements vscode.Disposable {
  private readonly posted = new vscode.EventEmitter<ToWebviewMessage>();
  /** Every message sent to the webview, for tests and diagnostics. */
  readonly onDidPost = this.posted.event;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly disposables: vscode.Disposable[] = [this.posted, this.disposed];
  private screen: Screen | undefined;
  private ready = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly moduleId: string,
    private readonly services: ModulePanelServices,
    initialView: PanelView,
  ) {
    this.configure();
    panel.webview.html = webviewPage({
      webview: panel.webview,
      extensionUri: services.extensionUri,
      title: this.loaded()?.module.title ?? moduleId,
      styles: ['quiz.css'],
      script: true,
      initialData: { moduleId, view: initialView, strings: localizedStrings() },
      body: '<div id="app" class="app"></div>',
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  reveal(view: PanelView | undefined): void {
    this.panel.reveal();
    if (view) void this.post({ type: 'show', view });
  }

  /** Called when the module files were read again: the webview gets the module as it is now. */
  moduleChanged(): void {
    this.configure();
    if (this.ready) void this.sendAll();
  }

  /** The saved scores were reset elsewhere: back to the quiz's start. */
  progressReset(): void {
    this.screen = undefined;
    const loaded = this.loaded();
    if (this.ready && loaded) void this.sendState(loaded);
  }

  /** Handles one message from the webview; anything outside the protocol is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const checked = checkFromWebview(raw);
    if (!('message' in checked)) {
      this.services.log.warn(`Dropped a message from the webview of "${this.moduleId}" that is not part of the protocol: ${checked.problem}.`);
      return;
    }
    const { message } = checked;
    try {
      await this.handle(message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.services.log.error(`Module "${this.moduleId}": ${text}`);
      await this.post({ type: 'error', message: vscode.l10n.t('Something went wrong: {0}', text) });
    }
  }

  private loaded(): LoadedModule | undefined {
    return this.services.repository.get(this.moduleId);
  }

  private configure(): void {
    const loaded = this.loaded();
    this.panel.title = loaded?.module.title ?? this.moduleId;
    // The page may load the extension's own media and the files of this module's folder (its
    // article's images), nothing else.
    const moduleFolder = loaded ? [vscode.Uri.joinPath(loaded.uri, '..')] : [];
    this.panel.webview.options = webviewOptions(this.services.extensionUri, moduleFolder, true);
    this.panel.iconPath = vscode.Uri.joinPath(this.services.extensionUri, 'media', 'quiz-activity.svg');
  }

  private builder(loaded: LoadedModule): { builder: QuizViewBuilder; articleHtml?: string } {
    const folder = vscode.Uri.joinPath(loaded.uri, '..');
    const renderer = new MarkdownRenderer({
      resolveImage: (relative) => {
        const base = loaded.articleUri ? vscode.Uri.joinPath(loaded.articleUri, '..') : folder;
        const target = vscode.Uri.joinPath(base, relative);
        // Only files inside the module's own folder tree may be shown.
        if (!target.path.startsWith(folder.path + '/')) return undefined;
        return this.panel.webview.asWebviewUri(target).toString();
      },
    });
    const article = loaded.articleText !== undefined ? renderer.renderArticle(loaded.articleText) : undefined;
    const headings = new Map((article?.headings ?? loaded.headings).map((h) => [h.id, h.text]));
    return {
      builder: new QuizViewBuilder(loaded.module, renderer, headings),
      ...(article ? { articleHtml: article.html } : {}),
    };
  }

  private async handle(message: FromWebviewMessage): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      await this.sendAll();
      return;
    }
    if (message.type === 'showScores') {
      await vscode.commands.executeCommand('quizModules.showScores');
      return;
    }
    const loaded = this.loaded();
    if (!loaded) {
      await this.sendUnavailable();
      return;
    }
    switch (message.type) {
      case 'start':
        await this.begin(loaded, false);
        break;
      case 'restart':
        await this.begin(loaded, true);
        break;
      case 'answer':
        await this.answer(loaded, message.attemptId, message.questionId, message.picks);
        break;
      case 'next':
        if (this.screen?.kind === 'feedback' && this.screen.attemptId === message.attemptId) {
          const attempt = this.services.store.get(this.moduleId).attempts.find((a) => a.id === message.attemptId);
          this.screen = attempt?.finishedAt ? { kind: 'summary', attemptId: attempt.id } : undefined;
        }
        await this.sendState(loaded);
        break;
      case 'review': {
        const finished = this.services.store.get(this.moduleId).attempts.filter((a) => a.finishedAt);
        const last = finished[finished.length - 1];
        this.screen = last ? { kind: 'summary', attemptId: last.id } : undefined;
        await this.sendState(loaded);
        break;
      }
    }
  }

  /** Resumes the open attempt, or starts one (always, when `fresh`). */
  async begin(loaded: LoadedModule, fresh: boolean): Promise<void> {
    const { random, now } = this.services;
    const open = openAttempt(this.services.store.get(this.moduleId));
    if (fresh || !open) {
      const attempt = startAttempt(loaded.module, randomUUID(), now(), random);
      await this.services.store.update(this.moduleId, (record) => withAttempt(record, attempt));
    } else {
      await this.reconcile(loaded, open);
    }
    this.screen = undefined;
    await this.post({ type: 'show', view: 'quiz' });
    await this.sendState(loaded);
  }

  private async reconcile(loaded: LoadedModule, attempt: AttemptRecord): Promise<AttemptRecord> {
    const fitted = reconcileAttempt(attempt, loaded.module, this.services.random);
    if (JSON.stringify(fitted) !== JSON.stringify(attempt)) {
      await this.services.store.update(this.moduleId, (record) => withAttempt(record, fitted));
    }
    return fitted;
  }

  private async answer(loaded: LoadedModule, attemptId: string, questionId: string, picks: readonly number[]): Promise<void> {
    const record = this.services.store.get(this.moduleId);
    const open = openAttempt(record);
    const attempt = open ? await this.reconcile(loaded, open) : undefined;
    const question = questionById(loaded.module, questionId);
    // Only the question being asked in the open attempt may be answered, once.
    if (!attempt || attempt.id !== attemptId || !question || nextQuestionId(attempt) !== questionId || checkPicks(question, picks)) {
      this.services.log.warn(`Ignored an answer for "${questionId}" in module "${this.moduleId}": it does not fit the open attempt.`);
      await this.sendState(loaded);
      return;
    }
    const now = this.services.now();
    let { attempt: answered } = answerQuestion(attempt, loaded.module, question, picks, now);
    if (nextQuestionId(answered) === undefined) answered = finishAttempt(answered, loaded.module, now);
    await this.services.store.update(this.moduleId, (current) => withAttempt(current, answered));
    if (loaded.module.feedbackTiming === 'immediate') {
      this.screen = { kind: 'feedback', attemptId: answered.id, questionId };
    } else {
      this.screen = answered.finishedAt ? { kind: 'summary', attemptId: answered.id } : undefined;
    }
    await this.sendState(loaded);
  }

  private async sendAll(): Promise<void> {
    const loaded = this.loaded();
    if (!loaded) {
      await this.sendUnavailable();
      return;
    }
    const { builder, articleHtml } = this.builder(loaded);
    await this.post({ type: 'module', module: builder.moduleView(articleHtml) });
    await this.sendState(loaded);
  }

  private async sendState(loaded: LoadedModule): Promise<void> {
    const { builder } = this.builder(loaded);
    const record: ProgressRecord = this.services.store.get(this.moduleId);
    const screen = this.screen;
    const attempt = screen ? record.attempts.find((a) => a.id === screen.attemptId) : undefined;
    if (screen && attempt) {
      if (screen.kind === 'summary' && attempt.finishedAt) {
        await this.post({ type: 'quiz', quiz: builder.summaryState(attempt) });
        return;
      }
      if (screen.kind === 'feedback' && attempt.answers[screen.questionId] && questionById(loaded.module, screen.questionId)) {
        await this.post({ type: 'quiz', quiz: builder.questionState(attempt, screen.questionId) });
        return;
      }
    }
    this.screen = undefined;
    await this.post({ type: 'quiz', quiz: builder.stateFor(record) });
  }

  private async sendUnavailable(): Promise<void> {
    await this.post({
      type: 'unavailable',
      message: vscode.l10n.t('The quiz module "{0}" is not available: it was removed, or its file has problems (see the Problems panel).', this.moduleId),
    });
  }

  private async post(message: ToWebviewMessage): Promise<void> {
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }
}

/** Opens, finds and restores module panels; one panel per module. */
export class ModulePanelManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  static readonly viewType = 'quizModules.module';
  private readonly panels = new Map<string, ModulePanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: ModulePanelServices) {
    this.disposables.push(
      services.repository.onDidChange(() => {
        for (const panel of this.panels.values()) panel.moduleChanged();
      }),
    );
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  get(moduleId: string): ModulePanel | undefined {
    return this.panels.get(moduleId);
  }

  /** Shows the module's panel, creating it when needed; `start` also starts or resumes the quiz. */
  async open(moduleId: string, view: PanelView, start = false): Promise<ModulePanel> {
    let panel = this.panels.get(moduleId);
    if (panel) {
      panel.reveal(view);
    } else {
      const loaded = this.services.repository.get(moduleId);
      const webviewPanel = vscode.window.createWebviewPanel(
        ModulePanelManager.viewType,
        loaded?.module.title ?? moduleId,
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        webviewOptions(this.services.extensionUri, [], true),
      );
      panel = this.track(new ModulePanel(webviewPanel, moduleId, this.services, view));
    }
    const loaded = this.services.repository.get(moduleId);
    if (start && loaded) await panel.begin(loaded, false);
    return panel;
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const persisted = parsePersistedState(state);
    await this.services.repository.ready;
    if (!persisted) {
      webviewPanel.dispose();
      return;
    }
    const existing = this.panels.get(persisted.moduleId);
    if (existing) {
      // Two restored panels for one module: keep the first.
      webviewPanel.dispose();
      existing.reveal(undefined);
      return;
    }
    this.track(new ModulePanel(webviewPanel, persisted.moduleId, this.services, persisted.view));
  }

  private track(panel: ModulePanel): ModulePanel {
    this.panels.set(panel.moduleId, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(panel.moduleId) === panel) this.panels.delete(panel.moduleId);
    });
    return panel;
  }
}
