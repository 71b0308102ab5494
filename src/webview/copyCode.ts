/**
 * A "Copy" button on each code block of the article. The button is made here, after the article's
 * HTML is sanitized (content may not bring buttons of its own), and copies the block's text with
 * the Clipboard API; the result is announced through the page's live region.
 */
import { el, icon } from './dom';

interface CopyCodeOptions {
  readonly label: string;
  readonly copied: string;
  readonly failed: string;
  readonly announce: (message: string) => void;
  /** Writes text to the clipboard; `navigator.clipboard.writeText` in the page. */
  readonly write: (text: string) => Promise<void>;
}

export function addCopyButtons(root: HTMLElement, options: CopyCodeOptions): void {
  for (const pre of root.querySelectorAll('pre.code-block')) {
    if (pre.parentElement?.classList.contains('code-frame')) continue;
    const code = pre.querySelector('code') ?? pre;
    const copy = el('button', { className: 'copy-code', attrs: { type: 'button', 'aria-label': options.label, title: options.label } }, icon('copy'));
    copy.addEventListener('click', () => {
      const text = (code.textContent ?? '').replace(/\n$/, '');
      Promise.resolve()
        .then(() => options.write(text))
        .then(
        () => {
          copy.replaceChildren(icon('check'));
          options.announce(options.copied);
          window.setTimeout(() => copy.replaceChildren(icon('copy')), 2000);
        },
        () => options.announce(options.failed),
      );
    });
    // After the block in the page's order: Tab reaches the code (which scrolls) and then its button.
    const frame = el('div', { className: 'code-frame' });
    pre.replaceWith(frame);
    frame.append(pre, copy);
  }
}
