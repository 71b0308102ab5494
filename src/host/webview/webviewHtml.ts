import * as vscode from 'vscode';
import { escapeHtml } from '../../core/markdown/markdown';

interface WebviewPageOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly title: string;
  /** Stylesheets under media/. */
  readonly styles: readonly string[];
  /** Whether the page runs the webview bundle; a page without it has no script at all. */
  readonly script: boolean;
  /** Another script to run instead of the module page's, as a path in the extension ("media/scores.js"). */
  readonly scriptFile?: string;
  /** Whether `https:` images may load (not in Restricted Mode); local ones always may. */
  readonly remoteImages?: boolean;
  /** Handed to the script through a data- attribute, URI-encoded JSON. */
  readonly initialData?: unknown;
  readonly body: string;
}

/** A fresh nonce for one page load, from the Web Crypto API (Node 20 and web workers alike). */
function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/** Webview options shared by every panel: scripts only where needed, never command URIs or forms. */
export function webviewOptions(extensionUri: vscode.Uri, extraRoots: readonly vscode.Uri[], scripts: boolean): vscode.WebviewOptions {
  return {
    enableScripts: scripts,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'media'),
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      ...extraRoots,
    ],
  };
}

/** The page every webview of the extension is built from, under a nonce-only CSP. */
export function webviewPage(options: WebviewPageOptions): string {
  const { webview, extensionUri } = options;
  const nonce = makeNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}${options.remoteImages === false ? '' : ' https:'}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    options.script || options.scriptFile ? `script-src 'nonce-${nonce}'` : '',
    "form-action 'none'",
    "base-uri 'none'",
  ]
    .filter(Boolean)
    .join('; ');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const links = [asset('dist', 'webview', 'codicons', 'codicon.css'), ...['base.css', ...options.styles].map((s) => asset('media', s))]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n    ');
  const data = options.initialData === undefined ? '' : ` data-initial="${escapeHtml(encodeURIComponent(JSON.stringify(options.initialData)))}"`;
  const scriptSrc = options.scriptFile ? asset(...options.scriptFile.split('/')) : options.script ? asset('dist', 'webview', 'webview.js') : undefined;
  const script = scriptSrc ? `<script nonce="${nonce}" src="${escapeHtml(scriptSrc)}"></script>` : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeHtml(options.title)}</title>
  </head>
  <body${data}>
    ${options.body}
    ${script}
  </body>
</html>`;
}
