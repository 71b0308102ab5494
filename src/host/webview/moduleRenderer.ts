import * as vscode from 'vscode';
import { MarkdownRenderer, type MarkdownStrings } from '../../core/markdown/markdown';
import { loadRenderExtras } from '../markdown/renderExtrasLoader';
import type { LoadedModule } from '../repository/ModuleRepository';
import { mathEnabled } from '../repository/moduleFile';

/** The words the Markdown renderer writes itself (alert titles, footnote labels), translated. */
function markdownStrings(): MarkdownStrings {
  return {
    note: vscode.l10n.t('Note'),
    tip: vscode.l10n.t('Tip'),
    important: vscode.l10n.t('Important'),
    warning: vscode.l10n.t('Warning'),
    caution: vscode.l10n.t('Caution'),
    footnotes: vscode.l10n.t('Footnotes'),
    // {0} is filled in by the renderer, per footnote.
    backToReference: vscode.l10n.t('Back to reference {0}', '{0}'),
    formulaError: vscode.l10n.t('This formula could not be read: {0}', '{0}'),
  };
}

/**
 * The Markdown renderer for one module shown in `webview`: remote images only in a trusted
 * workspace, local images only from the module's own folder tree, highlighter and math loaded on
 * first use. The module page, the review page and the preview share it.
 */
export function moduleRenderer(loaded: Pick<LoadedModule, 'uri' | 'articleUri'>, webview: vscode.Webview): MarkdownRenderer {
  const folder = vscode.Uri.joinPath(loaded.uri, '..');
  return new MarkdownRenderer({
    remoteImages: vscode.workspace.isTrusted,
    // A link to another module's article opens that module (the host resolves it on click).
    relativeLinks: true,
    // Highlighter and math renderer: loaded on the first fence with a language or formula.
    extras: loadRenderExtras,
    math: mathEnabled(),
    strings: markdownStrings(),
    resolveImage: (relative) => {
      const base = loaded.articleUri ? vscode.Uri.joinPath(loaded.articleUri, '..') : folder;
      const target = vscode.Uri.joinPath(base, relative);
      // Only files inside the module's own folder tree may be shown.
      if (!target.path.startsWith(folder.path + '/')) return undefined;
      return webview.asWebviewUri(target).toString();
    },
  });
}
