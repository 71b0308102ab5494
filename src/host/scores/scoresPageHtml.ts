/**
 * The scores page's HTML, from figures computed in core: the overview, the weakest questions,
 * confidence, and per module a summary with its details (attempts over time, the attempts table,
 * the per-question table). No VS Code here: words come through `t` (the host passes
 * `vscode.l10n.t`), so unit tests render it directly.
 *
 * The first paint holds the summaries only; a module's details are built when the learner opens
 * them (a year of study is 50 modules of charts and tables), or at once for the modules listed in
 * `open` (the one-module view, and what the learner had opened before the page was drawn again).
 */
import { escapeHtml } from '../../core/markdown/markdown';
import type { AttemptPoint, Dashboard, ModuleData, ModuleStats, QuestionInfo } from '../../core/scores/analytics';
import { questionStats } from '../../core/scores/analytics';
import { confidenceShares, durationParts, historyFigures, MISLEADING_PERCENT, questionRows, shownResult } from '../../core/scores/dashboardFigures';
import { percentOf, shownPercent } from '../../core/module/grading';
import type { AttemptResult } from '../../core/session/progressRecord';
import type { ProgressSummary } from '../../core/session/progressSummary';
import type { Translate } from '../../core/util/translate';
import { scoresChart } from './scoresChart';

/** One module as the page shows it. */
export interface ScoresModuleView {
  readonly data: ModuleData;
  readonly stats: ModuleStats;
  readonly summary: ProgressSummary;
  readonly title: string;
  /** Whether the module is in the workspace now; its scores are kept when it is not. */
  readonly loaded: boolean;
  readonly passingScore?: number;
  /** A module of the workspace (not a bundled one): its authors see the item analysis. */
  readonly authoring: boolean;
  /** Whether the module has an article, so "Re-read" can open one of its sections. */
  readonly article: boolean;
}

/** What the renderer is handed instead of reaching for VS Code. */
export interface ScoresPageContext {
  readonly t: Translate;
  /** The display language, for dates. */
  readonly locale: string;
  /** A prompt or a choice's text as inline HTML (the host's Markdown renderer; safe HTML). */
  readonly inline: (markdown: string) => string;
}

interface ScoresPageInput {
  readonly board: Dashboard;
  /** In the order shown, `board.modules` in the same order. */
  readonly modules: readonly ScoresModuleView[];
  /** Whether one module was asked for ("Show Scores" on a module). */
  readonly only: boolean;
  /** Modules whose details are drawn open in the page itself. */
  readonly open: ReadonlySet<string>;
}

/** The id of a module's section heading; the details' ids derive from it. */
function moduleSlug(moduleId: string): string {
  return `m-${moduleId}`;
}

export function scoresPageBody(input: ScoresPageInput, ctx: ScoresPageContext): string {
  const { board, modules, only } = input;
  const { t } = ctx;
  const withAttempts = modules.filter((m) => m.summary.finishedAttempts > 0 || m.summary.inProgress).length;
  const intro = [
    withAttempts === 0
      ? `<p class="empty">${escapeHtml(only ? t('This quiz has not been taken in this workspace yet.') : t('No quiz has been taken in this workspace yet.'))}</p>`
      : `<p>${escapeHtml(t('Scores are kept for this workspace only. "Quiz: Export Scores…" takes them elsewhere.'))}</p>`,
    only ? `<p class="note">${escapeHtml(t('One module is shown. "Quiz: Show Scores" from the Command Palette shows them all.'))}</p>` : '',
  ].join('\n  ');
  const byId = new Map(modules.map((m) => [m.data.moduleId, m]));
  const sections = modules.map((m) => moduleSection(m, board, input.open.has(m.data.moduleId), ctx));
  return `<main class="scores" aria-labelledby="scores-title">
  <h1 id="scores-title"><span class="codicon codicon-graph" aria-hidden="true"></span> ${escapeHtml(t('Quiz scores'))}</h1>
  ${intro}
  ${withAttempts === 0 && board.due.week === 0 ? '' : overview(board, ctx)}
  ${weakest(board, byId, ctx)}
  ${confidence(board, byId, ctx)}
  ${sections.join('\n')}
  <p id="scores-status" class="visually-hidden" role="status" aria-live="polite"></p>
</main>`;
}

function overview(board: Dashboard, { t }: ScoresPageContext): string {
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

/** A question's prompt as inline HTML, or its id when the module is not loaded. */
function questionLabel(byId: ReadonlyMap<string, ScoresModuleView>, moduleId: string, questionId: string, ctx: ScoresPageContext): { html: string; question?: QuestionInfo } {
  const question = byId.get(moduleId)?.data.questions?.find((q) => q.id === questionId);
  return question ? { html: ctx.inline(question.prompt), question } : { html: escapeHtml(questionId) };
}

function rereadLink(module: ScoresModuleView | undefined, question: QuestionInfo | undefined, { t }: ScoresPageContext): string {
  if (!module || !question?.section || !module.loaded || !module.article) return '';
  const label = t('Re-read the section of "{0}" in {1}', question.prompt, module.title);
  return `<a href="#reread" class="reread" data-reread-module="${escapeHtml(module.data.moduleId)}" data-reread-section="${escapeHtml(question.section)}" aria-label="${escapeHtml(label)}"><span class="codicon codicon-book" aria-hidden="true"></span> ${escapeHtml(t('Re-read'))}</a>`;
}

function weakest(board: Dashboard, byId: ReadonlyMap<string, ScoresModuleView>, ctx: ScoresPageContext): string {
  if (board.weakest.length === 0) return '';
  const { t } = ctx;
  const title = (id: string) => byId.get(id)?.title ?? id;
  const rows = board.weakest
    .map((s) => {
      const { html, question } = questionLabel(byId, s.moduleId, s.questionId, ctx);
      return `<tr><td>${escapeHtml(title(s.moduleId))}</td><td>${html}</td><td class="num">${s.correct}/${s.answered}</td><td class="num">${percentOf(s.correct, s.answered)}%</td><td>${rereadLink(byId.get(s.moduleId), question, ctx)}</td></tr>`;
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

function confidence(board: Dashboard, byId: ReadonlyMap<string, ScoresModuleView>, ctx: ScoresPageContext): string {
  const c = board.calibration;
  const shares = confidenceShares(c);
  if (shares.answers === 0) return '';
  const { t } = ctx;
  const summary = t(
    'When you were sure you were right {0} of the time; when unsure, {1}.',
    shares.sure !== undefined ? `${shares.sure}%` : '—',
    shares.unsure !== undefined ? `${shares.unsure}%` : '—',
  );
  const seen = new Set<string>();
  const flagged = c.sureButWrong
    .filter((s) => !seen.has(`${s.moduleId}\u0000${s.questionId}`) && (seen.add(`${s.moduleId}\u0000${s.questionId}`), true))
    .slice(0, 10)
    .map((s) => {
      const { html, question } = questionLabel(byId, s.moduleId, s.questionId, ctx);
      const link = rereadLink(byId.get(s.moduleId), question, ctx);
      return `<li><span class="badge warn">${escapeHtml(t('Sure but wrong'))}</span> ${escapeHtml(byId.get(s.moduleId)?.title ?? s.moduleId)}: ${html} ${link}</li>`;
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

/** Whether a module has details to open: attempts over time or a per-question table. */
function hasDetails(module: ScoresModuleView): boolean {
  return module.stats.series.length + module.stats.practice.length > 0 || (module.loaded && module.data.questions !== undefined && questionStats(module.data).length > 0);
}

function moduleSection(module: ScoresModuleView, board: Dashboard, open: boolean, ctx: ScoresPageContext): string {
  const { t } = ctx;
  const { stats, summary, passingScore: passing } = module;
  const moduleId = module.data.moduleId;
  const due = board.due.byModule.get(moduleId);
  const facts: [string, string][] = [
    [t('Attempts'), String(stats.finished)],
    [t('Best'), stats.best ? resultText(stats.best, passing) : '—'],
    [t('Last'), stats.last ? resultText(stats.last.result, passing) : '—'],
    [t('Average'), stats.average !== undefined ? `${shownPercent(stats.average)}%` : '—'],
    [t('Last finished'), stats.last ? new Date(stats.last.finishedAt).toLocaleString(ctx.locale) : '—'],
    [t('Time per attempt'), stats.averageActiveMs !== undefined ? duration(stats.averageActiveMs, t) : '—'],
    [t('Status'), stats.best ? (stats.best.passed ? t('Passed') : t('Not passed yet')) : summary.inProgress ? t('In progress') : t('Not started')],
  ];
  if (due && due.week > 0) facts.push([t('Due for review'), t('{0} now, {1} this week', due.now, due.week)]);
  if (stats.practice.length > 0) facts.push([t('Practice attempts'), String(stats.practice.length)]);
  const missing = module.loaded ? '' : `<p class="note">${escapeHtml(t('This module is no longer in the workspace; its scores are kept.'))}</p>`;
  const slug = escapeHtml(moduleSlug(moduleId));
  // Native disclosure: the summary is a button to assistive technology, with its state, and
  // Enter or Space opens it. Its body is filled when opened (media/scores.css, src/webview/scores.ts).
  const details = hasDetails(module)
    ? `<details class="module-details" data-module="${escapeHtml(moduleId)}"${open ? ' open data-loaded=""' : ''}>
  <summary>${escapeHtml(t('Attempts over time and per-question accuracy'))}<span class="visually-hidden"> (${escapeHtml(module.title)})</span></summary>
  <div class="details-body" id="${slug}-details">${open ? moduleDetailsHtml(module, ctx) : `<p class="details-loading">${escapeHtml(t('Loading…'))}</p>`}</div>
</details>`
    : '';
  return `<section class="module" aria-labelledby="${slug}">
  <h2 id="${slug}">${escapeHtml(module.title)}</h2>
  ${missing}
  ${factList(facts)}
  ${details}
</section>`;
}

/** A module's details: its attempts over time (chart and table) and its per-question table. */
export function moduleDetailsHtml(module: ScoresModuleView, ctx: ScoresPageContext): string {
  return `${history(module, ctx)}
  ${questionTable(module, ctx)}`;
}

/** The attempts over time: a chart for the eye, the same figures as a table for everyone. */
function history(module: ScoresModuleView, ctx: ScoresPageContext): string {
  const { t } = ctx;
  const passing = module.passingScore;
  const figures = historyFigures(module.stats, passing);
  if (figures.total === 0) return '';
  const chartId = escapeHtml(`chart-${module.data.moduleId}`);
  const summaryText = figures.full
    ? t('{0} finished attempts from {1}% to {2}%, the last {3}%.', figures.full.count, figures.full.lowest, figures.full.highest, figures.full.last)
    : t('No full attempt finished yet.');
  const passText = passing !== undefined ? ` ${t('The dashed line is the passing score, {0}%.', passing)}` : '';
  const practiceText = figures.practice > 0 ? ` ${t('{0} practice attempts, shown apart as hollow points; they do not change best or last.', figures.practice)}` : '';
  const kind = (p: AttemptPoint) => (p.kind === 'full' ? t('Full') : p.kind === 'practice' ? t('Practice') : t('Review'));
  const rows = figures.points
    .map(
      (p) =>
        `<tr><td>${escapeHtml(new Date(p.finishedAt).toLocaleDateString(ctx.locale))}</td><td>${escapeHtml(kind(p))}</td><td class="num">${escapeHtml(resultText(p.result, p.kind === 'full' ? passing : undefined))}</td><td class="num">${escapeHtml(duration(p.activeMs, t))}</td></tr>`,
    )
    .join('\n');
  return `<figure class="history" aria-labelledby="${chartId}-caption">
  ${scoresChart(figures.points, passing, summaryText + practiceText)}
  <figcaption id="${chartId}-caption">${escapeHtml(summaryText + practiceText + passText)}</figcaption>
</figure>
<details class="attempts">
  <summary>${escapeHtml(t('Attempts as a table'))}</summary>
  <div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(t('The last {0} attempts, oldest first', figures.points.length))}</caption>
  <thead><tr><th scope="col">${escapeHtml(t('Finished'))}</th><th scope="col">${escapeHtml(t('Kind'))}</th><th scope="col">${escapeHtml(t('Score'))}</th><th scope="col">${escapeHtml(t('Time spent'))}</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table></div>
</details>`;
}

/** Per question: accuracy, and for authors of workspace modules the item analysis. */
function questionTable(module: ScoresModuleView, ctx: ScoresPageContext): string {
  const { t } = ctx;
  const questions = module.data.questions;
  if (!module.loaded || !questions) return '';
  // The same figures as the weakest questions: one accuracy per question, in core.
  const rows = questionRows(module.data);
  if (rows.length === 0) return '';
  const authoring = module.authoring;
  const body = rows
    .map((row, index) => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- questionRows gives one row per question of the module, in its order
      const question = questions[index]!;
      const cells = [
        `<td class="num">${index + 1}</td>`,
        `<td>${ctx.inline(question.prompt)}</td>`,
        `<td class="num">${row.answered}</td>`,
        `<td class="num">${row.correct}</td>`,
        `<td class="num">${row.accuracy !== undefined ? `${row.accuracy}%` : '—'}</td>`,
      ];
      if (authoring) {
        const weak = row.firstTry?.weak ? ` <span class="badge warn">${escapeHtml(t('Weak'))}</span>` : '';
        cells.push(`<td class="num">${row.firstTry === undefined ? '—' : `${row.firstTry.percent}%${weak}`}</td>`);
        const top = row.topWrong;
        if (top) {
          const choice = question.choices.find((c) => c.key === top.key);
          const flag = top.misleading ? ` <span class="badge warn">${escapeHtml(t('Misleading'))}</span>` : '';
          cells.push(`<td>${choice ? ctx.inline(choice.text) : escapeHtml(top.key)} (${top.percent}%)${flag}</td>`);
        } else cells.push('<td>—</td>');
      }
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const authorHead = authoring
    ? `<th scope="col">${escapeHtml(t('Right at first try'))}</th><th scope="col">${escapeHtml(t('Most picked wrong choice'))}</th>`
    : '';
  const note = authoring
    ? `<p class="author-note">${escapeHtml(t('For authors: "Right at first try" counts full attempts only (not practice or review); a wrong choice picked by {0}% or more of the answers is marked misleading.', MISLEADING_PERCENT))}</p>`
    : '';
  // The table scrolls inside its own box on a narrow page; the box takes keyboard focus so it
  // can be scrolled without a mouse.
  return `<div class="table-scroll" tabindex="0"><table>
  <caption>${escapeHtml(t('Per-question accuracy, over finished attempts'))}</caption>
  <thead><tr><th scope="col">#</th><th scope="col">${escapeHtml(t('Question'))}</th><th scope="col">${escapeHtml(t('Answered'))}</th><th scope="col">${escapeHtml(t('Right'))}</th><th scope="col">${escapeHtml(t('Accuracy'))}</th>${authorHead}</tr></thead>
  <tbody>
${body}
  </tbody>
</table></div>
  ${note}`;
}

function factList(facts: readonly (readonly [string, string])[], extraClass = ''): string {
  return `<dl class="facts${extraClass ? ` ${extraClass}` : ''}">${facts.map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('')}</dl>`;
}

/** "69.5% (139/200)": never rounded across the passing score shown beside it. */
function resultText(result: AttemptResult, passing: number | undefined): string {
  return `${shownResult(result, passing)}% (${result.earned}/${result.possible})`;
}

/** "1 h 5 min", "4 min 10 s", "35 s". */
export function duration(ms: number, t: Translate): string {
  const { hours, minutes, seconds } = durationParts(ms);
  if (hours === 0 && minutes === 0) return t('{0} s', seconds);
  if (hours === 0) return t('{0} min {1} s', minutes, seconds);
  return t('{0} h {1} min', hours, minutes);
}
