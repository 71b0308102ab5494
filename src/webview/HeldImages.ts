/**
 * VS Code keeps a webview's page hidden until the page's load event, and that event waits for
 * every image the page asked for before it. So the article's images are put into the page
 * without their address while it loads, and given it (the same sanitized value) once it has
 * loaded: the page shows, then its images arrive.
 */
import { sanitizeToFragment } from './sanitize';

/**
 * Where a held image keeps its address: a data attribute, which content can never carry (the
 * sanitizer drops every `data-*`), so only this module sets it. media/quiz.css hides held images.
 */
const HELD_ATTRIBUTE = 'data-qm-src';

/** One page's article images: held while the page loads, given their address once it has. */
export class HeldImages {
  private released = false;

  /**
   * Puts `html`, sanitized, into `element`. Until `release` has run, its images come without
   * their `src`: the sanitizer builds them in an inert document, which loads nothing, and only
   * then are they moved into the page.
   */
  setHtml(element: Element, html: string): void {
    const content = sanitizeToFragment(html);
    if (!this.released) {
      for (const image of content.querySelectorAll('img')) {
        const src = image.getAttribute('src');
        if (src === null) continue;
        image.setAttribute(HELD_ATTRIBUTE, src);
        image.removeAttribute('src');
      }
    }
    element.replaceChildren(content);
  }

  /**
   * Gives every held image under `root` its address; from now on `setHtml` holds none. Resolves
   * once each of them has loaded or failed, so their heights are known.
   */
  release(root: ParentNode): Promise<void> {
    this.released = true;
    const settled: Promise<void>[] = [];
    for (const image of root.querySelectorAll<HTMLImageElement>(`img[${HELD_ATTRIBUTE}]`)) {
      const src = image.getAttribute(HELD_ATTRIBUTE) ?? '';
      image.removeAttribute(HELD_ATTRIBUTE);
      settled.push(
        new Promise<void>((resolve) => {
          image.addEventListener('load', () => resolve(), { once: true });
          image.addEventListener('error', () => resolve(), { once: true });
        }),
      );
      image.setAttribute('src', src);
    }
    return Promise.all(settled).then(() => undefined);
  }
}
