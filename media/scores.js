/* global acquireVsCodeApi, Element */
// The scores page's only script: it tells the extension the page's time zone, and a "Re-read"
// link asks the extension to show that section of the module's article. It sends the two names
// the link carries; the extension checks both.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  // The learner's calendar day is the one of this UI, not of the extension host (often UTC).
  vscode.postMessage({ type: 'timeZone', timeZone: new Intl.DateTimeFormat().resolvedOptions().timeZone });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a[data-reread-module]') : null;
    if (!target) return;
    event.preventDefault();
    vscode.postMessage({
      type: 'reread',
      moduleId: target.getAttribute('data-reread-module'),
      section: target.getAttribute('data-reread-section'),
    });
  });
})();
