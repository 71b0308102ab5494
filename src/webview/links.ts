import { RELATIVE_LINK_PREFIX } from '../core/markdown/relativeLinks';

/**
 * Every link click in the page is handled here, before the webview host's own handler sees it:
 * a link to a heading of the article scrolls there; a relative link (to another module's article)
 * and any other link is handed to the extension,
 * which decides whether and how to open it (with a confirmation in Restricted Mode). Nothing
 * navigates the page itself.
 */
interface LinkHandlers {
  /** The element the in-page targets must be inside (the article). */
  readonly article: HTMLElement;
  /** Shows the article view before scrolling to a heading in it. */
  readonly showArticle: () => void;
  /** Asks the host to open an outside link. */
  readonly open: (href: string) => void;
}

function anchorOf(event: Event): Element | undefined {
  // No `instanceof`: the classes belong to the page's own window, which tests replace.
  const target = event.target as Partial<Element> | null;
  if (!target || typeof target.closest !== 'function') return undefined;
  return target.closest('a[href]') ?? undefined;
}

export function attachLinks(root: Document, handlers: LinkHandlers): void {
  const handle = (event: MouseEvent) => {
    const anchor = anchorOf(event);
    if (!anchor) return;
    // Stopping here keeps the webview host from opening the link on its own.
    event.preventDefault();
    event.stopPropagation();
    // A middle click opens nothing: the host decides, on a plain click.
    if (event.type === 'auxclick') return;
    const href = anchor.getAttribute('href') ?? '';
    if (href.startsWith(RELATIVE_LINK_PREFIX)) {
      // A link to another file next to the article: the host finds the module it belongs to.
      let path = href.slice(RELATIVE_LINK_PREFIX.length);
      try {
        path = decodeURIComponent(path);
      } catch {
        return;
      }
      handlers.open(path);
      return;
    }
    if (href.startsWith('#')) {
      let id = href.slice(1);
      try {
        id = decodeURIComponent(id);
      } catch {
        // keep the raw fragment
      }
      const heading = root.getElementById(id);
      if (!heading || !handlers.article.contains(heading)) return;
      handlers.showArticle();
      heading.scrollIntoView({ block: 'start' });
      return;
    }
    handlers.open(href);
  };
  root.addEventListener('click', handle);
  root.addEventListener('auxclick', handle);
}
