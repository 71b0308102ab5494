/**
 * The webview's one DOMPurify configuration. The host already renders its HTML safe; this is the
 * second pass every piece of host HTML goes through before it reaches the page. Unit tests import
 * the same object, so what they check is what the page does.
 */
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';

/**
 * The elements the host's Markdown renderer writes, and no other: GFM (with task-list check boxes),
 * code blocks (highlighted code is `span`s), alerts (`div`, codicon `span`s), footnotes (`sup`,
 * `section`), and the MathML of formulas. Not allowed, even inside `<math>`: `semantics`,
 * `annotation(-xml)`, `maction`, `mglyph`, `malignmark` (namespace-confusion vectors) and SVG.
 */
export const ALLOWED_HTML_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'em', 'strong', 'del', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
  'span', 'div', 'sup', 'section',
] as const;

export const ALLOWED_MATHML_TAGS = [
  'math', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msup', 'msub', 'msubsup', 'mfrac',
  'msqrt', 'mroot', 'munder', 'mover', 'munderover', 'mmultiscripts', 'mprescripts', 'none',
  'mtable', 'mtr', 'mtd', 'mpadded', 'mphantom', 'menclose', 'mstyle', 'merror',
] as const;

/** Attributes of those elements; no URL-bearing attribute but `href` (links) and `src` (images). */
const ALLOWED_ATTRIBUTES = [
  'href', 'title', 'src', 'alt', 'id', 'class', 'type', 'checked', 'disabled', 'align', 'start',
  'role', 'aria-label', 'aria-hidden',
  // MathML presentation attributes temml writes.
  'display', 'mathvariant', 'stretchy', 'fence', 'separator', 'lspace', 'rspace', 'movablelimits',
  'accent', 'accentunder', 'largeop', 'symmetric', 'minsize', 'maxsize', 'form', 'width', 'height',
  'depth', 'voffset', 'linethickness', 'columnalign', 'rowalign', 'columnspacing', 'rowspacing',
  'columnlines', 'rowlines', 'frame', 'framespacing', 'displaystyle', 'scriptlevel', 'notation',
] as const;

export const PURIFY_CONFIG: Readonly<Config> = Object.freeze({
  ALLOWED_TAGS: [...ALLOWED_HTML_TAGS, ...ALLOWED_MATHML_TAGS],
  ALLOWED_ATTR: [...ALLOWED_ATTRIBUTES],
  /** Links may go to the web, to a mail address or within the page; nothing else. */
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style'],
  /**
   * Attributes whose values are not URLs, so the URL rule above must not drop them: a task
   * list's check box type, a table column's alignment, an ordered list's first number.
   */
  ADD_URI_SAFE_ATTR: ['type', 'align', 'start', ...ALLOWED_ATTRIBUTES.filter((name) => name !== 'href' && name !== 'src')],
  /** The webview's own `data-*` attributes (choice keys, digits) must not be forged by content. */
  ALLOW_DATA_ATTR: false,
});

/** Ids content may give its elements: heading anchors and footnotes, namespaces the page never uses. */
const CONTENT_ID = /^(?:section|footnote)-/;

/**
 * What the configuration cannot say: an `id` outside the content namespaces is dropped, so no
 * content can take an id of the page (`app`, `quiz`, …). Tests install the same hook.
 */
export function installHooks(instance: DOMPurify): DOMPurify {
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'id' && !CONTENT_ID.test(data.attrValue)) data.keepAttr = false;
  });
  return instance;
}

let purifier: DOMPurify | undefined;
let purifierWindow: WindowLike | undefined;

/** The configuration as the page uses it: parsed once (`setConfig`), giving a fragment. */
const FRAGMENT_CONFIG: Readonly<Config> = Object.freeze({ ...PURIFY_CONFIG, RETURN_DOM_FRAGMENT: true });

/**
 * The DOMPurify instance for the current `window`, made on first use rather than at import, so
 * this module can be loaded before a (test) window exists. Its configuration is set once: given
 * with each call, DOMPurify would parse it again every time.
 */
function currentPurifier(): DOMPurify {
  const win = window as unknown as WindowLike;
  if (!purifier || purifierWindow !== win) {
    purifier = installHooks(createDOMPurify(win));
    purifier.setConfig(FRAGMENT_CONFIG);
    purifierWindow = win;
  }
  return purifier;
}

/**
 * `html` with everything the configuration forbids taken out, as nodes ready to insert. They
 * belong to the inert document DOMPurify parsed `html` in, so nothing in them (an image) loads
 * before they are put into the page; building them this way spares the page a second parse of
 * the same text.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  return currentPurifier().sanitize(html) as unknown as DocumentFragment;
}
