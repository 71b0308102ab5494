import { correctChoiceIndexes, isMultipleAnswer, type Question } from './moduleModel';

export interface Grade {
  readonly correct: boolean;
  /** Points earned, between 0 and the question's points. */
  readonly earned: number;
  readonly points: number;
  readonly picks: readonly number[];
  readonly correctChoices: readonly number[];
}

export type PickProblem = 'empty' | 'too-many' | 'out-of-range' | 'duplicate';

/** Why a set of picks cannot be graded for this question, or undefined when it can. */
export function checkPicks(question: Question, picks: readonly number[]): PickProblem | undefined {
  if (picks.length === 0) return 'empty';
  if (picks.some((pick) => !Number.isInteger(pick) || pick < 0 || pick >= question.choices.length)) return 'out-of-range';
  if (new Set(picks).size !== picks.length) return 'duplicate';
  if (!isMultipleAnswer(question) && picks.length > 1) return 'too-many';
  return undefined;
}

/**
 * Grades picks (choice indexes in the module's order). Right means exactly the correct choices.
 * With partial credit a multiple-answer question earns (right picks - wrong picks) / correct
 * choices of its points, never below zero; without it, all or nothing.
 */
export function gradeAnswer(question: Question, picks: readonly number[], partialCredit: boolean): Grade {
  const problem = checkPicks(question, picks);
  if (problem) throw new RangeError(`Cannot grade picks for question "${question.id}": ${problem}`);
  const correctChoices = correctChoiceIndexes(question);
  const correctSet = new Set(correctChoices);
  const rightPicks = picks.filter((pick) => correctSet.has(pick)).length;
  const wrongPicks = picks.length - rightPicks;
  const correct = wrongPicks === 0 && rightPicks === correctChoices.length;
  let fraction = correct ? 1 : 0;
  if (!correct && partialCredit && isMultipleAnswer(question)) {
    fraction = Math.max(0, (rightPicks - wrongPicks) / correctChoices.length);
  }
  return {
    correct,
    earned: roundPoints(fraction * question.points),
    points: question.points,
    picks: [...picks].sort((a, b) => a - b),
    correctChoices,
  };
}

/** Keeps sums of fractional points readable (no 0.30000000000000004). */
export function roundPoints(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Whether a score passes, decided on the exact fraction: 2 of 3 points (66.67%) does not pass
 * a passing score of 67, although it shows as 67%.
 */
export function passes(earned: number, possible: number, passingScore: number): boolean {
  if (possible <= 0) return passingScore <= 0;
  // Points are rounded to thousandths, so compare with a tolerance far below one point in 10^6.
  return earned * 100 - passingScore * possible >= -1e-9 * possible;
}

/** Percent of points earned, rounded to a whole number; an empty quiz scores 0. */
export function percentOf(earned: number, possible: number): number {
  return possible > 0 ? Math.round((earned / possible) * 100) : 0;
}
