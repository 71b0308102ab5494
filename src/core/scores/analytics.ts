/**
 * What the scores dashboard shows, computed from saved records and nothing else: best, last and
 * average per module, attempts over time, time spent, days studied in a row, the weakest
 * questions, how well confidence matched results, due reviews, and an item analysis for authors.
 * Its first part (an attempt's kind and whether it is finished, an answer's confidence and hint,
 * the attempts known across record and history files, the idle cap on time spent,
 * a question as the analysis sees it) is read the same way by the export, its CSV rows and the
 * xAPI statements. Pure: no VS Code API, no clock but the one passed in.
 */
import { addDays, dayIn, type DayOf } from '../schedule/calendar';
import { exactPercent } from '../module/grading';
import { isFinished, isFullAttempt, type AnswerRecord, type AttemptRecord, type AttemptResult, type FinishedAttempt, type ProgressRecord } from '../session/progressRecord';
import { summarize } from '../session/progressSummary';
import { dueCards, type LiveCard, type ScheduleBook } from '../schedule/schedule';

/** A full attempt counts toward best and last; practice (retry mistakes) and review never do. */
type DashboardAttemptKind = 'full' | NonNullable<AttemptRecord['kind']>;

export function attemptKind(attempt: AttemptRecord): DashboardAttemptKind {
  return attempt.kind ?? 'full';
}

export function answerConfidence(answer: AnswerRecord): AnswerRecord['confidence'] {
  return answer.confidence;
}

export function answerHinted(answer: AnswerRecord): boolean {
  return answer.hinted === true;
}

/** The record's own test, under the name the scores code reads it by. */
export function isFinishedAttempt(attempt: AttemptRecord): attempt is FinishedAttempt {
  return isFinished(attempt);
}

/** A question as the analysis needs it: its choices by stable key. */
export interface QuestionInfo {
  readonly id: string;
  /** Plain text, one line. */
  readonly prompt: string;
  readonly section?: string;
  readonly choices: readonly { readonly key: string; readonly text: string; readonly correct: boolean }[];
}

/** One module's saved data: its record and, when read, the attempts moved to the history files. */
export interface ModuleData {
  readonly moduleId: string;
  readonly record: ProgressRecord;
  /** Attempts read from the history files; absent when they were not read. */
  readonly history?: readonly AttemptRecord[];
  /** The module's questions, when the module is in the workspace. */
  readonly questions?: readonly QuestionInfo[];
}

/** Every attempt known for a module, history first, each id once, oldest first. */
export function knownAttempts(data: ModuleData): AttemptRecord[] {
  const seen = new Set<string>();
  const all: AttemptRecord[] = [];
  for (const attempt of [...(data.history ?? []), ...data.record.attempts]) {
    if (seen.has(attempt.id)) continue;
    seen.add(attempt.id);
    all.push(attempt);
  }
  return all;
}

/** A gap between two answers longer than this counts as this much: the learner was away. */
export const IDLE_CAP_MS = 5 * 60 * 1000;

/** The answers of an attempt with a readable time, in the order they were given. */
function timedAnswers(attempt: AttemptRecord): { readonly id: string; readonly time: number }[] {
  return Object.entries(attempt.answers)
    .map(([id, answer]) => ({ id, time: Date.parse(answer.answeredAt) }))
    .filter(({ time }) => Number.isFinite(time))
    .sort((a, b) => a.time - b.time);
}

/**
 * Milliseconds from the previous answer (or the attempt's start) to each answer, each capped at
 * `IDLE_CAP_MS`: the time spent on each question, as the export's rows and xAPI statements give it.
 */
export function answerDurations(attempt: AttemptRecord): Map<string, number> {
  let previous = Date.parse(attempt.startedAt);
  const durations = new Map<string, number>();
  for (const { id, time } of timedAnswers(attempt)) {
    durations.set(id, Math.min(Math.max(0, time - previous), IDLE_CAP_MS));
    previous = Math.max(previous, time);
  }
  return durations;
}

/**
 * Time spent on an attempt: the time spent on each answer (`answerDurations`), then the gap to
 * the finish, capped the same way, and never more than the time from start to finish.
 */
export function activeMs(attempt: AttemptRecord): number {
  const start = Date.parse(attempt.startedAt);
  // The same steps as `answerDurations`, in one pass over the answers (a year of them is drawn
  // at once): each answer's time, then the last moment seen.
  let total = 0;
  let previous = start;
  for (const { time } of timedAnswers(attempt)) {
    total += Math.min(Math.max(0, time - previous), IDLE_CAP_MS);
    previous = Math.max(previous, time);
  }
  if (attempt.finishedAt !== undefined) {
    const finish = Date.parse(attempt.finishedAt);
    total += Math.min(Math.max(0, finish - previous), IDLE_CAP_MS);
    const wall = Math.max(0, finish - start);
    total = Math.min(total, wall);
  }
  return total;
}

export interface AttemptPoint {
  readonly id: string;
  readonly kind: DashboardAttemptKind;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly result: AttemptResult;
  readonly activeMs: number;
}

export interface ModuleStats {
  readonly moduleId: string;
  /** Finished full attempts, those moved to the history files included. */
  readonly finished: number;
  readonly best?: AttemptResult;
  readonly last?: AttemptPoint;
  /** Mean exact percent of the full attempts whose results are known (see `averageOf`). */
  readonly average?: number;
  readonly averageOf: number;
  /** Finished full attempts whose results are known, oldest first (by finish time). */
  readonly series: readonly AttemptPoint[];
  /** Finished practice and review attempts, oldest first; shown apart, never in best or last. */
  readonly practice: readonly AttemptPoint[];
  /** Mean time spent per finished full attempt, when there is one. */
  readonly averageActiveMs?: number;
}

function point(attempt: FinishedAttempt): AttemptPoint {
  return {
    id: attempt.id,
    kind: attemptKind(attempt),
    startedAt: attempt.startedAt,
    finishedAt: attempt.finishedAt,
    result: attempt.result,
    activeMs: activeMs(attempt),
  };
}

const byFinish = (a: AttemptPoint, b: AttemptPoint) => (a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0);

/**
 * Attempts, best and last are the record's summary (`summarize`, what the sidebar shows too);
 * this adds what only the dashboard shows: the series over time, practice, average, time spent.
 */
export function moduleStats(data: ModuleData): ModuleStats {
  const summary = summarize(data.record);
  const finished = knownAttempts(data).filter(isFinishedAttempt).map(point);
  const series = finished.filter((p) => p.kind === 'full').sort(byFinish);
  const practice = finished.filter((p) => p.kind !== 'full').sort(byFinish);
  const lastAt = summary.last?.finishedAt;
  const last = lastAt === undefined ? undefined : [...series].reverse().find((p) => p.finishedAt === lastAt);
  const sum = series.reduce((total, p) => total + exactPercent(p.result.earned, p.result.possible), 0);
  const active = series.reduce((total, p) => total + p.activeMs, 0);
  return {
    moduleId: data.moduleId,
    finished: summary.finishedAttempts,
    ...(summary.best ? { best: summary.best } : {}),
    ...(last ? { last } : {}),
    ...(series.length ? { average: sum / series.length, averageActiveMs: active / series.length } : {}),
    averageOf: series.length,
    series,
    practice,
  };
}

// ---- Days studied -------------------------------------------------------------------------

/** The calendar day before a "YYYY-MM-DD" day (pure calendar arithmetic, no time zone). */
export function previousDay(day: string): string {
  return addDays(day, -1);
}

/** Every day with at least one answer, in any attempt. */
export function studyDays(attempts: Iterable<AttemptRecord>, dayOf: DayOf): Set<string> {
  const days = new Set<string>();
  for (const attempt of attempts) {
    for (const answer of Object.values(attempt.answers)) {
      const time = Date.parse(answer.answeredAt);
      if (Number.isFinite(time)) days.add(dayOf(new Date(time)));
    }
  }
  return days;
}

/**
 * Days studied in a row up to today; a streak that reached yesterday still counts today, until
 * the day ends without an answer.
 */
export function streak(days: ReadonlySet<string>, now: Date, dayOf: DayOf): number {
  let day = dayOf(now);
  if (!days.has(day)) day = previousDay(day);
  let count = 0;
  while (days.has(day)) {
    count++;
    day = previousDay(day);
  }
  return count;
}

// ---- Spaced review schedule (core/schedule owns it; counted here) ----------------------------

interface DueCounts {
  readonly now: number;
  /** Due within the next seven days, those due now included. */
  readonly week: number;
  readonly byModule: ReadonlyMap<string, { readonly now: number; readonly week: number }>;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Due now and within the week, by `dueCards` itself (the rule the status bar and the review use):
 * live cards only, due from the start of their day in the learner's `timeZone`.
 */
export function dueCounts(book: ScheduleBook | undefined, now: Date, live?: LiveCard, timeZone?: string): DueCounts {
  const byModule = new Map<string, { now: number; week: number }>();
  const entry = (moduleId: string) => {
    let counts = byModule.get(moduleId);
    if (!counts) byModule.set(moduleId, (counts = { now: 0, week: 0 }));
    return counts;
  };
  const dueNow = book ? dueCards(book, now, live, timeZone) : [];
  const week = book ? dueCards(book, new Date(now.getTime() + WEEK_MS), live, timeZone) : [];
  for (const card of dueNow) entry(card.moduleId).now++;
  for (const card of week) entry(card.moduleId).week++;
  return { now: dueNow.length, week: week.length, byModule };
}

// ---- Questions ------------------------------------------------------------------------------

interface QuestionStat {
  readonly moduleId: string;
  readonly questionId: string;
  readonly answered: number;
  readonly correct: number;
}

/**
 * How often each question was answered right: the one per-question accuracy, over finished full
 * attempts (a practice or review answer is a retry, not a measure) and the archived totals of
 * attempts not read. The weakest questions and the per-question table both come from here.
 */
export function questionStats(data: ModuleData): QuestionStat[] {
  const totals = new Map<string, { answered: number; correct: number }>();
  const historyIds = new Set((data.history ?? []).map((a) => a.id));
  // The archived totals stand for attempts whose bodies were not read: use them only then.
  if (historyIds.size === 0) {
    for (const [id, [answered, correct]] of Object.entries(data.record.archived?.accuracy ?? {})) totals.set(id, { answered, correct });
  }
  // Full attempts only, as the archived totals and the per-question accuracy count them.
  for (const attempt of knownAttempts(data)) {
    if (!isFinishedAttempt(attempt) || !isFullAttempt(attempt)) continue;
    for (const [id, answer] of Object.entries(attempt.answers)) {
      const entry = totals.get(id) ?? { answered: 0, correct: 0 };
      entry.answered++;
      if (answer.correct) entry.correct++;
      totals.set(id, entry);
    }
  }
  return [...totals].map(([questionId, t]) => ({ moduleId: data.moduleId, questionId, ...t }));
}

/** Questions answered wrong at least once, the lowest share right first. */
export function weakestQuestions(stats: readonly QuestionStat[], limit = 10): QuestionStat[] {
  return stats
    .filter((s) => s.answered > 0 && s.correct < s.answered)
    .sort(
      (a, b) =>
        a.correct / a.answered - b.correct / b.answered ||
        b.answered - a.answered ||
        a.moduleId.localeCompare(b.moduleId) ||
        a.questionId.localeCompare(b.questionId),
    )
    .slice(0, limit);
}

export interface Calibration {
  readonly sureRight: number;
  readonly sureWrong: number;
  readonly unsureRight: number;
  readonly unsureWrong: number;
  /** "Sure but wrong" answers, newest first: misconceptions worth re-reading. */
  readonly sureButWrong: readonly { readonly moduleId: string; readonly questionId: string; readonly answeredAt: string }[];
}

function calibration(modules: readonly ModuleData[]): Calibration {
  let sureRight = 0;
  let sureWrong = 0;
  let unsureRight = 0;
  let unsureWrong = 0;
  const sureButWrong: { moduleId: string; questionId: string; answeredAt: string }[] = [];
  for (const data of modules) {
    for (const attempt of knownAttempts(data)) {
      for (const [questionId, answer] of Object.entries(attempt.answers)) {
        const confidence = answerConfidence(answer);
        if (confidence === 'sure') {
          if (answer.correct) sureRight++;
          else {
            sureWrong++;
            sureButWrong.push({ moduleId: data.moduleId, questionId, answeredAt: answer.answeredAt });
          }
        } else if (confidence === 'unsure') {
          if (answer.correct) unsureRight++;
          else unsureWrong++;
        }
      }
    }
  }
  sureButWrong.sort((a, b) => (a.answeredAt < b.answeredAt ? 1 : a.answeredAt > b.answeredAt ? -1 : 0));
  return { sureRight, sureWrong, unsureRight, unsureWrong, sureButWrong };
}

/** Item analysis of one question: how a group (or one learner over attempts) answered it. */
interface ItemStat {
  readonly questionId: string;
  /** Answers given in full attempts: each is a first try at the question in that attempt. */
  readonly answered: number;
  readonly rightFirstTry: number;
  /** Wrong choices by how many answers picked them, most first. */
  readonly wrongPicks: readonly { readonly key: string; readonly count: number }[];
}

/**
 * Per question: answers in finished full attempts (a retry in practice or review is not a first
 * try), how many were right, and how often each wrong choice was picked. Which choices are wrong
 * comes from `questions` when known, otherwise from the answers themselves (a choice picked in a
 * fully right answer is right).
 */
export function itemAnalysis(attempts: Iterable<AttemptRecord>, questions?: readonly QuestionInfo[]): Map<string, ItemStat> {
  const correctKeys = new Map<string, Set<string>>();
  for (const q of questions ?? []) correctKeys.set(q.id, new Set(q.choices.filter((c) => c.correct).map((c) => c.key)));
  const answersOf = new Map<string, AnswerRecord[]>();
  for (const attempt of attempts) {
    if (!isFinishedAttempt(attempt) || attemptKind(attempt) !== 'full') continue;
    for (const [id, answer] of Object.entries(attempt.answers)) answersOf.set(id, [...(answersOf.get(id) ?? []), answer]);
  }
  const stats = new Map<string, ItemStat>();
  for (const [questionId, answers] of answersOf) {
    let right = correctKeys.get(questionId);
    if (!right) {
      right = new Set();
      for (const a of answers) if (a.correct) for (const key of a.picks) right.add(key);
    }
    const wrong = new Map<string, number>();
    for (const a of answers) {
      if (a.correct) continue;
      for (const key of new Set(a.picks)) if (!right.has(key)) wrong.set(key, (wrong.get(key) ?? 0) + 1);
    }
    stats.set(questionId, {
      questionId,
      answered: answers.length,
      rightFirstTry: answers.filter((a) => a.correct).length,
      wrongPicks: [...wrong].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    });
  }
  return stats;
}

// ---- The whole dashboard ---------------------------------------------------------------------

export interface Dashboard {
  readonly modules: readonly ModuleStats[];
  readonly totals: { readonly finished: number; readonly practice: number; readonly answers: number };
  readonly daysStudied: number;
  readonly streak: number;
  readonly due: DueCounts;
  readonly weakest: readonly QuestionStat[];
  readonly calibration: Calibration;
}

/** What the dashboard needs besides the records: the learner's zone and the live-card rule. */
interface DashboardCalendar {
  /** The learner's time zone (IANA), for days studied and due days. */
  readonly timeZone: string;
  readonly live?: LiveCard;
}

export function dashboard(modules: readonly ModuleData[], schedule: ScheduleBook | undefined, now: Date, calendar: DashboardCalendar): Dashboard {
  const stats = modules.map(moduleStats);
  const all = modules.flatMap(knownAttempts);
  const dayOf = dayIn(calendar.timeZone);
  const days = studyDays(all, dayOf);
  return {
    modules: stats,
    totals: {
      finished: stats.reduce((n, s) => n + s.finished, 0),
      practice: stats.reduce((n, s) => n + s.practice.length, 0),
      answers: all.reduce((n, a) => n + Object.keys(a.answers).length, 0),
    },
    daysStudied: days.size,
    streak: streak(days, now, dayOf),
    due: dueCounts(schedule, now, calendar.live, calendar.timeZone),
    weakest: weakestQuestions(modules.flatMap(questionStats)),
    calibration: calibration(modules),
  };
}
