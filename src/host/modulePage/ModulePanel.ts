import * as vscode from 'vscode';
import { LogThrottle } from '../../core/util/LogThrottle';
import { CURRENT, type Screen, type SessionAction } from '../../core/session/session';
import { checkFromModulePage, type FromModulePageMessage, type ModulePageData, type ToModulePageMessage } from '../../protocol/modulePage';
import { QuizViewBuilder } from '../webview/quizViews';
import { actionFor } from '../session/sessionActions';
import type { LearnerDay } from '../session/LearnerDay';
import type { LoadedModule, ModuleRepository } from '../repository/ModuleRepository';
import type { ModuleSessions } from '../session/ModuleSessions';
import { localizedStrings } from '../webview/localizedStrings';
import { moduleRenderer } from '../webview/moduleRenderer';
import { SerialWork } from '../webview/SerialWork';
import { webviewOptions, webviewPage } from '../webview/webviewHtml';
import { Disposable } from '../util/Disposable';

export type PanelView = 'article' | 'quiz';

export interface ModulePanelServices {
  readonly extensionUri: vscode.Uri;
  readonly repository: ModuleRepository;
  /** The live owner of every module's session: this page acts and listens through it. */
  readonly sessions: ModuleSessions;
  readonly log: vscode.LogOutputChannel;
  /**
   * Opens a link clicked in the page (after asking, in Restricted Mode); a relative one is
   * resolved against `base`, the article it was clicked in.
   */
  readonly openLink: (href: string, base?: vscode.Uri) => Promise<boolean>;
  /** Told the zone the page reports, the learner's calendar for streaks and due days. */
  readonly learnerDay?: LearnerDay;
}

/**
 * The folders a module's page may load files from beside the extension's own media: its module's
 * folder (the article's images), nothing else.
 */
export function moduleFolders(loaded: LoadedModule | undefined): vscode.Uri[] {
  return loaded ? [vscode.Uri.joinPath(loaded.uri, '..')] : [];
}

function rootsKeyOf(roots: readonly vscode.Uri[]): string {
  return roots.map((uri) => uri.toString()).join('\n');
}

/** What a panel derives from one version of its module: rendered once, reused for every answer. */
interface RenderedModule {
  readonly loaded: LoadedModule;
  readonly builder: QuizViewBuilder;
  readonly articleHtml?: string;
}

/**
 * One module's webview: the article, then its quiz. A thin adapter: each message from the page
 * becomes an action of the pure quiz session (`core/session`), one at a time, and the view the
 * session returns is rendered and sent back. Grading happens there, on the host.
 */
export class ModulePanel extends Disposable {
  private readonly posted = this.register(new vscode.EventEmitter<ToModulePageMessage>());
  /** Every message sent to the webview, for tests and diagnostics. */
  readonly onDidPost = this.posted.event;
  private readonly closing = this.register(new vscode.EventEmitter<void>());
  /** Fires once as the page closes, before its own listeners and the panel go. */
  readonly onDidDispose = this.closing.event;
  private screen: Screen = CURRENT;
  private ready = false;
  /** Messages and events are handled one at a time, in order. */
  private readonly work = new SerialWork(
    () => this.isDisposed,
    async (text) => {
      this.services.log.error(`Module "${this.moduleId}": ${text}`);
      await this.post({ type: 'error', message: vscode.l10n.t('Something went wrong: {0}', text) });
    },
  );
  private rendered: RenderedModule | undefined;
  /** The module version the webview was last sent, to tell when a reload changed it. */
  private shown: LoadedModule | undefined;
  /** The quiz state last sent, so a redraw after someone else's change sends only what differs. */
  private lastQuiz: string | undefined;
  private initialView: PanelView;
  /** The local resource roots last given to the webview, to set them again only when they change. */
  private rootsKey: string | undefined;
  /** A section asked for just now, sent again once a page that was reloading says it is ready. */
  private pendingSection: { id: string; at: number } | undefined;
  /** A page that floods the host with bad messages cannot flood the log. */
  private readonly dropLog = new LogThrottle(20, 10_000, () => Date.now());

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly moduleId: string,
    private readonly services: ModulePanelServices,
    initialView: PanelView,
    /** The manager made the panel with this module's options (`moduleFolders`); a restored one may hold others. */
    createdWithOptions = false,
  ) {
    super();
    this.initialView = initialView;
    if (createdWithOptions) this.rootsKey = rootsKeyOf(moduleFolders(this.loaded()));
    // Registered before the listeners, so it closes after them (newest first).
    this.register(panel);
    this.configure();
    this.loadPage();
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(panel.onDidDispose(() => this.dispose()));
    // The record changed (here, on the review page, by a reset or an import): show it as it is.
    this.register(
      services.sessions.onDidChange((moduleId) => {
        if (moduleId === this.moduleId && this.ready) void this.enqueue(async () => {
          await this.act({ type: 'resume' }, true);
        });
      }),
    );
    // Formulas on or off: the page is built again, rendered with the new setting.
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('quizModules.markdown.math')) void this.enqueue(async () => this.loadPage());
      }),
    );
  }

  /** The manager and tests hear that the page closes while its emitters still work. */
  protected override beforeDispose(): void {
    this.closing.fire();
  }

  /** Sets the page's HTML, which (re)starts the webview; it says "ready" once it runs. */
  private loadPage(): void {
    this.ready = false;
    this.shown = undefined;
    this.rendered = undefined;
    // The module and its article go into the page itself, so the article shows without waiting
    // for the page's "ready" and the reply to it (one round trip through the workbench). The reply
    // still sends it, and the page draws it again only if it changed meanwhile.
    const loaded = this.loaded();
    const rendered = loaded ? this.renderedFor(loaded) : undefined;
    const initialData: ModulePageData = {
      page: 'module',
      moduleId: this.moduleId,
      view: this.initialView,
      strings: localizedStrings(),
      ...(rendered ? { module: rendered.builder.moduleView(rendered.articleHtml) } : {}),
    };
    this.panel.webview.html = webviewPage({
      webview: this.panel.webview,
      extensionUri: this.services.extensionUri,
      title: this.loaded()?.module.title ?? this.moduleId,
      styles: ['quiz.css'],
      script: true,
      // In Restricted Mode no image may come from outside the extension and the module folder.
      remoteImages: vscode.workspace.isTrusted,
      initialData,
      body: '<div id="app" class="app"></div>',
    });
  }

  /** The workspace became trusted: the page is built again with what Restricted Mode held back. */
  trustChanged(): Promise<void> {
    return this.enqueue(async () => {
      this.loadPage();
    });
  }

  reveal(view: PanelView | undefined): void {
    this.panel.reveal();
    if (view) void this.post({ type: 'show', view });
  }

  /**
   * Shows the article at one of its headings (the element id, "section-…"). A hidden panel's page
   * is rebuilt when it is shown again and may miss what was posted meanwhile, so the section is
   * also kept for a few seconds and asked for again when the page says it is ready.
   */
  showSection(anchor: string): Promise<void> {
    this.pendingSection = { id: anchor, at: Date.now() };
    this.panel.reveal();
    return this.enqueue(async () => {
      if (this.ready && this.shown) await this.post({ type: 'show', view: 'article', section: anchor });
    });
  }

  /** Starts or resumes the quiz (the "Start Quiz" command). */
  start(): Promise<void> {
    return this.enqueue(async () => {
      await this.act({ type: 'begin' });
      await this.post({ type: 'show', view: 'quiz' });
    });
  }

  /** The module files were read again; only a panel whose module changed does anything. */
  moduleChanged(): Promise<void> {
    return this.enqueue(async () => {
      const loaded = this.loaded();
      if (loaded === this.shown) return;
      this.configure();
      if (!this.ready) return;
      if (!loaded) {
        this.shown = undefined;
        await this.sendUnavailable();
        return;
      }
      await this.sendModule(loaded);
      await this.act({ type: 'moduleChanged' });
    });
  }

  /**
   * Starts a practice attempt of the last full attempt's mistakes (Retry Mistakes); resolves
   * false, starting nothing, when there are none.
   */
  retryMistakes(): Promise<boolean> {
    let started = false;
    return this.enqueue(async () => {
      started = await this.act({ type: 'practice', kind: 'practice' });
      await this.post({ type: 'show', view: 'quiz' });
    }).then(() => started);
  }

  /** The saved scores were reset elsewhere: back to the quiz's start. */
  progressReset(): Promise<void> {
    return this.enqueue(async () => {
      await this.act({ type: 'reset' });
    });
  }

  /** Handles one message from the webview; anything outside the protocol is logged and dropped. */
  receive(raw: unknown): Promise<void> {
    const checked = checkFromModulePage(raw);
    if (!('message' in checked)) {
      this.warnThrottled(`Dropped a message from the webview of "${this.moduleId}" that is not part of the protocol: ${checked.problem}.`);
      return Promise.resolve();
    }
    return this.enqueue(() => this.handle(checked.message));
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    return this.work.run(work);
  }

  private async handle(message: FromModulePageMessage): Promise<void> {
    if (message.type === 'showScores') {
      await vscode.commands.executeCommand('quizModules.showScores');
      return;
    }
    if (message.type === 'hint') {
      await this.sendHint(message.attemptId, message.questionId);
      return;
    }
    if (message.type === 'openLink') {
      // Not queued behind the dialog: the page stays usable while the user decides.
      void this.services.openLink(message.href, this.loaded()?.articleUri);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      void this.services.learnerDay?.set(message.timeZone);
      const loaded = this.loaded();
      if (!loaded) {
        await this.sendUnavailable();
        return;
      }
      await this.sendModule(loaded);
      const pending = this.pendingSection;
      this.pendingSection = undefined;
      if (pending && Date.now() - pending.at < 10_000) await this.post({ type: 'show', view: 'article', section: pending.id });
    }
    const action = actionFor(message);
    if (action) await this.act(action);
    if (message.type === 'start' || message.type === 'restart') await this.post({ type: 'show', view: 'quiz' });
  }

  private warnThrottled(line: string): void {
    for (const written of this.dropLog.admit(line)) this.services.log.warn(written);
  }

  /** Sends the hint of the question being asked, when the module lets the learner see it now. */
  private async sendHint(attemptId: string, questionId: string): Promise<void> {
    const loaded = this.loaded();
    if (!loaded) return;
    const hint = this.services.sessions.hint(this.moduleId, this.screen, attemptId, questionId);
    if (hint === undefined) {
      this.warnThrottled(`Module "${this.moduleId}": no hint sent for "${questionId}": it is not the question being asked, or it has no hint to show now.`);
      return;
    }
    await this.post({ type: 'hint', attemptId, questionId, html: this.renderedFor(loaded).builder.hintHtml(hint) });
  }

  /**
   * Runs one session step through the module's live owner (which saves the record and rates new
   * answers on the review schedule) and shows the result. An answer that does not count is said
   * on this page, never only in the log. `redraw`: sent only when it differs from what shows.
   * Resolves whether the action was taken.
   */
  private async act(action: SessionAction, redraw = false): Promise<boolean> {
    const loaded = this.loaded();
    if (!loaded) {
      await this.sendUnavailable();
      return false;
    }
    const result = await this.services.sessions.act(this.moduleId, this.screen, action);
    if (!result) return false;
    this.screen = result.state.screen;
    if (result.ignored !== undefined) {
      this.warnThrottled(`Module "${this.moduleId}": ignored "${action.type}" from the webview: ${result.ignored}.`);
      if (action.type === 'answer') {
        await this.post({ type: 'error', message: vscode.l10n.t('That answer was not counted ({0}). The page now shows where the quiz is.', result.ignored) });
      }
    }
    const quiz = this.renderedFor(loaded).builder.quizState(result.view, result.state.record);
    const text = JSON.stringify(quiz);
    if (redraw && text === this.lastQuiz) return result.ignored === undefined;
    // Posted even before the page said it is ready: VS Code holds messages until the page loads,
    // and "ready" sends the state again anyway.
    await this.post({ type: 'quiz', quiz });
    return result.ignored === undefined;
  }

  private loaded(): LoadedModule | undefined {
    return this.services.repository.get(this.moduleId);
  }

  private configure(): void {
    const loaded = this.loaded();
    this.panel.title = loaded?.module.title ?? this.moduleId;
    // Set only when they change: each setting is a message to the workbench, and new options
    // make it send the page to the webview again.
    const roots = moduleFolders(loaded);
    const rootsKey = rootsKeyOf(roots);
    if (rootsKey !== this.rootsKey) {
      this.panel.webview.options = webviewOptions(this.services.extensionUri, roots, true);
      this.rootsKey = rootsKey;
    }
    this.panel.iconPath ??= vscode.Uri.joinPath(this.services.extensionUri, 'media', 'quiz-activity.svg');
  }

  /** The rendered article and view builder of this module version, rendered on first use. */
  private renderedFor(loaded: LoadedModule): RenderedModule {
    if (this.rendered?.loaded === loaded) return this.rendered;
    const renderer = moduleRenderer(loaded, this.panel.webview);
    const article = loaded.articleText !== undefined ? renderer.renderArticle(loaded.articleText) : undefined;
    const headings = new Map((article?.headings ?? loaded.headings).map((h) => [h.id, { anchor: h.anchor, text: h.text }]));
    this.rendered = {
      loaded,
      builder: new QuizViewBuilder(loaded.module, renderer, headings),
      ...(article ? { articleHtml: article.html } : {}),
    };
    return this.rendered;
  }

  private async sendModule(loaded: LoadedModule): Promise<void> {
    const { builder, articleHtml } = this.renderedFor(loaded);
    this.shown = loaded;
    await this.post({ type: 'module', module: builder.moduleView(articleHtml) });
  }

  private async sendUnavailable(): Promise<void> {
    await this.post({
      type: 'unavailable',
      message: vscode.l10n.t('The quiz module "{0}" is not available: it was removed, or its file has problems (see the Problems panel).', this.moduleId),
    });
  }

  private async post(message: ToModulePageMessage): Promise<void> {
    if (this.isDisposed) return;
    if (message.type === 'quiz') this.lastQuiz = JSON.stringify(message.quiz);
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }
}
