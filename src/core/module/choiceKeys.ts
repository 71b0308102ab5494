import type { Question } from './moduleModel';

/**
 * Stable names for choices and versions of questions, so a saved answer survives an author
 * reordering choices, and is recognised as stale when what it answered has changed.
 */

/** FNV-1a over UTF-16 code units: small, fast and stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function hashKey(text: string): string {
  return fnv1a(text).toString(36);
}

const keyCache = new WeakMap<Question, readonly string[]>();
const versionCache = new WeakMap<Question, string>();

/**
 * The key of the choice at `index` of the question: a choice index that is not the question's is
 * a bug in the caller, so it throws (with what was asked) rather than give `undefined` as a key.
 */
export function choiceKeyAt(question: Question, index: number): string {
  const key = choiceKeys(question)[index];
  if (key === undefined) throw new RangeError(`choice ${index} is not one of the ${question.choices.length} choices of question "${question.id}"`);
  return key;
}

/**
 * One key per choice, in the module's order: derived from the choice's text, so it stays the
 * same when choices move. Choices whose texts hash alike get a numbered suffix, ranked by what
 * sets them apart (correct flag, feedback) rather than by position, so a reorder keeps each key.
 */
export function choiceKeys(question: Question): readonly string[] {
  const cached = keyCache.get(question);
  if (cached) return cached;
  const bases = question.choices.map((choice) => hashKey(choice.text));
  const keys = [...bases];
  const groups = new Map<string, number[]>();
  bases.forEach((base, i) => groups.set(base, [...(groups.get(base) ?? []), i]));
  for (const [base, members] of groups) {
    if (members.length < 2) continue;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is an index of the choices
    const rank = (i: number) => `${question.choices[i]!.correct ? 1 : 0}\u0000${question.choices[i]!.feedback ?? ''}`;
    members.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a - b));
    members.forEach((index, n) => (keys[index] = n === 0 ? base : `${base}.${n}`));
  }
  keyCache.set(question, keys);
  return keys;
}

/**
 * What an answer to this question depends on: its choices' texts and which are correct, in any
 * order. The prompt, the points and the order of the choices are not part of it.
 */
export function questionVersion(question: Question): string {
  const cached = versionCache.get(question);
  if (cached !== undefined) return cached;
  const keys = choiceKeys(question);
  const parts = question.choices.map((choice, i) => `${keys[i]}${choice.correct ? '+' : '-'}`).sort();
  const version = hashKey(parts.join(','));
  versionCache.set(question, version);
  return version;
}

/** The index of each key in the module's order; undefined when a key names no choice. */
export function indexesOfKeys(question: Question, keys: readonly string[]): number[] | undefined {
  const all = choiceKeys(question);
  const indexes: number[] = [];
  for (const key of keys) {
    const index = all.indexOf(key);
    if (index < 0) return undefined;
    indexes.push(index);
  }
  return indexes;
}

/** Picks written by an older version of the extension name choices by index: "#2". */
export function legacyIndex(key: string): number | undefined {
  const match = /^#(\d{1,3})$/.exec(key);
  return match ? Number(match[1]) : undefined;
}
