/**
 * The rows of `npm run bench` as every bench program prints them, inside the extension host or
 * outside it: one line `QUIZ-BENCH-ROW {json}` a row, which scripts/bench.mjs puts into its
 * table, and `QUIZ-BENCH-DONE` once a program in the extension host has no more to say.
 */
export const ROW_MARKER = 'QUIZ-BENCH-ROW';
export const DONE_MARKER = 'QUIZ-BENCH-DONE';

export interface BenchRow {
  readonly section: string;
  readonly what: string;
  readonly figure: string;
  readonly note: string;
}

export function emit(section: string, what: string, figure: string, note = ''): void {
  console.log(`${ROW_MARKER} ${JSON.stringify({ section, what, figure, note })}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "median ms (min, max, runs)", whole milliseconds. */
export const msFigure = (values: readonly number[]) => `${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, ${values.length} runs)`;
