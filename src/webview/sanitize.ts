/**
 * The webview's one DOMPurify configuration. The host already renders its HTML safe; this is the
 * second pass every piece of host HTML goes through before it reaches the page. Unit tests import
 * the same object, so what they check is what the page does.
 */
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';

export const PURIFY_CONFIG: Readonly<Config> = Object.freeze({
  /** Links may go to the web, to a mail address or within the page; nothing else. */
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style'],
  /**
   * Attributes whose values are not URLs, so the URL rule above must not drop them: a task
   * list's check box type, a table column's alignment, an ordered list's first number.
   */
  ADD_URI_SAFE_ATTR: ['type', 'align', 'start'],
  /** The webview's own `data-*` attributes (choice keys, digits) must not be forged by content. */
  ALLOW_DATA_ATTR: false,
});

let purifier: DOMPurify | undefined;
let purifierWindow: WindowLike | undefined;

/**
 * The DOMPurify instance for the current `window`, made on first use rather than at import, so
 * this module can be loaded before a (test) window exists.
 */
function currentPurifier(): DOMPurify {
  const win = window as unknown as WindowLike;
  if (!purifier || purifierWindow !== win) {
    purifier = createDOMPurify(win);
    purifierWindow = win;
  }
  return purifier;
}

/** `html` with everything the configuration forbids taken out. */
export function sanitizeHtml(html: string): string {
  return currentPurifier().sanitize(html, PURIFY_CONFIG);
}
