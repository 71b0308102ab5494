import * as vscode from 'vscode';
import { summarize } from './core/session/progressSummary';
import { Clock } from './host/session/Clock';
import { BUNDLED_SCHEME, bundledDocuments } from './host/commands/bundledDocuments';
import { COMMAND_IDS } from './host/commands/commandIds';
import { DueReviews } from './host/review/DueReviews';
import { HistoryArchive } from './host/stores/HistoryArchive';
import { LearnerDay } from './host/session/LearnerDay';
import { LaterServicesOnDemand } from './host/later/LaterServicesOnDemand';
import { laterCodeLoaded } from './host/later/laterLoader';
import { ModuleDiagnostics } from './host/repository/ModuleDiagnostics';
import { ModuleRepository } from './host/repository/ModuleRepository';
import { ModuleTreeProvider } from './host/sidebar/ModuleTreeProvider';
import { ProgressStore } from './host/stores/ProgressStore';
import { RecordFiles } from './host/stores/RecordFiles';
import { ScheduleStore } from './host/stores/ScheduleStore';
import { SchedulePruning } from './host/session/SchedulePruning';
import { ArticleContextKey } from './host/preview/articleContext';
import { resumeLrsWhenSaved } from './host/lrs/lrsResume';
import { WriteQueue } from './host/stores/WriteQueue';
import { readPageAssets } from './host/webview/webviewHtml';
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
}

const MODULE_VIEW_TYPE: typeof ModulePanelManager.viewType = 'quizModules.module';
const SCORES_VIEW_TYPE: typeof ScoresPanel.viewType = 'quizModules.scores';

/**
 * The composition root: builds what activation needs (the repository and the sidebar, the stores,
 * what is due for the status bar, the command table and the page serializers) and hands each
 * disposable to VS Code. The pages, the command handlers and the LRS connection are made on first
 * use (src/host/later/later.ts; their code is a file of its own in the Node host).
 */
export async function activate(context: vscode.ExtensionContext): Promise<QuizModulesTestApi | undefined> {
  const log = vscode.window.createOutputChannel('Quiz Modules', { log: true });
  const settings = () => vscode.workspace.getConfiguration('quizModules');
  const repository = new ModuleRepository(
    vscode.Uri.joinPath(context.extensionUri, 'quizzes'),
    () => settings().get<boolean>('showBundledModules', true),
    () => settings().get<string[]>('lint.ignore', []),
    () => ({ include: settings().get<string>('include', '**/*.quiz.json'), exclude: settings().get<string[]>('exclude', []) }),
    context.workspaceState,
  );
  // Scores and schedule are written through one queue: an answer and its rating are one write.
  const writes = new WriteQueue();
  const store = new ProgressStore(
    context.workspaceState,
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
    // Without a workspace folder VS Code gives no storage folder; records then stay whole.
    context.storageUri ? new HistoryArchive(context.storageUri) : undefined,
    undefined,
    writes,
    // One file per module's record there too, so an answer writes one small file.
    context.storageUri ? new RecordFiles(context.storageUri) : undefined,
  );
  const clock = new Clock();
  const learnerDay = new LearnerDay(context.globalState);
  const schedule = new ScheduleStore(
    context.workspaceState,
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
    () => learnerDay.timeZone,
    writes,
    context.storageUri,
  );
  // Read once, in the background: activation does not wait for the file. Until it is in memory
  // nothing is due; its arrival fires the change every view of what is due listens to, writes
  // queue behind it, and what reads the whole book (review, transfer) waits for it.
  const scheduleLoaded = schedule.load().catch((error: unknown) => log.error(`The review schedule could not be read: ${error instanceof Error ? error.message : String(error)}`));
  // The records are read after the schedule, off activation too: what reads them waits on ready().
  void store.ready();
  const due = new DueReviews(repository, schedule, clock, learnerDay);
  const tree = new ModuleTreeProvider(repository, store, due);
  const later = new LaterServicesOnDemand({ context, log, repository, store, schedule, clock, learnerDay, scheduleLoaded });
  context.subscriptions.push(
    log,
    repository,
    store,
    clock,
    learnerDay,
    schedule,
    new SchedulePruning(repository, schedule, clock.now),
    later,
    due,
    tree,
    new ArticleContextKey(repository),
    markFinishedQuiz(store),
    new ModuleDiagnostics(repository, log),
    vscode.window.registerTreeDataProvider('quizModules.modules', tree),
    // A page restored at a window's start loads the pages' code then, after activation. The view
    // types are written out (the classes are not loaded yet); their types hold them to the classes'.
    vscode.window.registerWebviewPanelSerializer(MODULE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => later.services.panels.deserializeWebviewPanel(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(SCORES_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => later.services.scores.deserializeWebviewPanel(panel),
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['showBundledModules', 'lint.ignore', 'include', 'exclude', 'markdown.math'].some((key) => event.affectsConfiguration(`quizModules.${key}`))) {
        repository.scheduleReload(0);
      }
    }),
    resumeLrsWhenSaved(context.secrets, () => void later.services.lrs),
    vscode.workspace.registerTextDocumentContentProvider(BUNDLED_SCHEME, bundledDocuments(vscode.Uri.joinPath(context.extensionUri, 'quizzes'))),
  );
  for (const id of COMMAND_IDS) {
    // Each handler checks the arguments it is given; VS Code types them as any.
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => (later.services.commands[id] as (...args: unknown[]) => unknown)(...args)));
  }
  // Pages carry their stylesheets and script inline once read (src/host/webview/webviewHtml.ts).
  void readPageAssets(context.extensionUri);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const laterAtActivation = laterCodeLoaded();
  // Tests get the services once the schedule and the records are in memory, as a learner's first
  // action finds them.
  await Promise.all([scheduleLoaded, store.ready()]);
  return {
    repository,
    store,
    tree,
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
  };
}

/**
 * Sets the context key `quizModules.quizFinished` the first time a full attempt finishes here:
 * the walkthrough's "Take the quiz" step completes on it, not on merely opening a module.
 */
function markFinishedQuiz(store: ProgressStore): vscode.Disposable {
  const subscription = store.onDidChange((moduleId) => {
    if (summarize(store.get(moduleId)).finishedAttempts === 0) return;
    subscription.dispose();
    void vscode.commands.executeCommand('setContext', 'quizModules.quizFinished', true);
  });
  return subscription;
}

export function deactivate(): void {}
