import * as vscode from 'vscode';
import { parsePersistedState } from '../../protocol/modulePage';
import { ModulePanel, moduleFolders, type ModulePanelServices, type PanelView } from './ModulePanel';
import { webviewOptions } from '../webview/webviewHtml';
import { Disposable } from '../util/Disposable';

/** Opens, finds and restores module panels; one panel per module. */
export class ModulePanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  static readonly viewType = 'quizModules.module';
  private readonly panels = new Map<string, ModulePanel>();
  private readonly opened = this.register(new vscode.EventEmitter<ModulePanel>());
  /** A new page, as it is made (before its webview can say anything): tests listen to it from the start. */
  readonly onDidOpen = this.opened.event;

  constructor(private readonly services: ModulePanelServices) {
    super();
    // Each panel compares its module with the one it shows, so only changed modules redraw.
    this.register(
      services.repository.onDidChange(() => {
        for (const panel of this.panels.values()) void panel.moduleChanged();
      }),
    );
    this.register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const panel of this.panels.values()) void panel.trustChanged();
      }),
    );
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    super.dispose();
  }

  get(moduleId: string): ModulePanel | undefined {
    return this.panels.get(moduleId);
  }

  /** Shows the module's panel, creating it when needed; `start` also starts or resumes the quiz. */
  async open(moduleId: string, view: PanelView, start = false, column: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<ModulePanel> {
    await this.services.sessions.ready();
    let panel = this.panels.get(moduleId);
    if (panel) {
      panel.reveal(view);
    } else {
      const loaded = this.services.repository.get(moduleId);
      // Made with the options the page keeps (its module's folder among the roots), so the
      // workbench is not told a second set before the page's first document.
      const webviewPanel = vscode.window.createWebviewPanel(
        ModulePanelManager.viewType,
        loaded?.module.title ?? moduleId,
        { viewColumn: column, preserveFocus: column !== vscode.ViewColumn.Active },
        webviewOptions(this.services.extensionUri, moduleFolders(loaded), true),
      );
      panel = this.track(new ModulePanel(webviewPanel, moduleId, this.services, view, true));
    }
    if (start && this.services.repository.get(moduleId)) await panel.start();
    return panel;
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const persisted = parsePersistedState(state);
    await Promise.all([this.services.repository.known, this.services.sessions.ready()]);
    if (!persisted) {
      webviewPanel.dispose();
      return;
    }
    const existing = this.panels.get(persisted.moduleId);
    if (existing) {
      // Two restored panels for one module: keep the first.
      webviewPanel.dispose();
      existing.reveal(undefined);
      return;
    }
    this.track(new ModulePanel(webviewPanel, persisted.moduleId, this.services, persisted.view));
  }

  private track(panel: ModulePanel): ModulePanel {
    this.panels.set(panel.moduleId, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(panel.moduleId) === panel) this.panels.delete(panel.moduleId);
    });
    this.opened.fire(panel);
    return panel;
  }
}
