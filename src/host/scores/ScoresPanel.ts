import * as vscode from 'vscode';
import {
  dashboard,
  itemAnalysis,
  knownAttempts,
  questionStats,
  type AttemptPoint,
  type Dashboard,
  type ModuleData,
  type ModuleStats,
  type QuestionInfo,
} from '../../core/scores/analytics';
import { exactPercent, percentOf, shownPercent } from '../../core/module/grading';
import { escapeHtml, HEADING_ID_PREFIX, MarkdownRenderer } from '../../core/markdown/markdown';
import { type AttemptResult } from '../../core/session/progressRecord';
import { summarize, type ProgressSummary } from '../../core/session/progressSummary';
import type { LearnerDay } from '../session/LearnerDay';
import { liveCards } from '../session/liveCards';
import type { ModulePanelManager } from '../modulePage/ModulePanelManager';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ProgressStore } from '../stores/ProgressStore';
import type { ScheduleStore } from '../stores/ScheduleStore';
import { questionInfo } from './scoresTransfer';
import { webviewOptions, webviewPage } from '../webview/webviewHtml';

/**
 * The scores page runs one small script of its own (media/scores.js): a "Re-read" link posts the
 * module and section it names, and the host checks both before it opens anything.
 */
function scoresWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return webviewOptions(extensionUri, [], true);
}

/** A wrong choice picked by at least this share of the answers stands out as misleading. */
const MISLEADING_SHARE = 0.3;
/** A question answered right at the first try less often than this stands out as weak. */
const WEAK_SHARE = 0.5;

const t = vscode.l10n.t;

/**
 * This workspace's learning dashboard: totals, days in a row, due reviews, the weakest questions
 * with a way back to their sections, confidence, and per module best, last, average, attempts
 * over time (a chart with a table), time spent and an item analysis for authors.
 */
export class ScoresPanel implements vscode.WebviewPanelSerializer, vscode.Disposable {
  static readonly viewType = 'quizModules.scores';
  private panel: vscode.WebviewPanel | undefined;
  /** The one module the page shows, when it was opened for one; otherwise every module. */
  private only: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Renders one after another; the last one wins. */
  private rendering: Promise<void> = Promise.resolve();
  /** The render queued and not started yet, if any. */
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly repository: ModuleRepository,
    private readonly store: ProgressStore,
    private readonly panels?: ModulePanelManager,
    private readonly schedule?: ScheduleStore,
    private readonly now: () => Date = () => new Date(),
    private readonly learnerDay?: LearnerDay,
  ) {
    this.disposables.push(repository.onDidChange(() => void this.render()), store.onDidChange(() => void this.render()));
    if (schedule) this.disposables.push(schedule.onDidChange(() => void this.render()));
    if (learnerDay) this.disposables.push(learnerDay.onDidChange(() => void this.render()));
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The open scores panel, if any. */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Shows every module's scores, or only those of `moduleId`. */
  show(moduleId?: string): vscode.WebviewPanel {
    this.only = moduleId;
    if (this.panel) {
      this.panel.reveal();
    } else {
      this.adopt(
        vscode.window.createWebviewPanel(ScoresPanel.viewType, t('Quiz Scores'), vscode.ViewColumn.Active, scoresWebviewOptions(this.extensionUri)),
      );
    }
    void this.render();
    return this.panel!;
  }

  /** Resolves once the page shows what is saved now. */
  rendered(): Promise<void> {
    return this.rendering;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    await this.repository.ready;
    if (this.panel) {
      panel.dispose();
      return;
    }
    // A restored panel comes with the options it was saved with; set this version's own.
    panel.webview.options = scoresWebviewOptions(this.extensionUri);
    this.only = undefined;
    this.adopt(panel);
    await this.render();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'quiz-activity.svg');
    panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /**
   * The messages the page may send: its time zone when it starts (the learner's day), and a
   * request to show a section of a module's article. Anything else, a module not loaded or a
   * section none of its questions names, is ignored.
   */
  async onMessage(message: unknown): Promise<boolean> {
    if (typeof message !== 'object' || message === null) return false;
    const { type, moduleId, section, timeZone } = message as Record<string, unknown>;
    if (type === 'timeZone') {
      await this.learnerDay?.set(timeZone);
      return this.learnerDay !== undefined;
    }
    if (type !== 'reread' || typeof moduleId !== 'string' || typeof section !== 'string') return false;
    const loaded = this.repository.get(moduleId);
    if (!loaded || !loaded.module.questions.some((q) => q.section === section) || !this.panels) return false;
    const panel = await this.panels.open(moduleId, 'article', false, vscode.ViewColumn.Beside);
    await panel.showSection(HEADING_ID_PREFIX + section);
    return true;
  }

  /** The page's HTML for what is saved now; public so it can be checked without a webview. */
  async html(webview: vscode.Webview): Promise<string> {
    return webviewPage({
      webview,
      extensionUri: this.extensionUri,
      title: t('Quiz Scores'),
      styles: ['scores.css'],
      script: false,
      scriptFile: 'media/scores.js',
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

  /** Every module shown, with its saved data and questions. */
  private async moduleData(): Promise<{ data: ModuleData[]; summaries: Map<string, ProgressSummary> }> {
    const ids =
      this.only !== undefined
        ? new Set([this.only])
        : new Set([...this.repository.modules.map((m) => m.module.id), ...this.store.moduleIds()]);
    const title = (id: string) => this.repository.get(id)?.module.title ?? id;
    const data: ModuleData[] = [];
    const summaries = new Map<string, ProgressSummary>();
    for (const id of [...ids].sort((a, b) => title(a).localeCompare(title(b)))) {
      const record = this.store.get(id);
      summaries.set(id, summarize(record));
      const history = record.archived ? await this.store.archivedAttempts(id) : [];
      const loaded = this.repository.get(id);
      data.push({ moduleId: id, record, ...(history.length ? { history } : {}), ...(loaded ? { questions: questionInfo(loaded.module) } : {}) });
    }
    return { data, summaries };
  }

  private async body(): Promise<string> {
    const { data, summaries } = await this.moduleData();
    const schedule = this.schedule?.get();
    const board = dashboard(data, schedule, this.now(), {
      timeZone: this.learnerDay?.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone,
      live: liveCards(this.repository),
    });
    const withAttempts = [...summaries.values()].filter((s) => s.finishedAttempts > 0 || s.inProgress).length;
    const intro = [
      withAttempts === 0
        ? `<p class="empty">${escapeHtml(
            this.only === undefined ? t('No quiz has been taken in this workspace yet.') : t('This quiz has not been taken in this workspace yet.'),
          )}</p>`
        : `<p>${escapeHtml(t('Scores are kept for this workspace only. "Quiz: Export Scores…" takes them elsewhere.'))}</p>`,
      this.only === undefined ? '' : `<p class="note">${escapeHtml(t('One module is shown. "Quiz: Show Scores" from the Command Palette shows them all.'))}</p>`,
    ].join('\n  ');
    // The scores page sanitizes nothing in the page (its script only posts a link's target): its
    // prompts stay plain GFM, with dollars as text and code unhighlighted. In Restricted Mode no
    // remote image is shown, as on the module page.
    const renderer = new MarkdownRenderer({ math: false, remoteImages: vscode.workspace.isTrusted });
    const sections = data.map((d, i) => this.moduleSection(d, board.modules[i]!, summaries.get(d.moduleId)!, board, renderer));
    return `<main class="scores" aria-labelledby="scores-title">
  <h1 id="scores-title"><span class="codicon codicon-graph" aria-hidden="true"></span> ${escapeHtml(t('Quiz scores'))}</h1>
  ${intro}
  ${withAttempts === 0 && board.due.week === 0 ? '' : this.overview(board)}
  ${this.weakest(board, data, renderer)}
  ${this.confidence(board, data, renderer)}
  ${sections.join('\n')}
</main>`;
  }

  private overview(board: Dashboard): string {
    const facts: [string, string][] = [
      [t('Days studied in a row'), String(board.streak)],
      [t('Days studied'), String(board.daysStudied)],
      [t('Finished attempts'), String(board.totals.finished)],
      [t('Practice attempts'), String(board.totals.practice)],
      [t('Due for review now'), String(board.due.now)],
      [t('Due in the next 7 days'), String(board.due.week)],
    ];
    return `<section class="overview" aria-labelledby="overview-title">
  <h2 id="overview-title">${escapeHtml(t('At a glance'))}</h2>
  ${factList(facts, 'totals')}
</section>`;
  }

  private questionLabel(data: readonly ModuleData[], moduleId: string, questionId: string, renderer: MarkdownRenderer): { html: string; question?: QuestionInfo } {
    const question = data.find((d) => d.moduleId === moduleId)?.questions?.find((q) => q.id === questionId);
    return question ? { html: renderer.renderInline(question.prompt), question } : { html: escapeHtml(questionId) };
  }

  private rereadLink(moduleId: string, question: QuestionInfo | undefined, label: string): string {
    if (!question?.section || !this.repository.get(moduleId)?.module.article) return '';
    return `<a href="#reread" class="reread" data-reread-module="${escapeHtml(moduleId)}" data-reread-section="${escapeHtml(question.section)}" aria-label="${escapeHtml(label)}"><span class="codicon codicon-book" aria-hidden="true"></span> ${escapeHtml(t('Re-read'))}</a>`;
  }

  private weakest(board: Dashboard, data: readonly ModuleData[], renderer: MarkdownRenderer): string {
    if (board.weakest.length === 0) return '';
    const title = (id: string) => this.repository.get(id)?.module.title ?? id;
    const rows = board.weakest
      .map((s) => {
        const { html, question } = this.questionLabel(data, s.moduleId, s.questionId, renderer);
        const link = this.rereadLink(s.moduleId, question, t('Re-read the section of "{0}" in {1}', question?.prompt ?? s.questionId, title(s.moduleId)));
        return `<tr><td>${escapeHtml(title(s.moduleId))}</td><td>${html}</td><td class="num">${s.correct}/${s.answered}</td><td class="num">${percentText(s.correct, s.answered)}</td><td>${link}</td></tr>`;
      })
      .join('\n');
    return `<section class="weakest" aria-labelledby="weakest-title">
  <h2 id="weakest-title">${escapeHtml(t('Weakest questions'))}</h2>
  <div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(t('Questions answered wrong at least once, the lowest share right first'))}</caption>
  <thead><tr><th scope="col">${escapeHtml(t('Module'))}</th><th scope="col">${escapeHtml(t('Question'))}</th><th scope="col">${escapeHtml(t('Right'))}</th><th scope="col">${escapeHtml(t('Accuracy'))}</th><th scope="col">${escapeHtml(t('Section'))}</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table></div>
</section>`;
  }

  private confidence(board: Dashboard, data: readonly ModuleData[], renderer: MarkdownRenderer): string {
    const c = board.calibration;
    const sure = c.sureRight + c.sureWrong;
    const unsure = c.unsureRight + c.unsureWrong;
    if (sure + unsure === 0) return '';
    const summary = t(
      'When you were sure you were right {0} of the time; when unsure, {1}.',
      sure ? percentText(c.sureRight, sure) : '—',
      unsure ? percentText(c.unsureRight, unsure) : '—',
    );
    const title = (id: string) => this.repository.get(id)?.module.title ?? id;
    const seen = new Set<string>();
    const flagged = c.sureButWrong
      .filter((s) => !seen.has(`${s.moduleId}\u0000${s.questionId}`) && (seen.add(`${s.moduleId}\u0000${s.questionId}`), true))
      .slice(0, 10)
      .map((s) => {
        const { html, question } = this.questionLabel(data, s.moduleId, s.questionId, renderer);
        const link = this.rereadLink(s.moduleId, question, t('Re-read the section of "{0}" in {1}', question?.prompt ?? s.questionId, title(s.moduleId)));
        return `<li><span class="badge warn">${escapeHtml(t('Sure but wrong'))}</span> ${escapeHtml(title(s.moduleId))}: ${html} ${link}</li>`;
      })
      .join('\n');
    return `<section class="confidence" aria-labelledby="confidence-title">
  <h2 id="confidence-title">${escapeHtml(t('Confidence'))}</h2>
  <p>${escapeHtml(summary)}</p>
  <div class="table-scroll" tabindex="0"><table class="compact">
  <caption>${escapeHtml(t('Answers by confidence and result'))}</caption>
  <thead><tr><th scope="col">${escapeHtml(t('Confidence'))}</th><th scope="col">${escapeHtml(t('Right'))}</th><th scope="col">${escapeHtml(t('Wrong'))}</th></tr></thead>
  <tbody>
  <tr><th scope="row">${escapeHtml(t('Sure'))}</th><td class="num">${c.sureRight}</td><td class="num">${c.sureWrong}</td></tr>
  <tr><th scope="row">${escapeHtml(t('Unsure'))}</th><td class="num">${c.unsureRight}</td><td class="num">${c.unsureWrong}</td></tr>
  </tbody>
</table></div>
  ${flagged ? `<ul class="flagged">${flagged}</ul>` : ''}
</section>`;
  }

  private moduleSection(data: ModuleData, stats: ModuleStats, summary: ProgressSummary, board: Dashboard, renderer: MarkdownRenderer): string {
    const moduleId = data.moduleId;
    const loaded = this.repository.get(moduleId);
    const title = loaded?.module.title ?? moduleId;
    const date = (iso: string) => new Date(iso).toLocaleString(vscode.env.language);
    const due = board.due.byModule.get(moduleId);
    const passing = loaded?.module.passingScore;
    const facts: [string, string][] = [
      [t('Attempts'), String(stats.finished)],
      [t('Best'), stats.best ? resultText(stats.best, passing) : '—'],
      [t('Last'), stats.last ? resultText(stats.last.result, passing) : '—'],
      [t('Average'), stats.average !== undefined ? `${shownPercent(stats.average)}%` : '—'],
      [t('Last finished'), stats.last ? date(stats.last.finishedAt) : '—'],
      [t('Time per attempt'), stats.averageActiveMs !== undefined ? duration(stats.averageActiveMs) : '—'],
      [
        t('Status'),
        stats.best
          ? stats.best.passed
            ? t('Passed')
            : t('Not passed yet')
          : summary.inProgress
            ? t('In progress')
            : t('Not started'),
      ],
    ];
    if (due && due.week > 0) facts.push([t('Due for review'), t('{0} now, {1} this week', due.now, due.week)]);
    if (stats.practice.length > 0) facts.push([t('Practice attempts'), String(stats.practice.length)]);
    const missing = loaded ? '' : `<p class="note">${escapeHtml(t('This module is no longer in the workspace; its scores are kept.'))}</p>`;
    const slug = `m-${moduleId}`;
    return `<section class="module" aria-labelledby="${escapeHtml(slug)}">
  <h2 id="${escapeHtml(slug)}">${escapeHtml(title)}</h2>
  ${missing}
  ${factList(facts)}
  ${this.history(moduleId, stats)}
  ${this.questionTable(data, renderer)}
</section>`;
  }

  /** The attempts over time: a chart for the eye, the same figures as a table for everyone. */
  private history(moduleId: string, stats: ModuleStats): string {
    const points = [...stats.series, ...stats.practice].sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : 1));
    if (points.length === 0) return '';
    const passing = this.repository.get(moduleId)?.module.passingScore;
    const chartId = escapeHtml(`chart-${moduleId}`);
    const summaryText =
      stats.series.length > 0
        ? t(
            '{0} finished attempts from {1}% to {2}%, the last {3}%.',
            stats.series.length,
            Math.min(...stats.series.map((p) => shownResult(p.result, passing))),
            Math.max(...stats.series.map((p) => shownResult(p.result, passing))),
            shownResult(stats.last!.result, passing),
          )
        : t('No full attempt finished yet.');
    const passText = passing !== undefined ? ` ${t('The dashed line is the passing score, {0}%.', passing)}` : '';
    const practiceText = stats.practice.length > 0 ? ` ${t('{0} practice attempts, shown apart as hollow points; they do not change best or last.', stats.practice.length)}` : '';
    const date = (iso: string) => new Date(iso).toLocaleDateString(vscode.env.language);
    const rows = points
      .slice(-20)
      .map(
        (p) =>
          `<tr><td>${escapeHtml(date(p.finishedAt))}</td><td>${escapeHtml(p.kind === 'full' ? t('Full') : p.kind === 'practice' ? t('Practice') : t('Review'))}</td><td class="num">${escapeHtml(resultText(p.result, p.kind === 'full' ? passing : undefined))}</td><td class="num">${escapeHtml(duration(p.activeMs))}</td></tr>`,
      )
      .join('\n');
    return `<figure class="history" aria-labelledby="${chartId}-caption">
  ${chart(points.slice(-20), passing, summaryText + practiceText)}
  <figcaption id="${chartId}-caption">${escapeHtml(summaryText + practiceText + passText)}</figcaption>
</figure>
<details class="attempts">
  <summary>${escapeHtml(t('Attempts as a table'))}</summary>
  <div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(t('The last {0} attempts, oldest first', Math.min(points.length, 20)))}</caption>
  <thead><tr><th scope="col">${escapeHtml(t('Finished'))}</th><th scope="col">${escapeHtml(t('Kind'))}</th><th scope="col">${escapeHtml(t('Score'))}</th><th scope="col">${escapeHtml(t('Time spent'))}</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table></div>
</details>`;
  }

  /** Per question: accuracy, and for authors of workspace modules the item analysis. */
  private questionTable(data: ModuleData, renderer: MarkdownRenderer): string {
    const loaded = this.repository.get(data.moduleId);
    if (!loaded || !data.questions) return '';
    // The same figures as the weakest questions: one accuracy per question, in core.
    const stats = new Map(questionStats(data).map((s) => [s.questionId, s]));
    if (stats.size === 0) return '';
    const authoring = loaded.source === 'workspace';
    const items = itemAnalysis(knownAttempts(data), data.questions);
    const rows = data.questions
      .map((question, index) => {
        const entry = stats.get(question.id);
        const answered = entry?.answered ?? 0;
        const correct = entry?.correct ?? 0;
        const cells = [
          `<td class="num">${index + 1}</td>`,
          `<td>${renderer.renderInline(question.prompt)}</td>`,
          `<td class="num">${answered}</td>`,
          `<td class="num">${correct}</td>`,
          `<td class="num">${answered > 0 ? percentText(correct, answered) : '—'}</td>`,
        ];
        if (authoring) {
          const item = items.get(question.id);
          const firstTry = item && item.answered > 0 ? item.rightFirstTry / item.answered : undefined;
          const weak = firstTry !== undefined && firstTry < WEAK_SHARE;
          cells.push(
            `<td class="num">${firstTry === undefined ? '—' : `${percentText(item!.rightFirstTry, item!.answered)}${weak ? ` <span class="badge warn">${escapeHtml(t('Weak'))}</span>` : ''}`}</td>`,
          );
          const top = item?.wrongPicks[0];
          if (top && item) {
            const choice = question.choices.find((c) => c.key === top.key);
            const share = top.count / item.answered;
            const flag = share >= MISLEADING_SHARE ? ` <span class="badge warn">${escapeHtml(t('Misleading'))}</span>` : '';
            cells.push(`<td>${choice ? renderer.renderInline(choice.text) : escapeHtml(top.key)} (${percentText(top.count, item.answered)})${flag}</td>`);
          } else cells.push('<td>—</td>');
        }
        return `<tr>${cells.join('')}</tr>`;
      })
      .join('\n');
    const authorHead = authoring
      ? `<th scope="col">${escapeHtml(t('Right at first try'))}</th><th scope="col">${escapeHtml(t('Most picked wrong choice'))}</th>`
      : '';
    const note = authoring
      ? `<p class="author-note">${escapeHtml(t('For authors: "Right at first try" counts full attempts only (not practice or review); a wrong choice picked by {0}% or more of the answers is marked misleading.', Math.round(MISLEADING_SHARE * 100)))}</p>`
      : '';
    // The table scrolls inside its own box on a narrow page; the box takes keyboard focus so it
    // can be scrolled without a mouse.
    return `<div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(t('Per-question accuracy, over finished attempts'))}</caption>
  <thead><tr><th scope="col">#</th><th scope="col">${escapeHtml(t('Question'))}</th><th scope="col">${escapeHtml(t('Answered'))}</th><th scope="col">${escapeHtml(t('Right'))}</th><th scope="col">${escapeHtml(t('Accuracy'))}</th>${authorHead}</tr></thead>
  <tbody>
${rows}
  </tbody>
</table></div>
  ${note}`;
  }
}

function factList(facts: readonly (readonly [string, string])[], extraClass = ''): string {
  return `<dl class="facts${extraClass ? ` ${extraClass}` : ''}">${facts.map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('')}</dl>`;
}

/** The exact score, for drawing only; every figure in words goes through `percentOf`. */
function pct(result: AttemptResult): number {
  return exactPercent(result.earned, result.possible);
}

/** A share as the page shows it: "66.7%". */
function percentText(part: number, whole: number): string {
  return `${percentOf(part, whole)}%`;
}

function shownResult(result: AttemptResult, passing: number | undefined): number {
  return percentOf(result.earned, result.possible, passing);
}

/** "69.5% (139/200)": never rounded across the passing score shown beside it. */
function resultText(result: AttemptResult, passing: number | undefined): string {
  return `${shownResult(result, passing)}% (${result.earned}/${result.possible})`;
}

/** "1 h 5 min", "4 min 10 s", "35 s". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('{0} s', seconds);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('{0} min {1} s', minutes, seconds % 60);
  return t('{0} h {1} min', Math.floor(minutes / 60), minutes % 60);
}

/**
 * A small line chart of scores over attempts, drawn on the host from numbers only, in the theme's
 * colours. It is an image with a text alternative; the table beside it holds the same figures.
 */
function chart(points: readonly AttemptPoint[], passing: number | undefined, label: string): string {
  const width = 320;
  const height = 110;
  const left = 30;
  const right = 10;
  const top = 10;
  const bottom = 20;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (percent: number) => top + plotH - (Math.max(0, Math.min(100, percent)) / 100) * plotH;
  const grid = [0, 50, 100]
    .map((v) => `<line class="grid" x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 4}" y="${y(v) + 4}" text-anchor="end">${v}</text>`)
    .join('');
  const pass = passing === undefined ? '' : `<line class="pass" x1="${left}" x2="${width - right}" y1="${y(passing)}" y2="${y(passing)}"/>`;
  const full = points.map((p, i) => [p, i] as const).filter(([p]) => p.kind === 'full');
  const line = full.length > 1 ? `<polyline class="line" points="${full.map(([p, i]) => `${x(i).toFixed(1)},${y(pct(p.result)).toFixed(1)}`).join(' ')}"/>` : '';
  const dots = points
    .map((p, i) => `<circle class="${p.kind === 'full' ? 'dot' : 'dot practice'}" cx="${x(i).toFixed(1)}" cy="${y(pct(p.result)).toFixed(1)}" r="3.5"/>`)
    .join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" focusable="false"><title>${escapeHtml(label)}</title>${grid}${pass}${line}${dots}</svg>`;
}
