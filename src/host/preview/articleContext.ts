import * as vscode from 'vscode';
import type { ModuleRepository } from '../repository/ModuleRepository';
import { Disposable } from '../util/Disposable';

export function sameUri(a: vscode.Uri | undefined, b: vscode.Uri | undefined): boolean {
  return a !== undefined && b !== undefined && a.toString() === b.toString();
}

/**
 * Keeps the context key `quizModules.activeEditorIsArticle` true while the active editor holds a
 * loaded module's article, so its title bar offers the preview. Made at activation, apart from the
 * previews themselves (their code loads on first use).
 */
export class ArticleContextKey extends Disposable {
  constructor(private readonly repository: Pick<ModuleRepository, 'modules' | 'onDidChange'>) {
    super();
    const update = () => void vscode.commands.executeCommand('setContext', 'quizModules.activeEditorIsArticle', this.isArticle(vscode.window.activeTextEditor?.document.uri));
    this.register(vscode.window.onDidChangeActiveTextEditor(update));
    this.register(repository.onDidChange(update));
    update();
  }

  private isArticle(uri: vscode.Uri | undefined): boolean {
    return uri !== undefined && this.repository.modules.some((m) => sameUri(m.articleUri, uri));
  }
}
