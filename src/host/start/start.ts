/**
 * What a window's start needs, made right after activation returns: the repository and the sidebar
 * data, the stores, what is due (and its status bar item), the module checks, the schedule's
 * pruning and the article context key, with the holder of the later services (later.ts). In the
 * Node host this file is its own bundle (dist/start.js, esbuild.mjs NODE_PARTS), required by
 * startLoader.ts once activate() has registered the contributions, so activation compiles none of
 * it. The first third of the composition root: extension.ts registers, this builds the start,
 * later.ts builds what the first command or page needs.
 */
import * as vscode from 'vscode';
import { summarize } from '../../core/session/progressSummary';
import { LaterServicesOnDemand } from '../later/LaterServicesOnDemand';
import { ArticleContextKey } from '../preview/articleContext';
import { ModuleDiagnostics } from '../repository/ModuleDiagnostics';
import { ModuleRepository } from '../repository/ModuleRepository';
import { DueReviews } from '../review/DueReviews';
import { Clock } from '../session/Clock';
import { LearnerDay } from '../session/LearnerDay';
import { SchedulePruning } from '../session/SchedulePruning';
import { ModuleTreeProvider } from '../sidebar/ModuleTreeProvider';
import { HistoryArchive } from '../stores/HistoryArchive';
import { ProgressStore } from '../stores/ProgressStore';
import { RecordFiles } from '../stores/RecordFiles';
import { ScheduleStore } from '../stores/ScheduleStore';
import { WriteQueue } from '../stores/WriteQueue';
import { readPageAssets } from '../webview/webviewHtml';

/** What the start made; disposing it disposes each part, newest first. */
export interface StartServices extends vscode.Disposable {
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly schedule: ScheduleStore;
  readonly clock: Clock;
  readonly learnerDay: LearnerDay;
  readonly due: DueReviews;
  /** The sidebar's data; the provider activation registered hands each call to it. */
  readonly tree: ModuleTreeProvider;
  /** The pages, sessions, commands and LRS, made on first use. */
  readonly later: LaterServicesOnDemand;
  /** Resolves once the review schedule is read. */
  readonly scheduleLoaded: Promise<unknown>;
}

/** Builds the start over the extension's context, in the order activation used to. */
export function makeStartServices(context: vscode.ExtensionContext): StartServices {
  const log = vscode.window.createOutputChannel('Quiz Modules', { log: true });
  const settings = () => vscode.workspace.getConfiguration('quizModules');
  const warn = (message: string): void => {
    log.warn(message);
    void vscode.window.showWarningMessage(message);
  };
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
    warn,
    // Without a workspace folder VS Code gives no storage folder; records then stay whole.
    context.storageUri ? new HistoryArchive(context.storageUri) : undefined,
    undefined,
    writes,
    // One file per module's record there too, so an answer writes one small file.
    context.storageUri ? new RecordFiles(context.storageUri) : undefined,
  );
  const clock = new Clock();
  const learnerDay = new LearnerDay(context.globalState);
  const schedule = new ScheduleStore(context.workspaceState, warn, () => learnerDay.timeZone, writes, context.storageUri);
  // Read once, in the background: the start does not wait for the file. Until it is in memory
  // nothing is due; its arrival fires the change every view of what is due listens to, writes
  // queue behind it, and what reads the whole book (review, transfer) waits for it.
  const scheduleLoaded = schedule.load().catch((error: unknown) => log.error(`The review schedule could not be read: ${error instanceof Error ? error.message : String(error)}`));
  // The records are read after the schedule, off the start too: what reads them waits on ready().
  void store.ready();
  const due = new DueReviews(repository, schedule, clock, learnerDay);
  const tree = new ModuleTreeProvider(repository, store, due);
  const later = new LaterServicesOnDemand({ context, log, repository, store, schedule, clock, learnerDay, scheduleLoaded });
  const owned: vscode.Disposable[] = [
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
  ];
  // Pages carry their stylesheets and script inline once read (src/host/webview/webviewHtml.ts).
  void readPageAssets(context.extensionUri);
  return {
    repository,
    store,
    schedule,
    clock,
    learnerDay,
    due,
    tree,
    later,
    scheduleLoaded,
    dispose: () => {
      for (const disposable of owned.splice(0).reverse()) disposable.dispose();
    },
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
