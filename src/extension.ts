import * as vscode from 'vscode';
import { summarize } from './core/session/progressSummary';
import { Clock } from './host/session/Clock';
import { BUNDLED_SCHEME, bundledDocuments, commandTable } from './host/commands/commands';
import { DueReviews } from './host/review/DueReviews';
import { HistoryArchive } from './host/stores/HistoryArchive';
import { LearnerDay } from './host/session/LearnerDay';
import { ModuleDiagnostics } from './host/repository/ModuleDiagnostics';
import { ModulePanelManager } from './host/modulePage/ModulePanelManager';
import { ModulePreviewManager } from './host/preview/ModulePreviewManager';
import { openRelativeLink } from './host/modulePage/moduleLinks';
import { ModuleRepository } from './host/repository/ModuleRepository';
import { ModuleSessions } from './host/session/ModuleSessions';
import { ModuleTreeProvider } from './host/sidebar/ModuleTreeProvider';
import { openModuleLink } from './host/modulePage/openLink';
import { ProgressStore } from './host/stores/ProgressStore';
import { RecordFiles } from './host/stores/RecordFiles';
import { ReviewPanel } from './host/review/ReviewPanel';
import { ScheduleStore } from './host/stores/ScheduleStore';
import { ScoresPanel } from './host/scores/ScoresPanel';
import { WriteQueue } from './host/stores/WriteQueue';
import { LrsConnection } from './host/lrs/LrsConnection';
import { isRelativePath } from './core/markdown/relativeLinks';
import { readPageAssets } from './host/webview/webviewHtml';

/**
 * The services, handed out by `activate` only when VS Code runs the extension's own tests
 * (`ExtensionMode.Test`). In normal use the extension exports nothing: no other extension can
 * reach the scores or the module files through it.
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
}

/** The composition root: builds every service once and hands each disposable to VS Code. */
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
  const sessions = new ModuleSessions({ repository, store, schedule, random: Math.random, now: clock.now, newId: () => globalThis.crypto.randomUUID() });
  // What the module page and the review page both need to run the session.
  const sessionServices = { extensionUri: context.extensionUri, repository, sessions, schedule, log, now: clock.now, learnerDay };
  const panels = new ModulePanelManager({ ...sessionServices, openLink: (href, base) => openLink(href, base) });
  // A relative link in an article opens the module it leads to, at the heading it names.
  const openLink = (href: string, base?: vscode.Uri): Promise<boolean> =>
    isRelativePath(href)
      ? openRelativeLink(href, base, {
          repository,
          log,
          openModule: async (moduleId, anchor) => {
            const panel = await panels.open(moduleId, 'article');
            if (anchor !== undefined) await panel.showSection(anchor);
          },
        })
      : openModuleLink(href, log);
  const previews = new ModulePreviewManager({ extensionUri: context.extensionUri, repository, log, openLink });
  const scores = new ScoresPanel(context.extensionUri, repository, store, panels, schedule, clock.now, learnerDay, log);
  const due = new DueReviews(repository, schedule, clock, learnerDay);
  const tree = new ModuleTreeProvider(repository, store, due);
  const lrs = new LrsConnection({ context, repository, store, log });
  context.subscriptions.push(
    log,
    repository,
    store,
    clock,
    learnerDay,
    schedule,
    sessions,
    panels,
    scores,
    due,
    tree,
    previews,
    markFinishedQuiz(store),
    new ModuleDiagnostics(repository, log),
    vscode.window.registerTreeDataProvider('quizModules.modules', tree),
    vscode.window.registerWebviewPanelSerializer(ModulePanelManager.viewType, panels),
    vscode.window.registerWebviewPanelSerializer(ScoresPanel.viewType, scores),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['showBundledModules', 'lint.ignore', 'include', 'exclude', 'markdown.math'].some((key) => event.affectsConfiguration(`quizModules.${key}`))) {
        repository.scheduleReload(0);
      }
    }),
    lrs,
    vscode.workspace.registerTextDocumentContentProvider(BUNDLED_SCHEME, bundledDocuments(vscode.Uri.joinPath(context.extensionUri, 'quizzes'))),
  );
  const commands = commandTable({ repository, store, panels, scores, previews, log, schedule, globalState: context.globalState, lrs, openReview: () => scheduleLoaded.then(() => ReviewPanel.open(sessionServices)), scheduleLoaded });
  for (const [id, handler] of Object.entries(commands)) {
    // Each handler checks the arguments it is given; VS Code types them as any.
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  }
  // Pages carry their stylesheets and script inline once read (src/host/webview/webviewHtml.ts).
  void readPageAssets(context.extensionUri);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  // Tests get the services once the schedule and the records are in memory, as a learner's first
  // action finds them.
  await Promise.all([scheduleLoaded, store.ready()]);
  return { repository, store, panels, scores, previews, tree, workspaceState: context.workspaceState, schedule, clock, due, learnerDay, reviewPanel: () => ReviewPanel.active, storageUri: context.storageUri, sessions, lrs };
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
