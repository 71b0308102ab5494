import type { Marked } from 'marked';
import { marked } from './lazyMarked';
import { findFormulas, mathExtensions, type RenderExtras } from './markdownExtras';

// The formulas of a text that the math renderer refuses: what the module check reports.

/** The lexer formulas are found with: math only, so code spans and fences stay code. */
let formulaLexerInstance: Marked | undefined;
const formulaLexer = (): Marked => (formulaLexerInstance ??= new (marked().Marked)({ gfm: true, breaks: false, extensions: mathExtensions() }));

interface FormulaError {
  readonly tex: string;
  readonly message: string;
  /** Offset of the formula's TeX in the Markdown. */
  readonly offset: number;
}

/**
 * The formulas of a Markdown text that fail to parse. Text without a `$` (or a ```math fence) is
 * not lexed at all, and the math renderer is asked for only when there is a formula.
 */
export function formulaErrors(markdown: string, extras: () => RenderExtras): FormulaError[] {
  if (!markdown.includes('$') && !/```\s*math/i.test(markdown)) return [];
  let formulas;
  try {
    formulas = findFormulas(markdown, (text) => formulaLexer().lexer(text));
  } catch {
    return [];
  }
  // ```math fences are display formulas too.
  for (const match of markdown.matchAll(/^ {0,3}```[ \t]*math[ \t]*\n([\s\S]*?)\n {0,3}```/gim)) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional, so it is set whenever the pattern matched
    formulas.push({ tex: match[1]!, display: true, offset: match.index + match[0].indexOf(match[1]!) });
  }
  const errors: FormulaError[] = [];
  for (const formula of formulas) {
    const result = extras().math(formula.tex, formula.display);
    if ('error' in result) errors.push({ tex: formula.tex, message: result.error, offset: formula.offset });
  }
  return errors;
}
