/**
 * The Markdown features beyond GFM, as marked extensions: math (`$…$`, `$$…$$`), GitHub-style
 * alerts (`> [!NOTE]`) and footnotes (`[^1]`). These are light; the heavy work (highlighting,
 * TeX to MathML) is behind the `RenderExtras` interface, loaded only when a document needs it.
 */
import type { Token, TokenizerAndRendererExtension, Tokens } from 'marked';

export type MathResult = { readonly html: string } | { readonly error: string; readonly position?: number };

/** What the heavy module (`core/markdown/renderExtras`) offers; see host/markdown/renderExtrasLoader. */
export interface RenderExtras {
  /** The highlighter's name for a fence's language, or undefined for a language it does not know. */
  languageOf(fence: string): string | undefined;
  /** Highlighted HTML (escaped text in `<span class="hljs-…">`), or undefined when it fails. */
  highlight(code: string, language: string): string | undefined;
  /** TeX to MathML, or why the formula could not be read. */
  math(tex: string, display: boolean): MathResult;
}

export type AlertKind = 'note' | 'tip' | 'important' | 'warning' | 'caution';

/** The codicon shown before each kind of alert's title. */
export const ALERT_ICONS: Readonly<Record<AlertKind, string>> = {
  note: 'info',
  tip: 'lightbulb',
  important: 'report',
  warning: 'warning',
  caution: 'stop-circle',
};

export const ALERT_MARKER = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/i;

/** A formula token: the TeX between the dollars, and whether it is a display formula. */
export interface MathToken extends Tokens.Generic {
  readonly type: 'math';
  readonly raw: string;
  readonly text: string;
  readonly display: boolean;
}

/**
 * Inline math follows the rules of VS Code's own preview: `$` must not be followed by a space and
 * the closing `$` must not follow a space or come before a digit, so "$5 and $10" stays text.
 * `$$…$$` inside a line is a display formula.
 */
const INLINE_DISPLAY = /^\$\$((?:\\[\s\S]|[^\\$])+?)\$\$/;
const INLINE_MATH = /^\$(?![\s$])((?:\\[\s\S]|[^\\$\n])*?[^\\\s$])\$(?!\d)|^\$([^\s$\\])\$(?!\d)/;
/** A display formula on its own lines: `$$`, the TeX, `$$`. */
const BLOCK_MATH = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/;

/** Where an inline extension may start: the first `marker` in the text marked asks about. */
function firstIndexOf(marker: string): (src: string) => number | undefined {
  return (src) => {
    const at = src.indexOf(marker);
    return at < 0 ? undefined : at;
  };
}

/**
 * The text up to the next blank line. marked asks a block extension where it might start only to
 * end a paragraph early, and a paragraph ends at a blank line anyway; searching the whole rest of
 * the document for every paragraph made a 1 MB article five times slower to render.
 */
function withinParagraph(src: string): string {
  const end = src.indexOf('\n\n');
  return end < 0 ? src : src.slice(0, end + 1);
}

export function mathExtensions(): TokenizerAndRendererExtension[] {
  return [
    {
      name: 'math',
      level: 'block',
      start(src: string) {
        // marked asks with the text after the current position: only a line start may begin a block.
        const at = withinParagraph(src).search(/\n {0,3}\$\$/);
        return at < 0 ? undefined : at + 1;
      },
      tokenizer(src: string): MathToken | undefined {
        const match = BLOCK_MATH.exec(src);
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        if (!match || match[1]!.trim() === '') return undefined;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        return { type: 'math', raw: match[0], text: match[1]!.trim(), display: true };
      },
    },
    {
      name: 'math',
      level: 'inline',
      start: firstIndexOf('$'),
      tokenizer(src: string): MathToken | undefined {
        const display = INLINE_DISPLAY.exec(src);
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        if (display && display[1]!.trim() !== '') return { type: 'math', raw: display[0], text: display[1]!.trim(), display: true };
        const inline = INLINE_MATH.exec(src);
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one of the two alternatives matched, and each has its group
        if (inline) return { type: 'math', raw: inline[0], text: inline[1] ?? inline[2]!, display: false };
        return undefined;
      },
    },
  ];
}

export interface FootnoteDefinitionToken extends Tokens.Generic {
  readonly type: 'footnoteDefinition';
  readonly raw: string;
  readonly label: string;
  readonly tokens: Token[];
}

export interface FootnoteReferenceToken extends Tokens.Generic {
  readonly type: 'footnoteReference';
  readonly raw: string;
  readonly label: string;
}

/** `[^label]: text`, with indented lines that follow as its continuation. */
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^([^\]\s^]{1,64})\]:[ \t]*((?:[^\n]*)(?:\n(?:[ \t]*\n)*(?: {4}|\t)[^\n]*)*)(?:\n+|$)/;
const FOOTNOTE_REFERENCE = /^\[\^([^\]\s^]{1,64})\]/;

/** Footnote labels are matched as GitHub does: without regard to case. */
export function footnoteKey(label: string): string {
  return label.toLowerCase();
}

export function footnoteExtensions(define: (label: string) => void): TokenizerAndRendererExtension[] {
  return [
    {
      name: 'footnoteDefinition',
      level: 'block',
      start(src: string) {
        const at = withinParagraph(src).search(/\n {0,3}\[\^[^\]\s^]{1,64}\]:/);
        return at < 0 ? undefined : at + 1;
      },
      tokenizer(src: string): FootnoteDefinitionToken | undefined {
        const match = FOOTNOTE_DEFINITION.exec(src);
        if (!match) return undefined;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        const body = match[2]!.replace(/\n(?: {4}|\t)/g, '\n');
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        define(match[1]!);
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        return { type: 'footnoteDefinition', raw: match[0], label: match[1]!, tokens: this.lexer.blockTokens(body, []) };
      },
    },
    {
      name: 'footnoteReference',
      level: 'inline',
      start: firstIndexOf('[^'),
      tokenizer(src: string): FootnoteReferenceToken | undefined {
        const match = FOOTNOTE_REFERENCE.exec(src);
        if (!match) return undefined;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
        return { type: 'footnoteReference', raw: match[0], label: match[1]! };
      },
    },
  ];
}

/** An id-safe form of a footnote label: letters, digits and dashes only. */
export function footnoteSlug(label: string): string {
  return (
    footnoteKey(label)
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'note'
  );
}

/** Every formula of a Markdown text, with its offset in the text, found by the lexer (code spans and fences are not math). */
export function findFormulas(markdown: string, lex: (markdown: string) => Token[]): { tex: string; display: boolean; offset: number }[] {
  const found: { tex: string; display: boolean; offset: number }[] = [];
  let cursor = 0;
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'math') {
        const math = token as MathToken;
        const at = markdown.indexOf(math.raw, cursor);
        const offset = at < 0 ? cursor : at;
        // Offset of the TeX itself, after the opening dollars.
        const inner = markdown.indexOf(math.text, offset);
        found.push({ tex: math.text, display: math.display, offset: inner < 0 ? offset : inner });
        if (at >= 0) cursor = at + math.raw.length;
        continue;
      }
      const children: Token[][] = [];
      if ('tokens' in token && Array.isArray(token.tokens)) children.push(token.tokens);
      if (token.type === 'list') for (const item of (token as Tokens.List).items) children.push(item.tokens);
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of table.header) children.push(cell.tokens);
        for (const row of table.rows) for (const cell of row) children.push(cell.tokens);
      }
      for (const child of children) visit(child);
    }
  };
  visit(lex(markdown));
  return found;
}
