import type { Translate } from '../util/translate';
import type { JsonNode } from './jsonNode';

// How the validator words what it found: values and types for messages, jsonc-parser's syntax
// errors, and the known key an unknown one most likely meant.

/** A user's text for a message, cut short when long (a key or an id can be megabytes long). */
export function clip(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** "an object", "a string"…: what a value is, for messages. */
export function describeType(node: JsonNode, t: Translate): string {
  switch (node.type) {
    case 'object':
      return t('an object');
    case 'array':
      return t('an array');
    case 'string':
      return t('a string');
    case 'number':
      return t('a number');
    case 'boolean':
      return t('a boolean');
    case 'null':
      return t('null');
    default:
      return node.type;
  }
}

/** A value for a message: a short literal as written (`2`, `"later"`), an object or array by its type. */
export function describeValue(node: JsonNode, t: Translate): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(clip(node.value as string));
    case 'number':
    case 'boolean':
    case 'null':
      return String(node.value);
    default:
      return describeType(node, t);
  }
}

/** A JSON syntax error of jsonc-parser, in words. */
export function parseErrorMessage(code: string, t: Translate): string {
  switch (code) {
    case 'InvalidSymbol':
      return t('Unexpected character.');
    case 'InvalidNumberFormat':
      return t('Invalid number.');
    case 'PropertyNameExpected':
      return t('A property name in double quotes is expected.');
    case 'ValueExpected':
      return t('A value is expected.');
    case 'ColonExpected':
      return t('A colon is expected after the property name.');
    case 'CommaExpected':
      return t('A comma is expected.');
    case 'CloseBraceExpected':
      return t('A closing brace "}" is expected.');
    case 'CloseBracketExpected':
      return t('A closing bracket "]" is expected.');
    case 'EndOfFileExpected':
      return t('Nothing may follow the top-level object.');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return t('Comments are not allowed in JSON.');
    case 'UnexpectedEndOfString':
      return t('The string is not closed.');
    case 'UnexpectedEndOfNumber':
      return t('The number is incomplete.');
    case 'InvalidUnicode':
      return t('Invalid Unicode escape.');
    case 'InvalidEscapeCharacter':
      return t('Invalid escape character in string.');
    case 'InvalidCharacter':
      return t('Invalid character in string (control characters must be escaped).');
    default:
      return t('JSON syntax error: {0}.', code);
  }
}

/* eslint-disable @typescript-eslint/no-non-null-assertion -- rows is (x.length + 1) by (y.length + 1), and every index read is within it */
/** Edits (insert, delete, replace, swap two neighbours) between two keys, ignoring case. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[x.length]![y.length]!;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** The known key an unknown one most likely meant, when one is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // One edit for short keys, two for longer ones: "tex" is "text", "shuffleChoice" is "shuffleChoices".
  return best !== undefined && bestDistance <= (best.length <= 4 ? 1 : 2) ? best : undefined;
}
