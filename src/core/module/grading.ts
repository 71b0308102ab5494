import { correctChoiceIndexes, isMultipleAnswer, type Question } from './moduleModel';

export interface Grade {
  readonly correct: boolean;
  /** Points earned, between 0 and the question's points. */
  readonly earned: number;
  readonly points: number;
  readonly picks: readonly number[];
  readonly correctChoices: readonly number[];
}

type PickProblem = 'empty' | 'too-many' | 'out-of-range' | 'duplicate';

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

/** The exact percent of points earned, 0–100; an empty quiz scores 0. */
export function exactPercent(earned: number, possible: number): number {
  return possible > 0 ? (earned * 100) / possible : 0;
}

/** Whether result `a` beats `b`: the higher exact share wins (a stored percent is only its display). */
export function betterResult(a: { readonly earned: number; readonly possible: number }, b: { readonly earned: number; readonly possible: number }): boolean {
  return exactPercent(a.earned, a.possible) > exactPercent(b.earned, b.possible);
}

/**
 * The percent a learner is shown, to one decimal at most. Rounding never carries a score across
 * the passing score (139 of 200 with a pass at 70 shows 69.5, never 70) nor up to 100 when a point
 * is missing: the figure always agrees with the verdict beside it.
 */
export function shownPercent(exact: number, passingScore?: number): number {
  const tenths = exact * 10;
  let shown = Math.round(tenths) / 10;
  if (exact < 100 && shown >= 100) shown = Math.floor(tenths) / 10;
  if (passingScore !== undefined) {
    // The same tolerance as `passes`, so the two never disagree on which side a score is.
    const passed = exact - passingScore >= -1e-9;
    if (!passed && shown >= passingScore) shown = Math.floor(tenths) / 10;
    if (passed && shown < passingScore) shown = Math.max(Math.ceil(tenths - 1e-6), Math.ceil(passingScore * 10 - 1e-6)) / 10;
  }
  return Math.min(100, Math.max(0, shown));
}

/**
 * The percent shown for `earned` of `possible` points (or any part of a whole: right answers of
 * those given), computed here only; with `passingScore`, on the same side of it as the score.
 */
export function percentOf(earned: number, possible: number, passingScore?: number): number {
  return shownPercent(exactPercent(earned, possible), passingScore);
}
