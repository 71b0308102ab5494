/**
 * The commands of the palette, the menus and the sidebar as one table, id to handler
 * (`commandTable`), which `extension.ts` registers in one loop (its handlers are loaded on a
 * command's first run, with the pages: src/host/later/later.ts); with them, the template of
 * `Quiz: New Module…`.
 */
import * as vscode from 'vscode';
import { uriExists } from '../repository/uriExists';
import { formatProblem } from '../../core/checks/problems';
import { summarize } from '../../core/session/progressSummary';
import { mistakesOf } from '../../core/session/attempts';
import { exportQuestions, importQuestions } from '../banks/questionBanks';
import type { LrsConnection, ConnectArgument } from '../lrs/LrsConnection';
import type { ModulePanelManager } from '../modulePage/ModulePanelManager';
import type { ModulePreviewManager } from '../preview/ModulePreviewManager';
import type { ModuleRepository } from '../repository/ModuleRepository';
import { scoreDescription, type ModuleTreeNode } from '../sidebar/ModuleTreeProvider';
import type { ProgressStore } from '../stores/ProgressStore';
import type { ReviewPanel } from '../review/ReviewPanel';
import type { ScheduleStore } from '../stores/ScheduleStore';
import type { ScoresPanel } from '../scores/ScoresPanel';
import { exportScores, importScores, type ExportArgument, type ImportArgument } from '../scores/scoresTransfer';
import type { CommandId } from './commandIds';
import { bundledDocumentUri } from './bundledDocuments';

interface CommandServices {
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly panels: ModulePanelManager;
  readonly scores: ScoresPanel;
  readonly previews: ModulePreviewManager;
  readonly log: vscode.LogOutputChannel;
  readonly schedule: ScheduleStore;
  /** Where the learner's xAPI account is kept, for the scores export. */
  readonly globalState: vscode.Memento;
  readonly lrs: LrsConnection;
  /** Opens the review session of what is due now. */
  readonly openReview: () => Promise<ReviewPanel>;
  /** Resolves once the review schedule is read: what reads or replaces the whole book waits for it. */
  readonly scheduleLoaded: Promise<unknown>;
}

/**
 * A command's handler. Its parameters are what the palette, a menu or `executeCommand` passes,
 * each handler checking its own; `never[]` lets a handler declare them as it needs.
 */
type CommandHandler = (...args: never[]) => unknown;

/** Every command, by id: the type has a key for each id in `commandIds.ts`, and no other. */
export type CommandTable = { readonly [id in CommandId]: CommandHandler };

/** A command's module argument: an id (palette, other extensions) or a sidebar item. */
type ModuleArgument = string | ModuleTreeNode | undefined;

function idFromArgument(argument: ModuleArgument): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && argument.kind === 'module') return argument.loaded.module.id;
  return undefined;
}

/** The extension's commands, each with its handler over `services`; `extension.ts` registers them in one loop. */
export function commandTable(services: CommandServices): CommandTable {
  const { repository, store, panels, scores, previews, log, schedule, globalState, lrs, openReview, scheduleLoaded } = services;
  const transfer = { repository, store, schedule, globalState, log };

  async function pickModule(placeHolder: string, argument: ModuleArgument, includeRecordsOnly = false): Promise<string | undefined> {
    await repository.known;
    const given = idFromArgument(argument);
    if (given !== undefined) {
      if (repository.get(given) || (includeRecordsOnly && store.moduleIds().includes(given))) return given;
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no quiz module with the id "{0}".', given));
      return undefined;
    }
    const items: (vscode.QuickPickItem & { id: string })[] = repository.modules.map(({ module, source }) => {
      return {
        id: module.id,
        label: `$(mortar-board) ${module.title}`,
        description: scoreDescription(summarize(store.get(module.id)), module.passingScore),
        detail: [module.description, source === 'bundled' ? vscode.l10n.t('bundled') : undefined].filter(Boolean).join(' · '),
      };
    });
    if (includeRecordsOnly) {
      for (const id of store.moduleIds()) {
        if (!repository.get(id)) items.push({ id, label: `$(history) ${id}`, description: vscode.l10n.t('scores of a module no longer here') });
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No quiz modules were found. Add a *.quiz.json file to the workspace.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
    return picked?.id;
  }

  return {
    'quizModules.openModule': async (argument?: ModuleArgument) => {
      const id = await pickModule(vscode.l10n.t('Choose a module to open'), argument);
      if (id) await panels.open(id, 'article');
    },
    'quizModules.startQuiz': async (argument?: ModuleArgument) => {
      const id = await pickModule(vscode.l10n.t('Choose a module whose quiz to start'), argument);
      if (id) await panels.open(id, 'quiz', true);
    },
    'quizModules.showScores': async (argument?: ModuleArgument) => {
      await repository.known;
      // Without a module, the page shows every module: no need to pick one.
      const given = idFromArgument(argument);
      if (given === undefined) {
        scores.show();
        await scores.rendered();
        return;
      }
      const id = await pickModule('', given, true);
      if (id) scores.show(id);
      await scores.rendered();
    },
    'quizModules.resetScores': async (argument?: ModuleArgument) => {
      const id = await pickModule(vscode.l10n.t('Choose a module whose scores to reset'), argument, true);
      if (!id) return false;
      const title = repository.get(id)?.module.title ?? id;
      const attempts = summarize(store.get(id)).attemptsWithAnswers;
      const reset = vscode.l10n.t('Reset Scores');
      const detail =
        attempts === 1
          ? vscode.l10n.t('1 attempt will be deleted. This cannot be undone.')
          : vscode.l10n.t('{0} attempts will be deleted. This cannot be undone.', attempts);
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Reset the scores of "{0}" in this workspace?', title),
        { modal: true, detail },
        reset,
      );
      if (answer !== reset) return false;
      await store.reset(id);
      await schedule.forget(id);
      await panels.get(id)?.progressReset();
      log.info(`Scores of "${id}" were reset.`);
      return true;
    },
    'quizModules.retryMistakes': async (argument?: ModuleArgument) => {
      const id = await pickModule(vscode.l10n.t('Choose a module whose mistakes to retry'), argument);
      const loaded = id === undefined ? undefined : repository.get(id);
      if (!loaded) return false;
      // Said here, before any panel opens: no empty practice attempt is started.
      if (mistakesOf(store.get(loaded.module.id), loaded.module).length === 0) {
        const finished = summarize(store.get(loaded.module.id)).finishedAttempts > 0;
        void vscode.window.showInformationMessage(
          finished
            ? vscode.l10n.t('The last attempt of "{0}" has no mistakes to retry.', loaded.module.title)
            : vscode.l10n.t('"{0}" has no finished attempt yet: take the quiz first.', loaded.module.title),
        );
        return false;
      }
      const panel = await panels.open(loaded.module.id, 'quiz');
      return panel.retryMistakes();
    },
    'quizModules.reviewDue': async () => {
      await openReview();
    },
    'quizModules.openModuleFile': async (argument?: ModuleArgument) => {
      const id = await pickModule(vscode.l10n.t('Choose a module whose file to open'), argument);
      const loaded = id === undefined ? undefined : repository.get(id);
      if (!loaded) return;
      if (loaded.source === 'workspace') {
        await vscode.window.showTextDocument(loaded.uri, { preview: false });
        return;
      }
      // A bundled module lives in the installed extension, where edits would be lost on update:
      // it opens read-only, through a document provider.
      await vscode.window.showTextDocument(bundledDocumentUri(loaded.uri), { preview: false });
      void vscode.window.showInformationMessage(
        vscode.l10n.t('"{0}" comes with the extension and is shown read-only. To change it, copy it into your workspace under a new id.', loaded.module.title),
      );
    },
    'quizModules.validateModules': async () => {
      await repository.reload();
      const reports = repository.problemReports;
      const warned = repository.warningReports;
      log.info(`Validated: ${repository.modules.length} modules loaded, ${reports.length} files with errors, ${warned.length} with warnings.`);
      for (const report of reports) for (const problem of report.problems) log.error(formatProblem(problem));
      for (const report of warned) for (const problem of report.problems) log.warn(formatProblem(problem));
      if (reports.length === 0 && warned.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('All {0} quiz modules are valid.', repository.modules.length));
      } else if (reports.length === 0) {
        log.show(true);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('All {0} quiz modules load; {1} files have warnings (see the Problems panel).', repository.modules.length, warned.length),
        );
      } else {
        log.show(true);
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} quiz module files have problems; see the Problems panel or the Quiz Modules output.', reports.length),
        );
      }
      return [...reports, ...warned].flatMap((r) => r.problems.map(formatProblem));
    },
    'quizModules.refresh': () => repository.reload(),
    'quizModules.newModule': (argument?: { title?: string; folder?: vscode.Uri }) => newModule(services, argument),
    'quizModules.previewModule': (target?: vscode.Uri | string) => previews.open(target),
    'quizModules.exportScores': (argument?: ExportArgument) => scheduleLoaded.then(() => exportScores(transfer, argument)),
    'quizModules.importScores': (argument?: ImportArgument) => scheduleLoaded.then(() => importScores(transfer, argument)),
    'quizModules.importQuestions': (argument?: Parameters<typeof importQuestions>[1]) => importQuestions({ repository, log }, argument),
    'quizModules.exportQuestions': (argument?: Parameters<typeof exportQuestions>[1]) => exportQuestions({ repository, log }, argument),
    'quizModules.connectLrs': (argument?: ConnectArgument) => lrs.connect(argument),
    'quizModules.disconnectLrs': () => lrs.disconnect(),
  };
}

/** A module id from a title: "Café basics!" becomes "cafe-basics". */
function idFromTitle(title: string): string {
  const id = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id || 'module';
}

/** A new module that passes every check and lint rule, for the author to rewrite. */
function moduleTemplate(id: string, title: string): { module: string; article: string } {
  const module = {
    version: 1,
    id,
    title,
    description: vscode.l10n.t('One line on what this module teaches.'),
    article: `${id}.md`,
    passingScore: 70,
    shuffleChoices: true,
    questions: [
      {
        id: 'first-question',
        prompt: vscode.l10n.t('Write the question here. What should a reader of the article be able to answer?'),
        choices: [
          { text: vscode.l10n.t('The right answer'), correct: true },
          { text: vscode.l10n.t('A tempting wrong answer'), feedback: vscode.l10n.t('Say why this one is wrong.') },
          { text: vscode.l10n.t('Another wrong answer'), feedback: vscode.l10n.t('Say why this one is wrong too.') },
        ],
        explanation: vscode.l10n.t('Teach something beyond the answer: why it holds, or where it stops holding.'),
        section: 'what-this-module-covers',
      },
    ],
  };
  const article = [
    `# ${title}`,
    '',
    vscode.l10n.t('Introduce the topic in a few sentences: who this is for and what they will know at the end.'),
    '',
    `## ${vscode.l10n.t('What this module covers')}`,
    '',
    vscode.l10n.t('Write the article here. Each question can point at a heading with its "section", so that a learner who answered wrong can re-read it.'),
    '',
  ].join('\n');
  return { module: `${JSON.stringify(module, null, 2)}\n`, article };
}

/**
 * `Quiz: New Module…`: asks for a title and a folder (or takes them as an argument), writes
 * `<id>.quiz.json` and `<id>.md` from a template, and opens them with the module's preview beside them.
 * Refuses a name that is taken; never overwrites a file.
 */
async function newModule(services: CommandServices, argument?: { title?: string; folder?: vscode.Uri }): Promise<boolean> {
  const { repository } = services;
  const title =
    argument?.title ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('New Quiz Module'),
      prompt: vscode.l10n.t('The title of the module, as learners will see it'),
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('A module needs a title.') : undefined),
    }));
  if (!title?.trim()) return false;
  let folder = argument?.folder;
  if (!folder) {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      ...(workspace ? { defaultUri: workspace } : {}),
      openLabel: vscode.l10n.t('Create Module Here'),
    });
    folder = picked?.[0];
  }
  if (!folder) return false;
  const id = idFromTitle(title.trim());
  const moduleUri = vscode.Uri.joinPath(folder, `${id}.quiz.json`);
  const articleUri = vscode.Uri.joinPath(folder, `${id}.md`);
  if (repository.get(id) || (await uriExists(moduleUri)) || (await uriExists(articleUri))) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('A module "{0}" or its files already exist; nothing was written. Choose another title.', id),
    );
    return false;
  }
  const template = moduleTemplate(id, title.trim());
  const encoder = new TextEncoder();
  await vscode.workspace.fs.createDirectory(folder);
  await vscode.workspace.fs.writeFile(articleUri, encoder.encode(template.article));
  await vscode.workspace.fs.writeFile(moduleUri, encoder.encode(template.module));
  await repository.reload();
  await vscode.window.showTextDocument(articleUri, { preview: false, viewColumn: vscode.ViewColumn.One });
  await vscode.window.showTextDocument(moduleUri, { preview: false, viewColumn: vscode.ViewColumn.One });
  // The author's preview beside them, following the files as they are edited.
  if (repository.get(id)) await vscode.commands.executeCommand('quizModules.previewModule', moduleUri);
  return true;
}
