/* global acquireVsCodeApi, Element */
// The scores page's only script: a "Re-read" link asks the extension to show that section of
// the module's article. It sends the two names the link carries; the extension checks both.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
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
