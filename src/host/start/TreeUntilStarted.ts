import * as vscode from 'vscode';
import type { ModuleTreeNode } from '../sidebar/ModuleTreeProvider';
import type { StartAfterActivation } from './StartAfterActivation';

/**
 * The sidebar's data provider as activation registers it, before the start code is loaded: each
 * call is handed to the start's ModuleTreeProvider, once it is made, and its change events are
 * passed on. The view asks for its list as soon as it shows; that answer waits for the start.
 */
export class TreeUntilStarted implements vscode.TreeDataProvider<ModuleTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly start: StartAfterActivation) {
    start.ready.then(
      ({ tree }) => {
        this.forwarding = tree.onDidChangeTreeData(() => this.changed.fire());
      },
      // The start's failure is logged where it happens; the list stays empty.
      () => undefined,
    );
  }

  getChildren(element?: ModuleTreeNode): vscode.ProviderResult<ModuleTreeNode[]> {
    return this.start.with(({ tree }) => tree.getChildren(element));
  }

  getTreeItem(node: ModuleTreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.start.with(({ tree }) => tree.getTreeItem(node));
  }

  resolveTreeItem(item: vscode.TreeItem, node: ModuleTreeNode): vscode.ProviderResult<vscode.TreeItem> {
    return this.start.with(({ tree }) => tree.resolveTreeItem(item, node));
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
