/** A source of numbers in [0, 1), like Math.random; injectable so tests can fix the order. */
export type Random = () => number;

/** A random permutation of 0..length-1 (Fisher-Yates). */
export function shuffledOrder(length: number, random: Random): number[] {
  const order = Array.from({ length }, (_, i) => i);
  shuffleInPlace(order, random);
  return order;
}

/**
 * A random permutation of 0..length-1 in which every index in `fixed` stays where it is, as a
 * "None of the above" choice must.
 */
export function shuffledOrderKeeping(length: number, fixed: ReadonlySet<number>, random: Random): number[] {
  const order = Array.from({ length }, (_, i) => i);
  const movable = order.filter((i) => !fixed.has(i));
  shuffleInPlace(movable, random);
  let next = 0;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one movable item per index that is not fixed
  return order.map((i) => (fixed.has(i) ? i : movable[next++]!));
}

function shuffleInPlace(items: number[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i and j are indexes of items
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
