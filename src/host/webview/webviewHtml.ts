import * as vscode from 'vscode';
import { escapeHtml } from '../../core/markdown/markdown';
import { asciiHtml, initialDataBlock, trimStylesheet } from './pageText';

interface WebviewPageOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly title: string;
  /** Stylesheets under media/. */
  readonly styles: readonly string[];
  /** Whether the page runs the webview bundle; a page without it has no script at all. */
  readonly script: boolean;
  /** Another script to run instead of the module page's, as a path in the extension ("dist/webview/scores.js"). */
  readonly scriptFile?: string;
  /** Whether `https:` images may load (not in Restricted Mode); local ones always may. */
  readonly remoteImages?: boolean;
  /** Handed to the script as a JSON data block, `#qm-initial` (read by `readInitialData`, src/webview/dom.ts). */
  readonly initialData?: unknown;
  /**
   * Whether the stylesheets and the script travel inside the page (once read), instead of as a
   * request apiece; by default only the pages that run the module page's script.
   */
  readonly inline?: boolean;
  /** The page's markup: elements and text only (no script or style element; the CSP refuses them anyway). */
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

/** The icon stylesheet the build writes (esbuild.mjs), and the font it names beside it. */
const CODICON_CSS = ['dist', 'webview', 'codicons', 'codicon.css'] as const;
const CODICON_FONT = ['dist', 'webview', 'codicons', 'codicon.woff2'] as const;
/** The module page's script (the review page runs it too). */
const PAGE_SCRIPT = ['dist', 'webview', 'webview.js'] as const;
/** The stylesheets and other scripts of the pages that carry them inline (module, review, scores). */
const PAGE_STYLESHEETS = ['base.css', 'quiz.css', 'scores.css'] as const;
const OTHER_SCRIPTS = [['dist', 'webview', 'scores.js']] as const;

/**
 * VS Code shows a webview's page only at its load event, which waits for every request the page
 * made before it; the icon font is one (a trip through the webview's resource loader to the
 * extension). So until the page script marks the page loaded (`qm-loaded`, src/webview/main.ts),
 * the icons keep their place without asking for their font, and it is fetched after the page shows.
 */
const ICONS_AFTER_LOAD = `html:not(.qm-loaded) .codicon[class*='codicon-'] { font-family: inherit; width: 1em; }
html:not(.qm-loaded) .codicon[class*='codicon-']::before { visibility: hidden; }`;

/** The text of each stylesheet and of the page script, by path in the extension, once read. */
const assetTexts = new Map<string, string>();
let assetsRead: Promise<void> | undefined;

/**
 * Reads the module page's stylesheets (about 20 KiB) and script (about 50 KiB) once, so a page
 * carries them inline under its nonce instead of loading each through the webview's resource
 * loader: a request apiece, each holding the first paint back. Until they are read (or for any
 * that cannot be), pages link them as before.
 */
export function readPageAssets(extensionUri: vscode.Uri): Promise<void> {
  assetsRead ??= Promise.all(
    [CODICON_CSS, PAGE_SCRIPT, ...OTHER_SCRIPTS, ...PAGE_STYLESHEETS.map((name) => ['media', name] as const)].map(async (parts) => {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...parts)));
        // Text that could end the element early, or change how it is parsed, is never inlined.
        if (!/<\/?(style|script)/i.test(text)) assetTexts.set(parts.join('/'), parts.join('/').endsWith('.css') ? trimStylesheet(text) : text);
      } catch {
        // Linked as before.
      }
    }),
  ).then(() => undefined);
  return assetsRead;
}

/** The page every webview of the extension is built from, under a nonce-only CSP. */
export function webviewPage(options: WebviewPageOptions): string {
  const { webview, extensionUri } = options;
  const nonce = makeNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}${options.remoteImages === false ? '' : ' https:'}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    options.script || options.scriptFile ? `script-src 'nonce-${nonce}'` : '',
    "form-action 'none'",
    "base-uri 'none'",
  ]
    .filter(Boolean)
    .join('; ');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const sheets = [CODICON_CSS.join('/'), ...['base.css', ...options.styles].map((s) => `media/${s}`)];
  // Inline on the pages whose first paint is waited for (module, review, scores). The preview is
  // set again on every edit; it keeps its links.
  const inline = options.inline ?? (options.script && !options.scriptFile);
  const texts = sheets.map((sheet) => (inline ? assetTexts.get(sheet) : undefined));
  const links = texts.every((text) => text !== undefined)
    ? // The icon font's address is relative to its stylesheet, which is now the page itself.
      `<style nonce="${nonce}">\n${texts.join('\n').replace('url("./codicon.woff2")', () => `url("${asset(...CODICON_FONT)}")`)}\n${ICONS_AFTER_LOAD}\n</style>`
    : sheets.map((sheet) => `<link rel="stylesheet" href="${escapeHtml(asset(...sheet.split('/')))}">`).join('\n    ');
  if (!assetsRead) void readPageAssets(extensionUri);
  const data = options.initialData === undefined ? '' : initialDataBlock(options.initialData);
  const scriptSrc = options.scriptFile ? asset(...options.scriptFile.split('/')) : options.script ? asset(...PAGE_SCRIPT) : undefined;
  const scriptText = inline ? assetTexts.get(options.scriptFile ?? PAGE_SCRIPT.join('/')) : undefined;
  const script =
    scriptText !== undefined ? `<script nonce="${nonce}">${scriptText}</script>` : scriptSrc ? `<script nonce="${nonce}" src="${escapeHtml(scriptSrc)}"></script>` : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${asciiHtml(escapeHtml(options.title))}</title>
  </head>
  <body>
    ${asciiHtml(options.body)}
    ${data}
    ${script}
  </body>
</html>`;
}
