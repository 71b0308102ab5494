import * as vscode from 'vscode';
import { Disposable } from '../util/Disposable';
import { webviewOptions } from '../webview/webviewHtml';
import { sameUri } from './articleContext';
import { fileNameOf, ModulePreview, type ModulePreviewServices } from './ModulePreview';

/** Opens previews, one per module file (ArticleContextKey tells the editor title bar when an article is open). */
export class ModulePreviewManager extends Disposable {
  static readonly viewType = 'quizModules.preview';
  private readonly previews = new Map<string, ModulePreview>();

  constructor(private readonly services: ModulePreviewServices) {
    super();
  }

  override dispose(): void {
    for (const preview of [...this.previews.values()]) preview.dispose();
    super.dispose();
  }

  /** The open preview of a module file. */
  get(moduleUri: vscode.Uri): ModulePreview | undefined {
    return this.previews.get(moduleUri.toString());
  }

  /**
   * The module file a preview is asked for: a `.quiz.json` itself, the module whose article a
   * Markdown file is, a module id, or (with nothing given) the active editor's file; else the
   * author picks one of the loaded modules.
   */
  private async moduleFileFor(target: vscode.Uri | string | undefined): Promise<vscode.Uri | undefined> {
    const { repository } = this.services;
    if (typeof target === 'string') return repository.get(target)?.uri;
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (uri?.path.endsWith('.quiz.json')) return uri;
    if (uri) {
      const owner = repository.modules.find((m) => sameUri(m.articleUri, uri));
      if (owner) return owner.uri;
    }
    if (uri && target) {
      void vscode.window.showErrorMessage(vscode.l10n.t('"{0}" is neither a module file nor the article of a loaded module.', fileNameOf(uri)));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      repository.modules.map((m) => ({ label: m.module.title, description: m.source === 'bundled' ? vscode.l10n.t('bundled') : vscode.workspace.asRelativePath(m.uri), uri: m.uri })),
      { title: vscode.l10n.t('Preview Module'), placeHolder: vscode.l10n.t('Choose the module to preview') },
    );
    return picked?.uri;
  }

  /** Opens (or reveals) the preview of a module beside the active editor. */
  async open(target?: vscode.Uri | string): Promise<ModulePreview | undefined> {
    const moduleUri = await this.moduleFileFor(target);
    if (!moduleUri) return undefined;
    const existing = this.previews.get(moduleUri.toString());
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ModulePreviewManager.viewType,
      vscode.l10n.t('Module Preview'),
      // Beside the editor, which keeps the focus: the author goes on typing.
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.services.extensionUri, [], true),
    );
    const preview = new ModulePreview(panel, moduleUri, this.services);
    this.previews.set(moduleUri.toString(), preview);
    preview.onDidDispose(() => {
      if (this.previews.get(moduleUri.toString()) === preview) this.previews.delete(moduleUri.toString());
    });
    return preview;
  }
}
