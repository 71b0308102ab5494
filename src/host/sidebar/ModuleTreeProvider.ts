import * as vscode from 'vscode';
import { percentOf } from '../../core/module/grading';
import { formatProblem } from '../../core/checks/problems';
import { summarize, type ProgressSummary } from '../../core/session/progressSummary';
import type { LoadedModule, ModuleFileReport, ModuleRepository } from '../repository/ModuleRepository';
import type { DueReviews } from '../review/DueReviews';
import type { ProgressStore } from '../stores/ProgressStore';
import { Disposable } from '../util/Disposable';

export type ModuleTreeNode =
  | { readonly kind: 'module'; readonly loaded: LoadedModule }
  | { readonly kind: 'problems'; readonly report: ModuleFileReport };

/** "1 attempt", "3 attempts". */
function attemptCount(summary: ProgressSummary): string {
  return summary.finishedAttempts === 1 ? vscode.l10n.t('1 attempt') : vscode.l10n.t('{0} attempts', summary.finishedAttempts);
}

/**
 * A module's score in a few words, as the sidebar and the module pickers show it; with the
 * module's passing score the percent never rounds across it.
 */
export function scoreDescription(summary: ProgressSummary, passingScore?: number): string {
  if (summary.best) return vscode.l10n.t('best {0}% · {1}', percentOf(summary.best.earned, summary.best.possible, passingScore), attemptCount(summary));
  return summary.inProgress ? vscode.l10n.t('in progress') : vscode.l10n.t('not taken yet');
}

/** The sidebar list: every module with its best score and attempts, then files with problems. */
export class ModuleTreeProvider extends Disposable implements vscode.TreeDataProvider<ModuleTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly repository: ModuleRepository,
    private readonly store: ProgressStore,
    private readonly due?: DueReviews,
  ) {
    super();
    this.register(repository.onDidChange(() => this.changed.fire()));
    // A large workspace fills the list batch by batch while the files are read.
    this.register(repository.onDidLoadPart(() => this.changed.fire()));
    this.register(store.onDidChange(() => this.changed.fire()));
    if (due) this.register(due.onDidChange(() => this.changed.fire()));
  }

  async getChildren(element?: ModuleTreeNode): Promise<ModuleTreeNode[]> {
    if (element) return [];
    // While files are read, what is known so far. An empty list waits for the first batch (not the
    // whole load: the view asks again only once this answer is in), so that the "no modules here"
    // welcome does not flash up before the first ones are found.
    // Scores too: read after activation, they would show "not taken yet" for a moment.
    await Promise.all([this.repository.firstListing(), this.store.ready()]);
    return [
      ...this.repository.listedSoFar.map((loaded) => ({ kind: 'module' as const, loaded })),
      ...this.repository.problemReports.map((report) => ({ kind: 'problems' as const, report })),
    ];
  }

  getTreeItem(node: ModuleTreeNode): vscode.TreeItem {
    return node.kind === 'module' ? this.moduleItem(node.loaded) : this.problemItem(node.report);
  }

  /**
   * A module's tooltip, made when the pointer rests on it: a list of a thousand modules then
   * sends a thousand short items to the workbench, not a thousand Markdown tooltips.
   */
  resolveTreeItem(item: vscode.TreeItem, node: ModuleTreeNode): vscode.TreeItem {
    if (node.kind === 'module') item.tooltip = this.moduleTooltip(node.loaded);
    return item;
  }

  private moduleItem(loaded: LoadedModule): vscode.TreeItem {
    const { module } = loaded;
    const summary = summarize(this.store.get(module.id));
    const item = new vscode.TreeItem(module.title, vscode.TreeItemCollapsibleState.None);
    item.id = `module:${module.id}`;
    // Workspace modules can also be opened for editing; bundled ones belong to the extension.
    item.contextValue = loaded.source === 'workspace' ? 'quizModule.workspace' : 'quizModule';
    const due = this.due?.count(module.id) ?? 0;
    // What is due comes first: a narrow sidebar cuts the end of the line.
    const score = scoreDescription(summary, module.passingScore);
    item.description = due > 0 ? `${vscode.l10n.t('{0} due', due)} · ${score}` : score;
    item.iconPath = summary.best?.passed
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('mortar-board');
    item.accessibilityInformation = {
      label: `${module.title}, ${typeof item.description === 'string' ? item.description : ''}`,
    };
    item.command = { command: 'quizModules.openModule', title: vscode.l10n.t('Open Module'), arguments: [module.id] };
    return item;
  }

  private moduleTooltip(loaded: LoadedModule): vscode.MarkdownString {
    const { module } = loaded;
    const summary = summarize(this.store.get(module.id));
    const attempts = attemptCount(summary);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(`**${escapeMarkdown(module.title)}**\n\n`);
    if (module.description) tooltip.appendText(`${module.description}\n\n`);
    tooltip.appendText(
      vscode.l10n.t('{0} questions · passing score {1}% · {2}', module.questions.length, module.passingScore, attempts),
    );
    if (summary.best) {
      const shown = (r: { earned: number; possible: number }) => percentOf(r.earned, r.possible, module.passingScore);
      tooltip.appendText(`\n\n${vscode.l10n.t('Best {0}%, last {1}%', shown(summary.best), summary.last ? shown(summary.last) : '—')}`);
    }
    const due = this.due?.count(module.id) ?? 0;
    if (due > 0) tooltip.appendText(`\n\n${due === 1 ? vscode.l10n.t('1 question is due for review') : vscode.l10n.t('{0} questions are due for review', due)}`);
    return tooltip;
  }

  private problemItem(report: ModuleFileReport): vscode.TreeItem {
    const name = report.uri.path.split('/').pop() ?? report.uri.path;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `problems:${report.uri.toString()}`;
    item.contextValue = 'quizModuleProblems';
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.description =
      report.problems.length === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', report.problems.length);
    item.tooltip = report.problems.map(formatProblem).join('\n');
    const first = report.problems[0];
    if (first) {
      const position = new vscode.Position(first.line - 1, first.column - 1);
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Show Problem'),
        arguments: [report.uri, { selection: new vscode.Range(position, position) }],
      };
    }
    return item;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
