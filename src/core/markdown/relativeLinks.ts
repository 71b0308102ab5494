/**
 * Relative links in an article (`[see](../other/other.md#a-heading)`). The host renders such a
 * link as an in-page target with this prefix, because the page's sanitizer keeps only web, mail
 * and in-page links; a click hands the path back to the host, which opens the module whose
 * article it is (see host/modulePage/moduleLinks.ts). Nothing here needs a DOM or a parser.
 */
export const RELATIVE_LINK_PREFIX = '#quiz-link:';

/**
 * Whether `href` is a plain relative path: no scheme (nothing like `x:` before the first `/`,
 * `?` or `#`), not absolute (`/…`, `\…`, `//host`), not only a fragment, and no control
 * characters or spaces around it.
 */
export function isRelativePath(href: string): boolean {
  if (href.length === 0 || href.startsWith('#') || href.startsWith('/') || href.startsWith('\\')) return false;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(href) || href.trim() !== href) return false;
  return !/^[^/?#]*:/.test(href);
}

/** The path and the (decoded) fragment of a relative link. */
export function splitRelativeLink(href: string): { readonly path: string; readonly fragment?: string } {
  const hash = href.indexOf('#');
  const rawPath = hash < 0 ? href : href.slice(0, hash);
  const rawFragment = hash < 0 ? undefined : href.slice(hash + 1);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const path = decode(rawPath.split('?', 1)[0] ?? '');
  return rawFragment ? { path, fragment: decode(rawFragment) } : { path };
}
