import * as vscode from 'vscode';

/** Whether anything (file or folder) is at `uri`, through VS Code's file system (works on the web too). */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
