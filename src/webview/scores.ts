/**
 * The scores page's script (src/host/scores/ScoresPanel.ts builds the page). It tells the host the
 * learner's time zone, asks it to show a section when a "Re-read" link is followed, and fills a
 * module's details when the learner opens them: the first paint holds only the summaries.
 */
import { isToScoresPage, type FromScoresPage, type ToScoresPage } from '../protocol/scoresPage';
import { markPageLoaded } from './pageLoaded';

interface VsCodeApi {
  postMessage(message: FromScoresPage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Wires the page; `send` posts to the host. Returns the handler of the host's messages. */
export function startScoresPage(doc: Document, send: (message: FromScoresPage) => void): (data: unknown) => void {
  // The learner's calendar day is the one of this UI, not of the extension host (often UTC).
  send({ type: 'timeZone', timeZone: new Intl.DateTimeFormat().resolvedOptions().timeZone });

  doc.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const link = typeof target?.closest === 'function' ? target.closest('a[data-reread-module]') : null;
    if (!link) return;
    event.preventDefault();
    const moduleId = link.getAttribute('data-reread-module');
    const section = link.getAttribute('data-reread-section');
    if (moduleId && section) send({ type: 'reread', moduleId, section });
  });

  // `toggle` does not bubble; listen in the capture phase to hear every module's disclosure.
  doc.addEventListener(
    'toggle',
    (event) => {
      const details = event.target as HTMLDetailsElement | null;
      if (details?.tagName !== 'DETAILS' || !details.classList.contains('module-details')) return;
      const moduleId = details.dataset['module'];
      if (!moduleId) return;
      send({ type: 'details', moduleId, open: details.open });
    },
    true,
  );

  // Details opened before this script ran (a quick click while the page loaded) are asked for now.
  for (const details of doc.querySelectorAll<HTMLDetailsElement>('details.module-details[open]:not([data-loaded])')) {
    const moduleId = details.dataset['module'];
    if (moduleId) send({ type: 'details', moduleId, open: true });
  }

  return (data: unknown) => {
    if (!isToScoresPage(data)) return;
    showDetails(doc, data);
  };
}

/** Fills a module's details; the focus stays where it is (on its summary, when opened from it). */
function showDetails(doc: Document, message: ToScoresPage): void {
  const details = [...doc.querySelectorAll<HTMLDetailsElement>('details.module-details')].find((d) => d.dataset['module'] === message.moduleId);
  const body = details?.querySelector('.details-body');
  if (!details || !body) return;
  // The same host-built HTML the page itself is made of (escaped text, the host's safe Markdown),
  // under the same nonce-only policy: no script in it can run.
  body.replaceChildren(...doc.createRange().createContextualFragment(message.html).childNodes);
  details.dataset['loaded'] = '';
  const status = doc.getElementById('scores-status');
  if (status) status.textContent = message.announcement;
}

if (typeof acquireVsCodeApi === 'function') {
  markPageLoaded(document, window);
  const vscode = acquireVsCodeApi();
  const receive = startScoresPage(document, (message) => vscode.postMessage(message));
  window.addEventListener('message', (event: MessageEvent<unknown>) => receive(event.data));
}
