import type { Question } from '../module/moduleModel';

/** Moodle's grade list writes thirds, sixths, sevenths and ninths with five decimals. */
function share(count: number): number {
  return Math.round((100 / count) * 100000) / 100000;
}

/**
 * The percent each choice is worth in Moodle. A single-answer question: 100 for the right one,
 * 0 for the others. "Select all that apply": each right choice 100/k; a wrong one −100/k with
 * partial credit (Moodle then scores as the module does), −100 without (any wrong pick gives 0,
 * the nearest Moodle has to all or nothing).
 */
export function exportWeights(question: Question, multiple: boolean, partialCredit: boolean): number[] {
  if (!multiple) return question.choices.map((c) => (c.correct ? 100 : 0));
  const k = question.choices.filter((c) => c.correct).length;
  return question.choices.map((c) => (c.correct ? share(k) : partialCredit ? -share(k) : -100));
}
