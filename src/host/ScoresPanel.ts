import * as vscode from 'vscode';
import { escapeHtml, MarkdownRenderer } from '../core/markdown';
import { questionAccuracy, summarize, type ProgressRecord, type ProgressSummary } from '../core/progressRecord';
import type { ModuleRepository } from './ModuleRepository';
import type { ProgressStore } from './ProgressStore';
import { webviewOptions, webviewPage } from './webviewHtml';

/** The scores page runs no script: scripts are off, and its CSP has no script source at all. */
function scoresWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return webviewOptions(extensionUri, [], false);
}

/**
 * This workspace's scores in one page: every module with a record, its attempts, best and last
 * result, and how often each question was answered right. Static HTML: the page runs no script.
 */
export class ScoresPanel implements vscode.WebviewPanelSerializer, vscode.Disposable {
  static readonly viewType = 'quizModules.scores';
  private panel: vscode.WebviewPanel | undefined;
  /** The one module the page shows, when it was opened for one; otherwise every module. */
  private only: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly repository: ModuleRepository,
    private readonly store: ProgressStore,
  ) {
    this.disposables.push(repository.onDidChange(() => this.render()), store.onDidChange(() => this.render()));
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
        vscode.window.createWebviewPanel(
          ScoresPanel.viewType,
          vscode.l10n.t('Quiz Scores'),
          vscode.ViewColumn.Active,
          scoresWebviewOptions(this.extensionUri),
        ),
      );
    }
    this.render();
    return this.panel!;
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
    this.render();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'quiz-activity.svg');
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /** The page's HTML; public so it can be checked without a webview. */
  html(webview: vscode.Webview): string {
    return webviewPage({
      webview,
      extensionUri: this.extensionUri,
      title: vscode.l10n.t('Quiz Scores'),
      styles: ['scores.css'],
      script: false,
      body: this.body(),
    });
  }

  private render(): void {
    if (!this.panel) return;
    const only = this.only === undefined ? undefined : (this.repository.get(this.only)?.module.title ?? this.only);
    this.panel.title = only === undefined ? vscode.l10n.t('Quiz Scores') : vscode.l10n.t('Quiz Scores: {0}', only);
    // Setting the same page again would reload the webview for nothing.
    const html = this.html(this.panel.webview);
    if (html !== this.panel.webview.html) this.panel.webview.html = html;
  }

  private body(): string {
    const ids =
      this.only !== undefined
        ? new Set([this.only])
        : new Set([...this.repository.modules.map((m) => m.module.id), ...this.store.moduleIds()]);
    const sections: string[] = [];
    let withAttempts = 0;
    const title = (id: string) => this.repository.get(id)?.module.title ?? id;
    for (const id of [...ids].sort((a, b) => title(a).localeCompare(title(b)))) {
      const record = this.store.get(id);
      const summary = summarize(record);
      if (summary.finishedAttempts > 0 || summary.inProgress) withAttempts++;
      sections.push(this.moduleSection(id, record, summary));
    }
    const intro = [
      withAttempts === 0
        ? `<p class="empty">${escapeHtml(
            this.only === undefined
              ? vscode.l10n.t('No quiz has been taken in this workspace yet.')
              : vscode.l10n.t('This quiz has not been taken in this workspace yet.'),
          )}</p>`
        : `<p>${escapeHtml(vscode.l10n.t('Scores are kept for this workspace only.'))}</p>`,
      this.only === undefined
        ? ''
        : `<p class="note">${escapeHtml(vscode.l10n.t('One module is shown. "Quiz: Show Scores" from the Command Palette shows them all.'))}</p>`,
    ].join('\n  ');
    return `<main class="scores" aria-labelledby="scores-title">
  <h1 id="scores-title"><span class="codicon codicon-graph" aria-hidden="true"></span> ${escapeHtml(vscode.l10n.t('Quiz scores'))}</h1>
  ${intro}
  ${sections.join('\n')}
</main>`;
  }

  private moduleSection(moduleId: string, record: ProgressRecord, summary: ProgressSummary): string {
    const loaded = this.repository.get(moduleId);
    const title = loaded?.module.title ?? moduleId;
    const date = (iso: string) => new Date(iso).toLocaleString(vscode.env.language);
    const facts: [string, string][] = [
      [vscode.l10n.t('Attempts'), String(summary.finishedAttempts)],
      [vscode.l10n.t('Best'), summary.best ? `${summary.best.percent}% (${summary.best.earned}/${summary.best.possible})` : '—'],
      [vscode.l10n.t('Last'), summary.last ? `${summary.last.percent}% (${summary.last.earned}/${summary.last.possible})` : '—'],
      [vscode.l10n.t('Last finished'), summary.last ? date(summary.last.finishedAt) : '—'],
      [
        vscode.l10n.t('Status'),
        summary.best
          ? summary.best.passed
            ? vscode.l10n.t('Passed')
            : vscode.l10n.t('Not passed yet')
          : summary.inProgress
            ? vscode.l10n.t('In progress')
            : vscode.l10n.t('Not started'),
      ],
    ];
    const factList = facts
      .map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`)
      .join('');
    const missing = loaded ? '' : `<p class="note">${escapeHtml(vscode.l10n.t('This module is no longer in the workspace; its scores are kept.'))}</p>`;
    return `<section class="module" aria-labelledby="m-${escapeHtml(moduleId)}">
  <h2 id="m-${escapeHtml(moduleId)}">${escapeHtml(title)}</h2>
  ${missing}
  <dl class="facts">${factList}</dl>
  ${this.accuracyTable(moduleId, record)}
</section>`;
  }

  private accuracyTable(moduleId: string, record: ProgressRecord): string {
    const loaded = this.repository.get(moduleId);
    if (!loaded) return '';
    const accuracy = questionAccuracy(record);
    if (accuracy.size === 0) return '';
    // The scores page runs no script and so no second sanitizing pass: its one line per prompt
    // stays plain GFM, with dollars as text and code unhighlighted.
    const renderer = new MarkdownRenderer({ math: false });
    const rows = loaded.module.questions
      .map((question, index) => {
        const entry = accuracy.get(question.id);
        const answered = entry?.answered ?? 0;
        const correct = entry?.correct ?? 0;
        const percent = answered > 0 ? `${Math.round((correct / answered) * 100)}%` : '—';
        return `<tr><td class="num">${index + 1}</td><td>${renderer.renderInline(firstLine(question.prompt))}</td><td class="num">${answered}</td><td class="num">${correct}</td><td class="num">${percent}</td></tr>`;
      })
      .join('\n');
    // The table scrolls inside its own box on a narrow page; the box takes keyboard focus so it
    // can be scrolled without a mouse.
    return `<div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(vscode.l10n.t('Per-question accuracy, over finished attempts'))}</caption>
  <thead><tr><th scope="col">#</th><th scope="col">${escapeHtml(vscode.l10n.t('Question'))}</th><th scope="col">${escapeHtml(vscode.l10n.t('Answered'))}</th><th scope="col">${escapeHtml(vscode.l10n.t('Right'))}</th><th scope="col">${escapeHtml(vscode.l10n.t('Accuracy'))}</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table></div>`;
  }
}

function firstLine(markdown: string): string {
  return markdown.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}
