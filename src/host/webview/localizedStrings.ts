import * as vscode from 'vscode';
import { WEBVIEW_STRINGS, type WebviewStrings } from '../../protocol/webviewStrings';

/** The webview's strings in the display language (the module page, the review page and the preview share them). */
export function localizedStrings(): WebviewStrings {
  const strings = {} as Record<string, string>;
  for (const [key, english] of Object.entries(WEBVIEW_STRINGS)) strings[key] = vscode.l10n.t(english);
  return strings as WebviewStrings;
}
