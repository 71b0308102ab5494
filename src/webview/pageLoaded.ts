/**
 * Marks the page loaded (`qm-loaded` on its root) at its load event, or a second after the script
 * runs should something slow hold that event, then runs `then` once. Until then the page asks for
 * no icon font (host/webview/webviewHtml.ts, ICONS_AFTER_LOAD) and no article image
 * (HeldImages.ts): VS Code shows a webview only once it has loaded, and each would be one more
 * request to wait for.
 */
export function markPageLoaded(doc: Document, win: Pick<Window, 'addEventListener' | 'setTimeout'>, then?: () => void): void {
  let loaded = false;
  const mark = () => {
    if (loaded) return;
    loaded = true;
    doc.documentElement.classList.add('qm-loaded');
    then?.();
  };
  if (doc.readyState === 'complete') mark();
  else {
    win.addEventListener('load', mark, { once: true });
    win.setTimeout(mark, 1000);
  }
}
