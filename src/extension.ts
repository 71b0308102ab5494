import * as vscode from 'vscode';
import { BUNDLED_SCHEME, bundledDocuments } from './host/commands/bundledDocuments';
import { COMMAND_IDS } from './host/commands/commandIds';
import { laterCodeLoaded } from './host/later/laterLoader';
import { resumeLrsWhenSaved } from './host/lrs/lrsResume';
import { StartAfterActivation } from './host/start/StartAfterActivation';
import { loadStartCode, startCodeLoaded } from './host/start/startLoader';
import { TreeUntilStarted } from './host/start/TreeUntilStarted';
import type { StartServices } from './host/start/start';
import type { Clock } from './host/session/Clock';
import type { DueReviews } from './host/review/DueReviews';
import type { LearnerDay } from './host/session/LearnerDay';
import type { ModuleRepository } from './host/repository/ModuleRepository';
import type { ModuleTreeProvider } from './host/sidebar/ModuleTreeProvider';
import type { ProgressStore } from './host/stores/ProgressStore';
import type { ScheduleStore } from './host/stores/ScheduleStore';
import type { ModulePanelManager } from './host/modulePage/ModulePanelManager';
import type { ModulePreviewManager } from './host/preview/ModulePreviewManager';
import type { ModuleSessions } from './host/session/ModuleSessions';
import type { ReviewPanel } from './host/review/ReviewPanel';
import type { ScoresPanel } from './host/scores/ScoresPanel';
import type { LrsConnection } from './host/lrs/LrsConnection';

/**
 * The services, handed out by `activate` only when VS Code runs the extension's own tests
 * (`ExtensionMode.Test`). In normal use the extension exports nothing: no other extension can
 * reach the scores or the module files through it. The pages, sessions and LRS connection are
 * made on first read, as a command would make them.
 */
export interface QuizModulesTestApi {
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly panels: ModulePanelManager;
  readonly scores: ScoresPanel;
  readonly previews: ModulePreviewManager;
  /** The sidebar's data, so tests can see what the list shows and when it changes. */
  readonly tree: ModuleTreeProvider;
  /** The workspace's memento (older versions saved scores there; `store.saved` reads a record where it is saved now). */
  readonly workspaceState: vscode.Memento;
  /** The review schedule of the workspace. */
  readonly schedule: ScheduleStore;
  /** The time the extension goes by; tests move it forward so days pass. */
  readonly clock: Clock;
  /** What is due now (sidebar and status bar). */
  readonly due: DueReviews;
  /** The learner's time zone, as the pages report it. */
  readonly learnerDay: LearnerDay;
  /** The open review session, if any. */
  readonly reviewPanel: () => ReviewPanel | undefined;
  /** The extension's storage folder for this workspace (history files live under it). */
  readonly storageUri?: vscode.Uri;
  /** The live owner of every module's session, which every page acts through. */
  readonly sessions: ModuleSessions;
  /** The learning record store connection, its outbox and sender. */
  readonly lrs: LrsConnection;
  /** Whether the code of the pages, commands and LRS (dist/later.js) was loaded as activate() ended, and now. */
  readonly laterCode: { readonly atActivation: boolean; loaded(): boolean };
  /** Whether the start code (dist/start.js: repository, stores, sidebar data, due count) was loaded as activate() registered the contributions. */
  readonly startCode: { readonly atActivation: boolean };
  /** What the start made, as the registrations activation made hand each call to it. */
  readonly started: StartServices;
}

const MODULE_VIEW_TYPE: typeof ModulePanelManager.viewType = 'quizModules.module';
const SCORES_VIEW_TYPE: typeof ScoresPanel.viewType = 'quizModules.scores';

/**
 * The composition root's first part: registers what the extension contributes (the sidebar's
 * data provider, the commands, the page serializers, the read-only view of bundled modules, the
 * settings listener, the LRS resume) and returns. The start code (src/host/start/start.ts: the
 * repository, the stores, the due count, the sidebar data; a file of its own in the Node host) is
 * loaded on the next turn, so activation compiles only this; a call that comes before it waits
 * for it. The pages, command handlers and LRS connection are made on first use after that
 * (src/host/later/later.ts).
 */
export async function activate(context: vscode.ExtensionContext): Promise<QuizModulesTestApi | undefined> {
  const start = new StartAfterActivation(() => loadStartCode().makeStartServices(context));
  const tree = new TreeUntilStarted(start);
  context.subscriptions.push(
    start,
    tree,
    vscode.window.registerTreeDataProvider('quizModules.modules', tree),
    // A page restored at a window's start loads the pages' code then, after the start. The view
    // types are written out (the classes are not loaded yet); their types hold them to the classes'.
    vscode.window.registerWebviewPanelSerializer(MODULE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await start.ready).later.services.panels.deserializeWebviewPanel(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(SCORES_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => (await start.ready).later.services.scores.deserializeWebviewPanel(panel),
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Before the start, the repository is not made yet and reads the settings as it is.
      if (['showBundledModules', 'lint.ignore', 'include', 'exclude', 'markdown.math'].some((key) => event.affectsConfiguration(`quizModules.${key}`))) {
        start.services?.repository.scheduleReload(0);
      }
    }),
    resumeLrsWhenSaved(context.secrets, () => void start.with(({ later }) => later.services.lrs)),
    vscode.workspace.registerTextDocumentContentProvider(BUNDLED_SCHEME, bundledDocuments(vscode.Uri.joinPath(context.extensionUri, 'quizzes'))),
  );
  for (const id of COMMAND_IDS) {
    // Each handler checks the arguments it is given; VS Code types them as any. A command run
    // before the start is made waits for it.
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => start.with(({ later }) => (later.services.commands[id] as (...args: unknown[]) => unknown)(...args))),
    );
  }
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const laterAtActivation = laterCodeLoaded();
  const startAtActivation = startCodeLoaded();
  // Tests get the services once the start is made and the schedule and the records are in memory,
  // as a learner's first action finds them.
  const made = await start.ready;
  const { repository, store, schedule, clock, due, learnerDay, later } = made;
  await Promise.all([made.scheduleLoaded, store.ready()]);
  return {
    repository,
    store,
    tree: made.tree,
    workspaceState: context.workspaceState,
    schedule,
    clock,
    due,
    learnerDay,
    storageUri: context.storageUri,
    get panels() {
      return later.services.panels;
    },
    get scores() {
      return later.services.scores;
    },
    get previews() {
      return later.services.previews;
    },
    get sessions() {
      return later.services.sessions;
    },
    get lrs() {
      return later.services.lrs;
    },
    reviewPanel: () => later.madeServices?.reviewPanel(),
    laterCode: { atActivation: laterAtActivation, loaded: laterCodeLoaded },
    startCode: { atActivation: startAtActivation },
    started: made,
  };
}

export function deactivate(): void {}
