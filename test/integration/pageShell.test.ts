import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { trimStylesheet } from '../../src/host/webview/pageText';
import { api, BUNDLED_ID, extension } from './support';

/**
 * The page every module panel starts from: its stylesheets and script travel inside the page,
 * under the page's nonce, so nothing is fetched before the first paint; the CSP stays nonce-only.
 */

/** The module page's HTML once the extension has read its assets (read in the background at activation). */
async function pageWithInlineAssets(): Promise<string> {
  const { panels } = await api();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const panel = await panels.open(BUNDLED_ID, 'article');
    const html = panel.panel.webview.html.replace(/&#39;/g, "'");
    if (!html.includes('<link rel="stylesheet"') || Date.now() > deadline) return html;
    panel.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('The module page shell', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('carries its stylesheets and script inline under a nonce-only CSP', async () => {
    const html = await pageWithInlineAssets();
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, 'the page has a CSP');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, 'scripts need the nonce');
    assert.match(csp, new RegExp(`style-src [^;]*'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`), 'inline styles need the same nonce');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<link rel="stylesheet"/, 'no stylesheet is fetched');
    // One style element and one script, each with the nonce; the script is the page's own bundle.
    assert.deepEqual(html.match(/<style[^>]*>/g), [`<style nonce="${nonce}">`]);
    // The page's data is a JSON block, which never runs.
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script type="application/json" id="qm-initial">', `<script nonce="${nonce}">`]);
    const extensionPath = extension().extensionPath;
    const script = readFileSync(`${extensionPath}/dist/webview/webview.js`, 'utf8');
    assert.ok(html.includes(script), 'the script is dist/webview/webview.js as built');
    for (const sheet of ['base.css', 'quiz.css']) {
      assert.ok(html.includes(trimStylesheet(readFileSync(`${extensionPath}/media/${sheet}`, 'utf8'))), `${sheet} is in the page`);
    }
    // The icon font, relative to its stylesheet before, is now named by its webview address.
    assert.match(html, /url\("[^"]+\/dist\/webview\/codicons\/codicon\.woff2"\)/);
    assert.doesNotMatch(html, /url\("\.\/codicon\.woff2"\)/);
    // Until the page script marks the page loaded, no icon asks for that font (it would hold back
    // the load event VS Code waits for to show the page); the script marks it then.
    assert.match(html, /html:not\(\.qm-loaded\) \.codicon\[class\*='codicon-'\] \{ font-family: inherit;/);
    assert.ok(script.includes('qm-loaded'), 'the page script marks the page loaded');
    // All of it ASCII (the strings' ellipses and dashes escaped), so V8 keeps it one byte a character.
    assert.doesNotMatch(html, /[\u0080-\uffff]/, 'the page is ASCII');
  });

  it('carries the scores page\'s stylesheets and script inline too, under the same policy', async () => {
    const { scores } = await api();
    const deadline = Date.now() + 10_000;
    const page = async () => {
      scores.show();
      await scores.rendered();
      return scores.webviewPanel!.webview.html.replace(/&#39;/g, "'");
    };
    let html = await page();
    // The assets are read in the background at activation; until then the page links them.
    while (html.includes('<link rel="stylesheet"') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      html = await page();
    }
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const nonce = csp && /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, 'the scores page\'s script needs a nonce');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<link rel="stylesheet"/, 'no stylesheet is fetched');
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="${nonce}">`]);
    const extensionPath = extension().extensionPath;
    const script = readFileSync(`${extensionPath}/dist/webview/scores.js`, 'utf8');
    assert.ok(html.includes(script), 'the script is dist/webview/scores.js as built');
    for (const sheet of ['base.css', 'scores.css']) {
      assert.ok(html.includes(trimStylesheet(readFileSync(`${extensionPath}/media/${sheet}`, 'utf8'))), `${sheet} is in the page`);
    }
    assert.match(html, /html:not\(\.qm-loaded\)/);
    assert.ok(script.includes('qm-loaded'), 'the scores script marks the page loaded');
    assert.doesNotMatch(html, /[\u0080-\uffff]/, 'the scores page is ASCII');
  });
});
