import * as vscode from 'vscode';

const OPENABLE = new Set(['http', 'https', 'mailto']);

/**
 * Opens a link a learner clicked in a module page, in the browser or mail program. In Restricted
 * Mode the module comes from a workspace the user has not trusted, so the link is shown and
 * opened only once the user agrees. Resolves whether it was opened.
 */
export async function openModuleLink(href: string, log: vscode.LogOutputChannel): Promise<boolean> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    log.warn(`Refused to open a link that is not a valid URI: ${href.slice(0, 200)}`);
    return false;
  }
  if (!OPENABLE.has(uri.scheme)) {
    log.warn(`Refused to open a "${uri.scheme}:" link from a module page.`);
    return false;
  }
  if (!vscode.workspace.isTrusted) {
    const open = vscode.l10n.t('Open Link');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Open a link from a quiz module outside VS Code?'),
      { modal: true, detail: vscode.l10n.t('This workspace is in Restricted Mode. The link leads to: {0}', href) },
      open,
    );
    if (choice !== open) return false;
  }
  return vscode.env.openExternal(uri);
}
