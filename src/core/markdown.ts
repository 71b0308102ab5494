import { Slugger } from './slug';
import type { Marked, Token, Tokens } from 'marked';
import { marked } from './lazyMarked';

export interface ArticleHeading {
  /** The GitHub-style slug an author writes in a question's `section`: "the-index". */
  readonly id: string;
  /** The element id in the rendered page, namespaced so no article can take the page's own ids. */
  readonly anchor: string;
  readonly text: string;
  readonly depth: number;
}

/** Heading ids in the page are namespaced: `## Article` must not become the page's `#article`. */
export const HEADING_ID_PREFIX = 'section-';

export interface RenderedArticle {
  readonly html: string;
  readonly headings: readonly ArticleHeading[];
}

export interface MarkdownRenderOptions {
  /**
   * Turns a relative image path from the article into a URL the webview may load, or returns
   * undefined to drop the image (for example when it points outside the module's folder).
   */
  readonly resolveImage?: (relativePath: string) => string | undefined;
  /** Whether `https:` images are kept; off in Restricted Mode, where they show as their alt text. */
  readonly remoteImages?: boolean;
}

const SAFE_LINK_SCHEMES = new Set(['http', 'https', 'mailto']);
const SAFE_IMAGE_SCHEMES = new Set(['https']);

/**
 * The scheme of a URL as the browser's URL parser reads it, lower-cased; undefined when relative.
 * The parser drops control characters and spaces before a URL and tabs and newlines anywhere in it
 * ("jav\tascript:" is javascript:), but any other control character inside a scheme makes the URL
 * relative ("h\u001fttp:" is not http:), and such a URL counts as unknown here. NUL is not dropped:
 * the HTML parser turns it into U+FFFD before the URL parser sees it.
 */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/^[\u0001-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact);
  if (match) return match[1]!.toLowerCase();
  // Anything with a colon before the first slash, question mark or hash is not a plain relative path.
  return /^[^/?#]*:/.test(compact) ? 'unknown' : undefined;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Plain text of inline tokens, for heading slugs and image alt text. */
function plainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((token) => {
      if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) return plainText(token.tokens);
      if (token.type === 'html' || token.type === 'image') return '';
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
    })
    .join('');
}

/**
 * Markdown to HTML that is safe by construction: raw HTML is shown as text, links keep only
 * http(s), mailto and in-page targets, images only https or module-relative paths. The webview
 * sanitizes the result once more before inserting it.
 */
export class MarkdownRenderer {
  private readonly slugger = new Slugger();
  private headings: ArticleHeading[] = [];
  private readonly marked: Marked;

  constructor(private readonly options: MarkdownRenderOptions = {}) {
    // The renderer functions need this class's state and the marked parser at once.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.marked = new (marked().Marked)({
      gfm: true,
      breaks: false,
      async: false,
      renderer: {
        html(token: Tokens.HTML | Tokens.Tag): string {
          return escapeHtml(token.text);
        },
        text(token: Tokens.Text | Tokens.Escape): string | false {
          // marked passes the text after an inline <pre>, <code>, <kbd> or <script> tag on as HTML,
          // trusting the raw tag around it ("<kbd><img src=x onerror=…" would come out live). Those
          // tags are shown as text here, so that text is escaped too; other text as marked does.
          if ('escaped' in token && token.escaped && !('tokens' in token && token.tokens)) return escapeHtml(token.text);
          return false;
        },
        heading(token: Tokens.Heading): string {
          const text = plainText(token.tokens);
          const id = self.slugger.slug(text);
          const anchor = HEADING_ID_PREFIX + id;
          self.headings.push({ id, anchor, text, depth: token.depth });
          return `<h${token.depth} id="${escapeHtml(anchor)}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
        },
        link(token: Tokens.Link): string {
          const inner = this.parser.parseInline(token.tokens);
          const href = token.href.trim();
          const scheme = schemeOf(href);
          const inPage = href.startsWith('#');
          if (!inPage && (scheme === undefined || !SAFE_LINK_SCHEMES.has(scheme))) return inner;
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
          // An in-page link names a heading by its plain slug; the page's ids carry the prefix.
          const target = inPage && href.length > 1 ? `#${HEADING_ID_PREFIX}${href.slice(1)}` : href;
          return `<a href="${escapeHtml(target)}"${title}>${inner}</a>`;
        },
        image(token: Tokens.Image): string {
          const alt = escapeHtml(token.text);
          const href = token.href.trim();
          const scheme = schemeOf(href);
          let src: string | undefined;
          if (scheme === undefined) src = self.options.resolveImage?.(href);
          else if (SAFE_IMAGE_SCHEMES.has(scheme) && self.options.remoteImages !== false) src = href;
          if (!src) return alt;
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
          return `<img src="${escapeHtml(src)}" alt="${alt}"${title}>`;
        },
      },
    });
  }

  /** Renders a whole article and lists its headings with their GitHub-style ids. */
  renderArticle(markdown: string): RenderedArticle {
    this.slugger.reset();
    this.headings = [];
    const html = this.parseBlock(markdown);
    if (html === undefined) return { html: unrenderedBlock(markdown), headings: [] };
    return { html, headings: this.headings };
  }

  /** Renders block Markdown (an explanation, a prompt) whose headings need no ids. */
  renderBlock(markdown: string): string {
    this.slugger.reset();
    this.headings = [];
    return this.parseBlock(markdown) ?? unrenderedBlock(markdown);
  }

  /** Renders Markdown meant for one line (a choice), without a wrapping paragraph. */
  renderInline(markdown: string): string {
    try {
      return this.marked.parseInline(markdown, { async: false });
    } catch (error) {
      if (error instanceof RangeError) return escapeHtml(markdown);
      throw error;
    }
  }

  /** The block HTML, or undefined when marked's recursion overflowed on deep nesting. */
  private parseBlock(markdown: string): string | undefined {
    try {
      return this.marked.parse(markdown, { async: false });
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }
}

/**
 * What is shown for Markdown that marked cannot render: it recurses once per level of quotes,
 * lists and emphasis, and a few thousand levels (some 10 KB of `>` or `*`) overflow the stack. The
 * author's text is shown as it is, escaped, rather than the render throwing.
 */
function unrenderedBlock(markdown: string): string {
  return `<pre>${escapeHtml(markdown)}</pre>\n`;
}

/**
 * An article's headings without rendering it: the lexer alone, which is most of the way to the
 * HTML but skips building it. Same ids as `renderArticle`.
 */
export function articleHeadings(markdown: string): ArticleHeading[] {
  const slugger = new Slugger();
  const headings: ArticleHeading[] = [];
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'heading') {
        const heading = token as Tokens.Heading;
        const text = plainText(heading.tokens);
        const id = slugger.slug(text);
        headings.push({ id, anchor: HEADING_ID_PREFIX + id, text, depth: heading.depth });
      } else if (token.type === 'list') {
        for (const item of (token as Tokens.List).items) visit(item.tokens);
      } else if (token.type === 'blockquote') {
        visit((token as Tokens.Blockquote).tokens);
      }
    }
  };
  visit(new (marked().Marked)({ gfm: true, breaks: false }).lexer(markdown));
  return headings;
}

/** The GitHub-style ids of an article's headings, for checking question sections. */
export function headingIds(markdown: string): Set<string> {
  return new Set(articleHeadings(markdown).map((h) => h.id));
}
