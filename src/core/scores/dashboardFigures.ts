/**
 * The figures the scores page shows beyond the dashboard's own: each question's row of the
 * per-question table, the attempts over time, the confidence shares and a duration in its parts.
 * Computed here once, so the page's renderer only words and places them.
 */
import { percentOf } from '../module/grading';
import type { AttemptResult } from '../session/progressRecord';
import { itemAnalysis, knownAttempts, questionStats, type AttemptPoint, type Calibration, type ModuleData, type ModuleStats } from './analytics';

/** A wrong choice picked by at least this share of the answers stands out as misleading. */
const MISLEADING_SHARE = 0.3;
/** A question answered right at the first try less often than this stands out as weak. */
const WEAK_SHARE = 0.5;
/** The misleading share as the author's note words it: "30". */
export const MISLEADING_PERCENT = Math.round(MISLEADING_SHARE * 100);
/** How many of the latest attempts the chart and its table show. */
const HISTORY_SHOWN = 20;

/** One row of a module's per-question table. */
interface QuestionRow {
  readonly questionId: string;
  readonly answered: number;
  readonly correct: number;
  /** The shown percent right, when the question was answered. */
  readonly accuracy?: number;
  /** Item analysis (full attempts): the shown percent right at the first try. */
  readonly firstTry?: { readonly percent: number; readonly weak: boolean };
  /** The wrong choice picked most, with its shown share of the answers. */
  readonly topWrong?: { readonly key: string; readonly percent: number; readonly misleading: boolean };
}

/**
 * The per-question table of a module, one row per question in the module's order; the same
 * accuracy as the weakest questions (`questionStats`). Empty when the module's questions are
 * unknown or none was answered.
 */
export function questionRows(data: ModuleData): QuestionRow[] {
  if (!data.questions) return [];
  const stats = new Map(questionStats(data).map((s) => [s.questionId, s]));
  if (stats.size === 0) return [];
  const items = itemAnalysis(knownAttempts(data), data.questions);
  return data.questions.map((question) => {
    const entry = stats.get(question.id);
    const answered = entry?.answered ?? 0;
    const correct = entry?.correct ?? 0;
    const item = items.get(question.id);
    const top = item?.wrongPicks[0];
    return {
      questionId: question.id,
      answered,
      correct,
      ...(answered > 0 ? { accuracy: percentOf(correct, answered) } : {}),
      ...(item && item.answered > 0
        ? { firstTry: { percent: percentOf(item.rightFirstTry, item.answered), weak: item.rightFirstTry / item.answered < WEAK_SHARE } }
        : {}),
      ...(item && top ? { topWrong: { key: top.key, percent: percentOf(top.count, item.answered), misleading: top.count / item.answered >= MISLEADING_SHARE } } : {}),
    };
  });
}

/** The shown percent of a result, on the same side of the passing score as the verdict. */
export function shownResult(result: AttemptResult, passing: number | undefined): number {
  return percentOf(result.earned, result.possible, passing);
}

/** A module's attempts over time, as the chart and its table show them. */
interface HistoryFigures {
  /** Full, practice and review attempts, oldest first: the last `HISTORY_SHOWN`. */
  readonly points: readonly AttemptPoint[];
  /** How many attempts there are in all (the table says how many of them it shows). */
  readonly total: number;
  /** Of the full attempts: the lowest, highest and last shown percent, when there is one. */
  readonly full?: { readonly count: number; readonly lowest: number; readonly highest: number; readonly last: number };
  readonly practice: number;
}

export function historyFigures(stats: ModuleStats, passing: number | undefined): HistoryFigures {
  const all = [...stats.series, ...stats.practice].sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0));
  const shown = stats.series.map((p) => shownResult(p.result, passing));
  return {
    points: all.slice(-HISTORY_SHOWN),
    total: all.length,
    ...(shown.length > 0 && stats.last
      ? { full: { count: shown.length, lowest: Math.min(...shown), highest: Math.max(...shown), last: shownResult(stats.last.result, passing) } }
      : {}),
    practice: stats.practice.length,
  };
}

/** The share right when sure and when unsure, shown percents; absent where no answer had it. */
export function confidenceShares(c: Calibration): { readonly sure?: number; readonly unsure?: number; readonly answers: number } {
  const sure = c.sureRight + c.sureWrong;
  const unsure = c.unsureRight + c.unsureWrong;
  return {
    answers: sure + unsure,
    ...(sure > 0 ? { sure: percentOf(c.sureRight, sure) } : {}),
    ...(unsure > 0 ? { unsure: percentOf(c.unsureRight, unsure) } : {}),
  };
}

/** A duration in whole hours, minutes and seconds, rounded to the second. */
export function durationParts(ms: number): { readonly hours: number; readonly minutes: number; readonly seconds: number } {
  const total = Math.round(ms / 1000);
  return { hours: Math.floor(total / 3600), minutes: Math.floor(total / 60) % 60, seconds: total % 60 };
}
