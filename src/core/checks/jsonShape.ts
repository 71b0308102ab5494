import { MAX_JSON_TOKENS, MAX_NESTING_DEPTH } from '../module/limits';

// The module file read as a flat run of characters, without parsing it: how deep it nests and how
// many tokens it holds (before the parser may recurse into it), and how many keys it writes.

/** Where a JSON text breaks a limit the parser must not meet, found without parsing it. */
interface ShapeProblem {
  readonly kind: 'depth' | 'tokens';
  /** Offset of the opening bracket that is one level too deep, or of the token one too many. */
  readonly offset: number;
}

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Asterisk = 42,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  OpenBrace = 123,
  CloseBrace = 125,
  Plus = 43,
}

function isDigit(code: number): boolean {
  return code >= Char.Zero && code <= Char.Nine;
}

/** Characters of a bare word (a literal or junk), as the jsonc-parser scanner reads one. */
function isWordCharacter(code: number): boolean {
  switch (code) {
    case Char.Space:
    case Char.Tab:
    case Char.LineFeed:
    case Char.CarriageReturn:
    case Char.OpenBrace:
    case Char.CloseBrace:
    case Char.OpenBracket:
    case Char.CloseBracket:
    case Char.DoubleQuote:
    case Char.Colon:
    case Char.Comma:
    case Char.Slash:
      return false;
    default:
      return true;
  }
}

/**
 * One flat pass over a JSON text, tokenizing it exactly as jsonc-parser's scanner does (strings
 * end at a quote or a line break, `\` escapes the next character, comments are skipped), to
 * find the first place it nests deeper than `maxDepth` or holds more than `maxTokens` tokens.
 *
 * The depth is counted on a stack of open brackets where a closing bracket pops only the
 * bracket it matches. The parser's error recovery never leaves a level on a closing bracket
 * that does not match it (it skips such tokens), so this depth is never below the depth the
 * parser recurses to, even in broken text such as `[}, [}, [}…`.
 */
export function scanJsonShape(text: string, maxDepth = MAX_NESTING_DEPTH, maxTokens: number = MAX_JSON_TOKENS): ShapeProblem | undefined {
  const open: number[] = [];
  const length = text.length;
  let tokens = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn) {
      i++;
      continue;
    }
    if (code === Char.Slash) {
      const next = text.charCodeAt(i + 1);
      if (next === Char.Slash) {
        i += 2;
        while (i < length && text.charCodeAt(i) !== Char.LineFeed && text.charCodeAt(i) !== Char.CarriageReturn) i++;
        continue;
      }
      if (next === Char.Asterisk) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? length : end + 2;
        continue;
      }
    }
    // Everything else is a token.
    if (++tokens > maxTokens) return { kind: 'tokens', offset: i };
    switch (code) {
      case Char.OpenBracket:
      case Char.OpenBrace:
        open.push(code);
        if (open.length > maxDepth) return { kind: 'depth', offset: i };
        i++;
        break;
      case Char.CloseBracket:
        if (open[open.length - 1] === Char.OpenBracket) open.pop();
        i++;
        break;
      case Char.CloseBrace:
        if (open[open.length - 1] === Char.OpenBrace) open.pop();
        i++;
        break;
      case Char.DoubleQuote:
        i++;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === Char.DoubleQuote) {
            i++;
            break;
          }
          if (c === Char.LineFeed || c === Char.CarriageReturn) break;
          i += c === Char.Backslash ? 2 : 1;
        }
        break;
      case Char.Minus:
        i++;
        if (i < length && isDigit(text.charCodeAt(i))) i = skipNumber(text, i);
        break;
      default:
        if (isDigit(code)) i = skipNumber(text, i);
        else if (isWordCharacter(code)) {
          i++;
          while (i < length && isWordCharacter(text.charCodeAt(i))) i++;
        } else i++; // a lone `:`, `,` or `/`
    }
  }
  return undefined;
}

/** The end of the number starting at `i` (a digit), as the scanner reads it. */
function skipNumber(text: string, i: number): number {
  if (text.charCodeAt(i) === Char.Zero) i++;
  else while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === Char.Dot) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return i;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === Char.UpperE || e === Char.LowerE) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Char.Plus || sign === Char.Minus) i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/**
 * How many `:` follow a closing `"` (spaces between allowed) in a text `JSON.parse` accepted:
 * the number of property keys written. A quote escaped inside a string has an odd run of `\`
 * before it; a closing quote has an even one (`"a\\\\"` ends after two), and nothing else
 * in valid JSON puts a closing quote before a colon.
 */
export function countKeyLikeSpots(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let code = text.charCodeAt(j);
    while (code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn) code = text.charCodeAt(--j);
    if (code !== Char.DoubleQuote) continue;
    let backslashes = 0;
    while (text.charCodeAt(--j) === Char.Backslash) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}
