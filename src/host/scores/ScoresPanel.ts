import * as vscode from 'vscode';
import { dashboard, moduleStats, type ModuleData } from '../../core/scores/analytics';
import { HEADING_ID_PREFIX, MarkdownRenderer } from '../../core/markdown/markdown';
import { LogThrottle } from '../../core/util/LogThrottle';
import { summarize } from '../../core/session/progressSummary';
import { checkFromScoresPage, type FromScoresPage, type ToScoresPage } from '../../protocol/scoresPage';
import type { LearnerDay } from '../session/LearnerDay';
import { liveCards } from '../session/liveCards';
import type { ModulePanelManager } from '../modulePage/ModulePanelManager';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ProgressStore } from '../stores/ProgressStore';
import type { ScheduleStore } from '../stores/ScheduleStore';
import { questionInfo } from './scoresTransfer';
import { moduleDetailsHtml, scoresPageBody, type ScoresModuleView, type ScoresPageContext } from './scoresPageHtml';
import { webviewOptions, webviewPage } from '../webview/webviewHtml';
import { Disposable } from '../util/Disposable';

/**
 * The scores page runs one small script of its own (src/webview/scores.ts, bundled to
 * dist/webview/scores.js): a "Re-read" link posts the module and section it names, and the host
 * checks both before it opens anything; a module's details are asked for when opened.
 */
function scoresWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return webviewOptions(extensionUri, [], true);
}

const t = vscode.l10n.t;

/**
 * This workspace's learning dashboard: totals, days in a row, due reviews, the weakest questions
 * with a way back to their sections, confidence, and per module best, last, average, attempts
 * over time (a chart with a table), time spent and an item analysis for authors. The page's HTML
 * is scoresPageHtml.ts's; this class owns the panel, its restoring and its messages.
 */
export class ScoresPanel extends Disposable implements vscode.WebviewPanelSerializer {
  static readonly viewType = 'quizModules.scores';
  private panel: vscode.WebviewPanel | undefined;
  /** The one module the page shows, when it was opened for one; otherwise every module. */
  private only: string | undefined;
  /** Modules whose details the learner opened: drawn open again when the page is redrawn. */
  private readonly open = new Set<string>();
  /** Renders one after another; the last one wins. */
  private rendering: Promise<void> = Promise.resolve();
  /** The render queued and not started yet, if any. */
  private waiting: Promise<void> | undefined;
  /** A page that floods the host with bad messages fills the log with a few lines only. */
  private readonly dropLog = new LogThrottle(20, 10_000, () => Date.now());

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly repository: ModuleRepository,
    private readonly store: ProgressStore,
    private readonly panels?: ModulePanelManager,
    private readonly schedule?: ScheduleStore,
    private readonly now: () => Date = () => new Date(),
    private readonly learnerDay?: LearnerDay,
    private readonly log?: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {
    super();
    this.register(repository.onDidChange(() => void this.render()));
    this.register(store.onDidChange(() => void this.render()));
    if (schedule) this.register(schedule.onDidChange(() => void this.render()));
    if (learnerDay) this.register(learnerDay.onDidChange(() => void this.render()));
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }

  /** The open scores panel, if any. */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Shows every module's scores, or only those of `moduleId`. */
  show(moduleId?: string): vscode.WebviewPanel {
    if (moduleId !== this.only) this.open.clear();
    this.only = moduleId;
    let panel = this.panel;
    if (panel) panel.reveal();
    else panel = this.adopt(vscode.window.createWebviewPanel(ScoresPanel.viewType, t('Quiz Scores'), vscode.ViewColumn.Active, scoresWebviewOptions(this.extensionUri)));
    void this.render();
    return panel;
  }

  /** Resolves once the page shows what is saved now. */
  rendered(): Promise<void> {
    return this.rendering;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    await this.repository.known;
    if (this.panel) {
      panel.dispose();
      return;
    }
    // A restored panel comes with the options it was saved with; set this version's own.
    panel.webview.options = scoresWebviewOptions(this.extensionUri);
    this.only = undefined;
    this.open.clear();
    this.adopt(panel);
    await this.render();
  }

  private adopt(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'quiz-activity.svg');
    panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
      this.open.clear();
    });
    return panel;
  }

  /**
   * Acts on a message of the page (src/protocol/scoresPage.ts): its time zone when it starts (the
   * learner's day), a request to show a section of a module's article, a module's details opened
   * or closed. Whether it did something: a malformed message is logged and ignored, as is a module
   * not loaded or a section none of its questions names.
   */
  async onMessage(raw: unknown): Promise<boolean> {
    const checked = checkFromScoresPage(raw);
    if ('problem' in checked) {
      for (const line of this.dropLog.admit(`Dropped a message from the scores page that is not part of its protocol: ${checked.problem}.`)) this.log?.warn(line);
      return false;
    }
    return this.handle(checked.message);
  }

  private async handle(message: FromScoresPage): Promise<boolean> {
    switch (message.type) {
      case 'timeZone':
        await this.learnerDay?.set(message.timeZone);
        return this.learnerDay !== undefined;
      case 'reread': {
        const loaded = this.repository.get(message.moduleId);
        if (!loaded || !loaded.module.questions.some((q) => q.section === message.section) || !this.panels) return false;
        const panel = await this.panels.open(message.moduleId, 'article', false, vscode.ViewColumn.Beside);
        await panel.showSection(HEADING_ID_PREFIX + message.section);
        return true;
      }
      case 'details': {
        if (!message.open) return this.open.delete(message.moduleId);
        const panel = this.panel;
        const html = await this.detailsHtml(message.moduleId);
        if (html === undefined || !panel) return false;
        this.open.add(message.moduleId);
        const title = this.repository.get(message.moduleId)?.module.title ?? message.moduleId;
        const reply: ToScoresPage = { type: 'details', moduleId: message.moduleId, html, announcement: t('The details of "{0}" are shown.', title) };
        // Whether the page gets it depends on the webview being alive; the request was served either way.
        await panel.webview.postMessage(reply);
        return true;
      }
    }
  }

  /**
   * The details of one module as the page is sent them when the learner opens them, or undefined
   * for a module the page does not show; public so they can be checked without a webview.
   */
  async detailsHtml(moduleId: string): Promise<string | undefined> {
    if (!this.shown().has(moduleId)) return undefined;
    const data = await this.moduleData(moduleId);
    const view = this.view(data, moduleStats(data));
    return moduleDetailsHtml(view, this.context());
  }

  /** The page's HTML for what is saved now; public so it can be checked without a webview. */
  async html(webview: vscode.Webview): Promise<string> {
    return webviewPage({
      webview,
      extensionUri: this.extensionUri,
      title: t('Quiz Scores'),
      styles: ['scores.css'],
      script: false,
      scriptFile: 'dist/webview/scores.js',
      inline: true,
      remoteImages: vscode.workspace.isTrusted,
      body: await this.body(),
    });
  }

  private render(): Promise<void> {
    // A change that comes while a render waits joins it (an answer changes the record and the
    // schedule); the render reads the store when it starts.
    if (this.waiting) return this.waiting;
    // In a task of its own: drawing a year of history takes a while, and the answer whose save
    // asked for it posts its feedback first.
    const next = this.rendering.then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(async () => {
      this.waiting = undefined;
      if (!this.panel) return;
      const panel = this.panel;
      const only = this.only === undefined ? undefined : (this.repository.get(this.only)?.module.title ?? this.only);
      panel.title = only === undefined ? t('Quiz Scores') : t('Quiz Scores: {0}', only);
      const html = await this.html(panel.webview);
      // Setting the same page again would reload the webview for nothing. The nonce changes on
      // every build, so compare without it.
      const strip = (s: string) => s.replace(/nonce-?[=":A-Za-z0-9+/-]*/g, '');
      if (this.panel === panel && strip(html) !== strip(panel.webview.html)) panel.webview.html = html;
    });
    this.rendering = this.waiting = next.catch(() => undefined);
    return this.rendering;
  }

  /** The modules the page shows: one, or every module loaded or with saved scores. */
  private shown(): Set<string> {
    return this.only !== undefined ? new Set([this.only]) : new Set([...this.repository.modules.map((m) => m.module.id), ...this.store.moduleIds()]);
  }

  /** A module's saved data (with the history files when it has some) and its questions. */
  private async moduleData(id: string): Promise<ModuleData> {
    const record = this.store.get(id);
    const history = record.archived ? await this.store.archivedAttempts(id) : [];
    const loaded = this.repository.get(id);
    return { moduleId: id, record, ...(history.length ? { history } : {}), ...(loaded ? { questions: questionInfo(loaded.module) } : {}) };
  }

  private view(data: ModuleData, stats: ScoresModuleView['stats']): ScoresModuleView {
    const loaded = this.repository.get(data.moduleId);
    return {
      data,
      stats,
      summary: summarize(data.record),
      title: loaded?.module.title ?? data.moduleId,
      loaded: loaded !== undefined,
      ...(loaded?.module.passingScore !== undefined ? { passingScore: loaded.module.passingScore } : {}),
      authoring: loaded?.source === 'workspace',
      article: Boolean(loaded?.module.article),
    };
  }

  private context(): ScoresPageContext {
    // The scores page sanitizes nothing in the page (its script only posts a link's target and
    // places the host's details): its prompts stay plain GFM, with dollars as text and code
    // unhighlighted. In Restricted Mode no remote image is shown, as on the module page.
    const renderer = new MarkdownRenderer({ math: false, remoteImages: vscode.workspace.isTrusted });
    return { t, locale: vscode.env.language, inline: (markdown) => renderer.renderInline(markdown) };
  }

  private async body(): Promise<string> {
    const title = (id: string) => this.repository.get(id)?.module.title ?? id;
    const ids = [...this.shown()].sort((a, b) => title(a).localeCompare(title(b)));
    // The history files are read together: the page needs them all before it is drawn.
    const data = await Promise.all(ids.map((id) => this.moduleData(id)));
    // A year of history takes a while to draw: each step starts in a task of its own, so the
    // host's other messages (the workbench's, while it opens this very page) are not held behind
    // the whole build.
    await nextTask();
    const board = dashboard(data, this.schedule?.get(), this.now(), {
      timeZone: this.learnerDay?.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone,
      live: liveCards(this.repository),
    });
    await nextTask();
    // `dashboard` gives one module's stats per module given, in their order.
    const modules = data.flatMap((d, i) => {
      const stats = board.modules[i];
      return stats ? [this.view(d, stats)] : [];
    });
    // The one-module view is small: its details are drawn open at once.
    const open = this.only !== undefined ? new Set([this.only]) : this.open;
    return scoresPageBody({ board, modules, only: this.only !== undefined, open }, this.context());
  }
}

/** Resolves in a later task of the event loop, after what waits now (the host's messages among them). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
