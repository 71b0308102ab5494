import GithubSlugger from 'github-slugger';
import type { Marked, RendererThis, Token, Tokens } from 'marked';
import { marked } from './lazyMarked';
import {
  ALERT_ICONS,
  ALERT_MARKER,
  footnoteExtensions,
  footnoteKey,
  footnoteSlug,
  mathExtensions,
  type AlertKind,
  type FootnoteDefinitionToken,
  type FootnoteReferenceToken,
  type MathToken,
  type RenderExtras,
} from './markdownExtras';
import { isRelativePath, RELATIVE_LINK_PREFIX } from './relativeLinks';

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

interface RenderedArticle {
  readonly html: string;
  readonly headings: readonly ArticleHeading[];
}

interface MarkdownRenderOptions {
  /**
   * Turns a relative image path from the article into a URL the webview may load, or returns
   * undefined to drop the image (for example when it points outside the module's folder).
   */
  readonly resolveImage?: (relativePath: string) => string | undefined;
  /** Whether `https:` images are kept; off in Restricted Mode, where they show as their alt text. */
  readonly remoteImages?: boolean;
  /**
   * The highlighter and math renderer, asked for only when a document has a fenced code block
   * with a language or a formula. Without it code is plain text and formulas show as their source.
   */
  readonly extras?: () => RenderExtras;
  /** Whether `$…$` and `$$…$$` are formulas (the `quizModules.markdown.math` setting); on by default. */
  readonly math?: boolean;
  /** Called for each formula that fails to parse (it is shown as its source). */
  readonly onMathError?: (tex: string, message: string) => void;
  /** Translated words the renderer writes itself (alert titles, footnote labels). */
  readonly strings?: Partial<MarkdownStrings>;
  /**
   * Whether a relative link (`../other/other.md#heading`) stays a link, as an in-page target
   * with {@link RELATIVE_LINK_PREFIX} that the host resolves on click; shown as its text otherwise.
   */
  readonly relativeLinks?: boolean;
}

export interface MarkdownStrings {
  readonly note: string;
  readonly tip: string;
  readonly important: string;
  readonly warning: string;
  readonly caution: string;
  readonly footnotes: string;
  readonly backToReference: string;
  readonly formulaError: string;
}

const MARKDOWN_STRINGS: MarkdownStrings = {
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  footnotes: 'Footnotes',
  backToReference: 'Back to reference {0}',
  formulaError: 'This formula could not be read: {0}',
};

function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => (args[Number(n)] !== undefined ? String(args[Number(n)]) : whole));
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
  // eslint-disable-next-line no-control-regex -- control characters are what this drops
  const compact = url.replace(/^[\u0001-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
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
  /** The headings of the document being rendered, by token, from `slugHeadings`. */
  private headings = new Map<Token, ArticleHeading>();
  private readonly marked: Marked;
  private readonly strings: MarkdownStrings;
  /** Blockquotes being rendered around the current token: alerts are top-level quotes only. */
  private quoteDepth = 0;
  /** Footnotes defined in the document being rendered, by key, with their order of first reference. */
  private footnoteLabels = new Set<string>();
  private footnoteOrder = new Map<string, number>();
  private footnoteReferences = new Map<string, number>();
  private footnoteBodies = new Map<string, string>();

  constructor(private readonly options: MarkdownRenderOptions = {}) {
    this.strings = { ...MARKDOWN_STRINGS, ...options.strings };
    // The renderer functions need this class's state and the marked parser at once.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the renderer functions get marked's `this`, so the class is reached by name
    const self = this;
    this.marked = new (marked().Marked)({
      extensions: [
        ...(options.math === false ? [] : mathExtensions()).map((extension) => ({
          ...extension,
          renderer: (token: Tokens.Generic) => self.renderMath(token as MathToken),
        })),
        ...footnoteExtensions((label) => self.footnoteLabels.add(footnoteKey(label))).map((extension) => ({
          ...extension,
          renderer(this: RendererThis, token: Tokens.Generic): string {
            if (token.type === 'footnoteReference') return self.renderFootnoteReference(token as FootnoteReferenceToken);
            const definition = token as FootnoteDefinitionToken;
            const key = footnoteKey(definition.label);
            // The first definition of a label wins, as on GitHub; it is shown at the end.
            if (!self.footnoteBodies.has(key)) self.footnoteBodies.set(key, this.parser.parse(definition.tokens));
            return '';
          },
        })),
      ],
      gfm: true,
      breaks: false,
      async: false,
      hooks: {
        // Ids are given to the whole token tree before anything renders, by the pass that
        // `articleHeadings` uses too, so the page and the checks name each heading alike.
        processAllTokens(tokens) {
          self.headings = slugHeadings(tokens);
          return tokens;
        },
      },
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
          // A heading inside a footnote has no id: it is not a section of the article.
          const heading = self.headings.get(token);
          const id = heading ? ` id="${escapeHtml(heading.anchor)}"` : '';
          return `<h${token.depth}${id}>${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
        },
        link(token: Tokens.Link): string {
          const inner = this.parser.parseInline(token.tokens);
          const href = token.href.trim();
          const scheme = schemeOf(href);
          const inPage = href.startsWith('#');
          if (scheme === undefined && !inPage && self.options.relativeLinks && isRelativePath(href)) {
            const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
            return `<a href="${escapeHtml(RELATIVE_LINK_PREFIX + encodeURIComponent(href))}"${title}>${inner}</a>`;
          }
          if (!inPage && (scheme === undefined || !SAFE_LINK_SCHEMES.has(scheme))) return inner;
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
          // An in-page link names a heading by its plain slug; the page's ids carry the prefix.
          const target = inPage && href.length > 1 ? `#${HEADING_ID_PREFIX}${href.slice(1)}` : href;
          return `<a href="${escapeHtml(target)}"${title}>${inner}</a>`;
        },
        code(token: Tokens.Code): string {
          return self.renderCode(token);
        },
        blockquote(token: Tokens.Blockquote): string {
          self.quoteDepth++;
          try {
            return self.renderQuote(token, this.parser.parse(token.tokens));
          } finally {
            self.quoteDepth--;
          }
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

  /** A fenced code block: highlighted when its language is one the highlighter knows, plain text otherwise. */
  private renderCode(token: Tokens.Code): string {
    const fence = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
    const code = token.text.replace(/\n$/, '');
    if (fence.toLowerCase() === 'math' && this.options.math !== false) {
      return `<div class="math-block">${this.renderMath({ type: 'math', raw: token.raw, text: code, display: true })}</div>\n`;
    }
    const extras = this.options.extras;
    const language = fence && extras ? extras().languageOf(fence) : undefined;
    const highlighted = language && extras ? extras().highlight(code, language) : undefined;
    if (language && highlighted !== undefined) {
      return `<pre class="code-block"><code class="hljs language-${escapeHtml(language)}">${highlighted}\n</code></pre>\n`;
    }
    return `<pre class="code-block"><code>${escapeHtml(code)}\n</code></pre>\n`;
  }

  /** A formula as MathML, or its source in a `<code>` when it cannot be read or no renderer is loaded. */
  private renderMath(token: MathToken): string {
    const source = () => `<code class="math-source" title="${escapeHtml(format(this.strings.formulaError, ''))}">${escapeHtml(token.raw.trim())}</code>`;
    if (!this.options.extras) return source();
    const result = this.options.extras().math(token.text, token.display);
    if ('html' in result) return token.display && token.raw.startsWith('$$') && /\n$/.test(token.raw) ? `<div class="math-block">${result.html}</div>\n` : result.html;
    this.options.onMathError?.(token.text, result.error);
    return `<code class="math-source" title="${escapeHtml(format(this.strings.formulaError, result.error))}">${escapeHtml(token.raw.trim())}</code>`;
  }

  /** A top-level quote that starts with `[!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION) is an alert. */
  private renderQuote(token: Tokens.Blockquote, inner: string): string {
    const first = token.tokens[0];
    const marker = this.quoteDepth === 1 && first?.type === 'paragraph' ? ALERT_MARKER.exec((first as Tokens.Paragraph).text) : null;
    if (!marker) return `<blockquote>\n${inner}</blockquote>\n`;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
    const kind = marker[1]!.toLowerCase() as AlertKind;
    // The marker is the start of the first paragraph's HTML; it holds no character marked changes.
    const body = inner.replace(/^<p>\[![a-zA-Z]+\][ \t]*(?:\n|<br>\n?)?/, '<p>').replace(/^<p><\/p>\n?/, '');
    const title = escapeHtml(this.strings[kind]);
    return (
      `<div class="markdown-alert markdown-alert-${kind}" role="note" aria-label="${title}">\n` +
      `<p class="markdown-alert-title"><span class="codicon codicon-${ALERT_ICONS[kind]}" aria-hidden="true"></span>${title}</p>\n${body}</div>\n`
    );
  }

  /** `[^label]`: a numbered link to its footnote, or the text as written when no footnote has that label. */
  private renderFootnoteReference(token: FootnoteReferenceToken): string {
    const key = footnoteKey(token.label);
    if (!this.footnoteLabels.has(key)) return escapeHtml(token.raw);
    let number = this.footnoteOrder.get(key);
    if (number === undefined) {
      number = this.footnoteOrder.size + 1;
      this.footnoteOrder.set(key, number);
    }
    const count = (this.footnoteReferences.get(key) ?? 0) + 1;
    this.footnoteReferences.set(key, count);
    const slug = `${footnoteSlug(token.label)}-${number}`;
    const refId = `footnote-ref-${slug}${count > 1 ? `-${count}` : ''}`;
    return `<sup class="footnote-ref"><a href="#footnote-${slug}" id="${refId}">${number}</a></sup>`;
  }

  /** The footnotes that were referred to, in order of first reference, after the document. */
  private footnoteSection(): string {
    if (this.footnoteOrder.size === 0) return '';
    const items = [...this.footnoteOrder].map(([key, number]) => {
      const slug = `${footnoteSlug(key)}-${number}`;
      const body = (this.footnoteBodies.get(key) ?? '').trimEnd();
      const back = `<a href="#footnote-ref-${slug}" class="footnote-back" aria-label="${escapeHtml(format(this.strings.backToReference, number))}">\u21a9</a>`;
      // The back link goes inside the last paragraph, as on GitHub.
      const withBack = body.endsWith('</p>') ? `${body.slice(0, -4)} ${back}</p>` : `${body} ${back}`;
      return `<li id="footnote-${slug}">\n${withBack}\n</li>`;
    });
    return `<section class="footnotes" aria-label="${escapeHtml(this.strings.footnotes)}">\n<ol>\n${items.join('\n')}\n</ol>\n</section>\n`;
  }

  private resetDocument(): void {
    this.headings = new Map();
    this.quoteDepth = 0;
    this.footnoteLabels = new Set();
    this.footnoteOrder = new Map();
    this.footnoteReferences = new Map();
    this.footnoteBodies = new Map();
  }

  /** Renders a whole article and lists its headings with their GitHub-style ids. */
  renderArticle(markdown: string): RenderedArticle {
    this.resetDocument();
    const html = this.parseBlock(markdown);
    if (html === undefined) return { html: unrenderedBlock(markdown), headings: [] };
    return { html, headings: [...this.headings.values()] };
  }

  /** Renders block Markdown (an explanation, a prompt) whose headings need no ids. */
  renderBlock(markdown: string): string {
    this.resetDocument();
    return this.parseBlock(markdown) ?? unrenderedBlock(markdown);
  }

  /** Renders Markdown meant for one line (a choice), without a wrapping paragraph. */
  renderInline(markdown: string): string {
    this.resetDocument();
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
      const html = this.marked.parse(markdown, { async: false });
      return html + this.footnoteSection();
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

/** The lexer the headings are read with: the renderer's extensions, so a heading's text is the same in both. */
/** Made at first use, so that loading this file does not load marked (see lazyMarked). */
let headingLexerInstance: Marked | undefined;
const headingLexer = (): Marked =>
  (headingLexerInstance ??= new (marked().Marked)({ gfm: true, breaks: false, extensions: [...mathExtensions(), ...footnoteExtensions(() => undefined)] }));

/**
 * The one slugging pass: every heading of a document that is a section of it (at the top level,
 * in lists and in quotes, in document order) with its GitHub-style id, unique in the document.
 * Headings inside footnotes get none: a footnote is shown at the end of the page, and only when
 * referred to, so a heading there is no place to send a learner back to.
 */
function slugHeadings(tokens: readonly Token[]): Map<Token, ArticleHeading> {
  const slugger = new GithubSlugger();
  const headings = new Map<Token, ArticleHeading>();
  const visit = (list: readonly Token[]) => {
    for (const token of list) {
      if (token.type === 'heading') {
        const heading = token as Tokens.Heading;
        const text = plainText(heading.tokens);
        const id = slugger.slug(text);
        headings.set(token, { id, anchor: HEADING_ID_PREFIX + id, text, depth: heading.depth });
      } else if (token.type === 'list') {
        for (const item of (token as Tokens.List).items) visit(item.tokens);
      } else if (token.type === 'blockquote') {
        visit((token as Tokens.Blockquote).tokens);
      }
    }
  };
  visit(tokens);
  return headings;
}

/**
 * An article's headings without rendering it: the lexer alone, which is most of the way to the
 * HTML but skips building it. The same pass as `renderArticle`, so the same ids.
 */
export function articleHeadings(markdown: string): ArticleHeading[] {
  return [...slugHeadings(headingLexer().lexer(markdown)).values()];
}
