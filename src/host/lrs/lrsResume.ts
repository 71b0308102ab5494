import * as vscode from 'vscode';

/** Where SecretStorage keeps the learner's LRS connection (endpoint, key, secret). */
export const LRS_SECRET_KEY = 'quizModules.lrs.connection';

/**
 * At a window's start: calls `connect` (which makes the LRS connection, loading its code) only when
 * the learner saved a connection before and the workspace is trusted, now or once trust is granted.
 * Until the learner connects, nothing of the LRS is loaded: with no saved connection nothing would
 * be sent, and the connect command loads it when run.
 */
export function resumeLrsWhenSaved(secrets: vscode.SecretStorage, connect: () => void): vscode.Disposable {
  const check = async (): Promise<void> => {
    if (vscode.workspace.isTrusted && (await secrets.get(LRS_SECRET_KEY)) !== undefined) connect();
  };
  void check();
  return vscode.workspace.onDidGrantWorkspaceTrust(() => void check());
}
