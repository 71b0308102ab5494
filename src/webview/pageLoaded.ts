/**
 * Marks the page loaded (`qm-loaded` on its root) at its load event, or a second after the script
 * runs should something slow hold that event. Until then the page asks for no icon font
 * (host/webview/webviewHtml.ts, ICONS_AFTER_LOAD): VS Code shows a webview only once it has loaded,
 * and the font would be one more request to wait for.
 */
export function markPageLoaded(doc: Document, win: Pick<Window, 'addEventListener' | 'setTimeout'>): void {
  const mark = () => doc.documentElement.classList.add('qm-loaded');
  if (doc.readyState === 'complete') mark();
  else {
    win.addEventListener('load', mark, { once: true });
    win.setTimeout(mark, 1000);
  }
}
