import * as vscode from 'vscode';
import { BUNDLED_SCHEME, bundledDocuments, registerCommands } from './host/commands';
import { HistoryArchive } from './host/HistoryArchive';
import { ModuleDiagnostics } from './host/ModuleDiagnostics';
import { ModulePanelManager } from './host/ModulePanelManager';
import { ModuleRepository } from './host/ModuleRepository';
import { ModuleTreeProvider } from './host/ModuleTreeProvider';
import { openModuleLink } from './host/openLink';
import { ProgressStore } from './host/ProgressStore';
import { ScoresPanel } from './host/ScoresPanel';

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
  /** The sidebar's data, so tests can see what the list shows and when it changes. */
  readonly tree: ModuleTreeProvider;
  /** Where scores are saved, so tests can see exactly what was written. */
  readonly workspaceState: vscode.Memento;
}

/** The composition root: builds every service once and hands each disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): QuizModulesTestApi | undefined {
  const log = vscode.window.createOutputChannel('Quiz Modules', { log: true });
  const settings = () => vscode.workspace.getConfiguration('quizModules');
  const repository = new ModuleRepository(
    vscode.Uri.joinPath(context.extensionUri, 'quizzes'),
    () => settings().get<boolean>('showBundledModules', true),
    () => settings().get<string[]>('lint.ignore', []),
    () => ({ include: settings().get<string>('include', '**/*.quiz.json'), exclude: settings().get<string[]>('exclude', []) }),
  );
  const store = new ProgressStore(
    context.workspaceState,
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
    // Without a workspace folder VS Code gives no storage folder; records then stay whole.
    context.storageUri ? new HistoryArchive(context.storageUri) : undefined,
  );
  const panels = new ModulePanelManager({
    extensionUri: context.extensionUri,
    repository,
    store,
    log,
    random: Math.random,
    now: () => new Date(),
    newId: () => globalThis.crypto.randomUUID(),
    openLink: (href) => openModuleLink(href, log),
  });
  const scores = new ScoresPanel(context.extensionUri, repository, store);
  const tree = new ModuleTreeProvider(repository, store);

  context.subscriptions.push(
    log,
    repository,
    store,
    panels,
    scores,
    tree,
    new ModuleDiagnostics(repository, log),
    vscode.window.registerTreeDataProvider('quizModules.modules', tree),
    vscode.window.registerWebviewPanelSerializer(ModulePanelManager.viewType, panels),
    vscode.window.registerWebviewPanelSerializer(ScoresPanel.viewType, scores),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['showBundledModules', 'lint.ignore', 'include', 'exclude'].some((key) => event.affectsConfiguration(`quizModules.${key}`))) {
        repository.scheduleReload(0);
      }
    }),
    ...registerCommands({ repository, store, panels, scores, log }),
    vscode.workspace.registerTextDocumentContentProvider(BUNDLED_SCHEME, bundledDocuments(vscode.Uri.joinPath(context.extensionUri, 'quizzes'))),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { repository, store, panels, scores, tree, workspaceState: context.workspaceState };
}

export function deactivate(): void {}
