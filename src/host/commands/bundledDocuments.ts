/**
 * The read-only view of bundled module files: they live in the installed extension, where an edit
 * would be lost on update. Registered at activation (an editor restored at a window's start may
 * show one); the command that opens one is in commands.ts.
 */
import * as vscode from 'vscode';

/** The scheme of read-only views of bundled module files. */
export const BUNDLED_SCHEME = 'quiz-modules-bundled';

/** A bundled module file as its read-only view names it. */
export function bundledDocumentUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: BUNDLED_SCHEME, path: file.path, query: encodeURIComponent(file.toString()) });
}

/** Serves the text of bundled module files, and of nothing else, for read-only editors. */
export function bundledDocuments(bundledFolder: vscode.Uri): vscode.TextDocumentContentProvider {
  return {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      const file = vscode.Uri.parse(decodeURIComponent(uri.query), true);
      const inside = file.scheme === bundledFolder.scheme && file.path.startsWith(`${bundledFolder.path}/`) && file.path.endsWith('.quiz.json');
      if (!inside) return '';
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file));
    },
  };
}
