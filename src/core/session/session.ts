/**
 * The quiz session: every learner action, and every edit of the module, goes through `step`,
 * which takes the saved record, the module as it is now and the action, and returns the new
 * record and what to show. Pure and deterministic given its context (clock, random, ids), so
 * its invariants are property-tested; the webview panel only carries messages in and views out.
 */
import { choiceKeys, indexesOfKeys, questionVersion } from '../module/choiceKeys';
import { checkPicks, gradeAnswer } from '../module/grading';
import type { Question, QuizModule } from '../module/moduleModel';
import { emptyProgress, isFullAttempt, type AnswerConfidence, type AnswerRecord, type AttemptKind, type AttemptRecord, type AttemptResult, type ModuleChangeNote, type ProgressRecord } from './progressRecord';
import { choiceOrderOf, closeSide, finishAttempt, fitRecord, hintsAllowed, lastFinishedAttempt, mistakesOf, nextQuestionId, openAttempts, openFullAttempt, pickIndexes, questionMap, replaceAttempt, resumeInterrupted, startAttempt, withNewAttempt, withSideAttempt, workingAttempt } from './attempts';
import { summarize, type ProgressSummary } from './progressSummary';
import type { Random } from './shuffle';

/** Where the learner is beyond what the record says: looking at feedback, or at a result. */
export type Screen =
  /** The page has no attempt of its own yet: it shows the newest open attempt that is not a review. */
  | { readonly kind: 'current' }
  /** The page works on this open attempt, whatever else is open (a review beside the quiz). */
  | { readonly kind: 'attempt'; readonly attemptId: string }
  | { readonly kind: 'feedback'; readonly attemptId: string; readonly questionId: string }
  | { readonly kind: 'summary'; readonly attemptId: string };

export const CURRENT: Screen = { kind: 'current' };

export interface SessionState {
  readonly record: ProgressRecord;
  readonly screen: Screen;
}

export type SessionAction =
  /** Show where the learner is (a webview that just loaded). */
  | { readonly type: 'resume' }
  /** Resume the open full attempt, or start one; never a practice or review attempt. */
  | { readonly type: 'begin' }
  /** Leave the open full attempt and start another; an open full attempt without answers is reused. */
  | { readonly type: 'retake' }
  /**
   * The learner left a practice or review attempt (closed its page, or the review moved on):
   * without answers it is removed; with answers it is finished over the questions answered,
   * so nothing given is lost and nothing unanswered counts against it.
   */
  | { readonly type: 'leave'; readonly attemptId: string }
  /**
   * Starts a side attempt asking only some questions: `practice` the mistakes of the last
   * finished full attempt (Retry Mistakes), `review` the given questions (due for review).
   * Ignored, with no attempt started, when there is nothing to ask.
   */
  | { readonly type: 'practice'; readonly kind: AttemptKind; readonly questionIds?: readonly string[] }
  /**
   * Picks are choice keys. `confidence` is what the learner said before checking; `hinted` that
   * they showed the hint (kept only when the hint could be shown).
   */
  | {
      readonly type: 'answer';
      readonly attemptId: string;
      readonly questionId: string;
      readonly picks: readonly string[];
      readonly confidence?: AnswerConfidence;
      readonly hinted?: boolean;
    }
  | { readonly type: 'next'; readonly attemptId: string }
  /** The result of the last finished attempt. */
  | { readonly type: 'review' }
  /** The module file was edited (the module passed to `step` is the new one). */
  | { readonly type: 'moduleChanged' }
  /** The saved scores were deleted. */
  | { readonly type: 'reset' };

export interface SessionContext {
  readonly now: () => Date;
  readonly random: Random;
  readonly newId: () => string;
}

export interface ReviewEntry {
  readonly questionId: string;
  /** The question as it is now; undefined when it left the module after this attempt. */
  readonly question?: Question;
  /** Choice indexes in the order the attempt showed them. */
  readonly choiceOrder: readonly number[];
  readonly answer?: AnswerRecord;
  /** The picks as indexes of the current question; empty when stale. */
  readonly picks: readonly number[];
  /** The question changed (or left) after the answer was given: the answer is shown by its points only. */
  readonly stale: boolean;
}

export type SessionView =
  | { readonly phase: 'intro'; readonly summary: ProgressSummary; readonly resumeAnswered?: number }
  | {
      readonly phase: 'question';
      readonly attempt: AttemptRecord;
      readonly question: Question;
      /** 0-based position in the attempt. */
      readonly index: number;
      readonly total: number;
      readonly choiceOrder: readonly number[];
      /** The answer, when its feedback is shown (immediate feedback only). */
      readonly answer?: AnswerRecord;
      /** The picks of `answer`, as indexes. */
      readonly picks?: readonly number[];
      readonly change?: ModuleChangeNote;
      /** The question has a hint the learner may show now (before answering). */
      readonly hintAvailable?: boolean;
    }
  | {
      readonly phase: 'summary';
      readonly attempt: AttemptRecord;
      readonly result: AttemptResult;
      readonly review: readonly ReviewEntry[];
    };

export interface StepResult {
  readonly state: SessionState;
  readonly view: SessionView;
  /** Why the action was ignored, when it was (a second answer, a stale message, ...). */
  readonly ignored?: string;
}

// ---- The step -------------------------------------------------------------------------------

/** A screen that still makes sense for this record and module, or the current one. */
function checkedScreen(screen: Screen, record: ProgressRecord, module: QuizModule): Screen {
  if (screen.kind === 'current') return screen;
  const attempt = record.attempts.find((a) => a.id === screen.attemptId);
  if (!attempt) return CURRENT;
  if (screen.kind === 'attempt') {
    if (openAttempts(record).includes(attempt)) return screen;
    // An edit finished it: its result shows. Abandoned, or left: the page has no attempt again.
    return attempt.finishedAt !== undefined && attempt.result ? { kind: 'summary', attemptId: attempt.id } : CURRENT;
  }
  if (screen.kind === 'summary') return attempt.finishedAt !== undefined && attempt.result ? screen : CURRENT;
  if (module.feedbackTiming !== 'immediate') return attempt.finishedAt !== undefined ? { kind: 'summary', attemptId: attempt.id } : CURRENT;
  const given = attempt.answers[screen.questionId];
  const question = questionMap(module).get(screen.questionId);
  if (given && question && pickIndexes(given, question)) return screen;
  // The feedback can no longer be shown (the question changed or left): the page stays with its
  // own attempt, on its result when it is finished, and never lands in another page's attempt.
  if (attempt.finishedAt !== undefined && attempt.result) return { kind: 'summary', attemptId: attempt.id };
  return openAttempts(record).includes(attempt) ? { kind: 'attempt', attemptId: attempt.id } : CURRENT;
}

/** Applies one action. The record is fitted to the module first, whatever the action. */
export function step(state: SessionState, module: QuizModule, action: SessionAction, context: SessionContext): StepResult {
  const now = context.now();
  let record = fitRecord(state.record, module, now, context.random);
  if (record.moduleId !== module.id) record = { ...record, moduleId: module.id };
  let screen = checkedScreen(state.screen, record, module);
  // An edit that finished the attempt the page works on shows its result.
  const before = state.screen.kind === 'current' ? workingAttempt(state.record, state.screen) : undefined;
  if (before && screen.kind === 'current') {
    const finished = record.attempts.find((a) => a.id === before.id && a.finishedAt !== undefined && a.result);
    if (finished) screen = { kind: 'summary', attemptId: finished.id };
  }
  let ignored: string | undefined;

  switch (action.type) {
    case 'resume':
    case 'moduleChanged':
      break;
    case 'begin':
    case 'retake': {
      // The full quiz, never a practice or review attempt open beside it.
      let full = openFullAttempt(record);
      if (!full || (action.type === 'retake' && Object.keys(full.answers).length > 0)) {
        full = startAttempt(module, context.newId(), now, context.random);
        record = withNewAttempt(record, full);
      }
      screen = { kind: 'attempt', attemptId: full.id };
      break;
    }
    case 'leave': {
      const open = openAttempts(record).find((a) => a.id === action.attemptId);
      if (!open || isFullAttempt(open)) {
        ignored = 'it is not an open practice or review attempt';
        break;
      }
      record = closeSide(record, open, module, now);
      record = resumeInterrupted(record, module, now, context.random);
      if ((screen.kind === 'attempt' || screen.kind === 'feedback') && screen.attemptId === open.id) screen = CURRENT;
      break;
    }
    case 'practice': {
      const wanted = action.kind === 'practice' ? mistakesOf(record, module) : [...new Set(action.questionIds ?? [])];
      const byId = questionMap(module);
      const ids = wanted.filter((id) => byId.has(id));
      if (ids.length === 0) {
        ignored = action.kind === 'practice' ? 'there are no mistakes to retry' : 'none of those questions is in the module';
        break;
      }
      const side = startAttempt(module, context.newId(), now, context.random, { kind: action.kind, questionIds: ids });
      record = withSideAttempt(record, side, module, now);
      screen = { kind: 'attempt', attemptId: side.id };
      break;
    }
    case 'answer': {
      const result = answer(record, screen, module, action, now, context.random);
      if (typeof result === 'string') ignored = result;
      else ({ record, screen } = result);
      break;
    }
    case 'next':
      if (screen.kind === 'feedback' && screen.attemptId === action.attemptId) {
        const shownId = screen.attemptId;
        const attempt = record.attempts.find((a) => a.id === shownId);
        screen = attempt?.finishedAt !== undefined ? { kind: 'summary', attemptId: attempt.id } : { kind: 'attempt', attemptId: shownId };
      } else {
        ignored = 'no feedback of that attempt is showing';
      }
      break;
    case 'review': {
      const last = lastFinishedAttempt(record);
      if (last) screen = { kind: 'summary', attemptId: last.id };
      else ignored = 'no attempt is finished yet';
      break;
    }
    case 'reset':
      if (record.attempts.length > 0 || record.archived) record = emptyProgress(module.id);
      screen = CURRENT;
      break;
  }
  // `record` is the caller's object unless something changed, so the caller can skip saving.
  return { state: { record, screen }, view: viewOf(record, screen, module), ...(ignored !== undefined ? { ignored } : {}) };
}

function answer(
  record: ProgressRecord,
  screen: Screen,
  module: QuizModule,
  action: Extract<SessionAction, { type: 'answer' }>,
  now: Date,
  random: Random,
): { record: ProgressRecord; screen: Screen } | string {
  const open = openAttempts(record).find((a) => a.id === action.attemptId);
  if (!open) return 'it is not for an open attempt';
  if (screen.kind !== 'current' && screen.kind !== 'attempt') return 'the question is not showing';
  if (workingAttempt(record, screen) !== open) return 'it is not for the attempt this page shows';
  if (open.answers[action.questionId]) return 'the question is answered already';
  if (nextQuestionId(open) !== action.questionId) return 'it is not the question being asked';
  const question = questionMap(module).get(action.questionId);
  if (!question) return 'the question is not in the module';
  const indexes = indexesOfKeys(question, action.picks);
  if (!indexes) return 'a pick names no choice of the question';
  const problem = checkPicks(question, indexes);
  if (problem) return `the picks are not valid (${problem})`;
  const grade = gradeAnswer(question, indexes, module.partialCredit);
  const keys = choiceKeys(question);
  const given: AnswerRecord = {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- grading picks only indexes of the shown keys
    picks: grade.picks.map((i) => keys[i]!),
    correct: grade.correct,
    earned: grade.earned,
    points: grade.points,
    answeredAt: now.toISOString(),
    version: questionVersion(question),
    ...(action.confidence ? { confidence: action.confidence } : {}),
    ...(action.hinted && question.hint !== undefined && hintsAllowed(module) ? { hinted: true as const } : {}),
  };
  // The learner has moved on, so a notice about an earlier edit has been seen.
  const { change: _change, ...rest } = open;
  let attempt: AttemptRecord = { ...rest, answers: { ...open.answers, [question.id]: given } };
  if (nextQuestionId(attempt) === undefined) attempt = finishAttempt(attempt, module, now);
  let updated = replaceAttempt(record, attempt);
  if (attempt.finishedAt !== undefined && !isFullAttempt(attempt)) updated = resumeInterrupted(updated, module, now, random);
  const next: Screen =
    module.feedbackTiming === 'immediate'
      ? { kind: 'feedback', attemptId: attempt.id, questionId: question.id }
      : attempt.finishedAt !== undefined
        ? { kind: 'summary', attemptId: attempt.id }
        : { kind: 'attempt', attemptId: attempt.id };
  return { record: updated, screen: next };
}

// ---- Views ----------------------------------------------------------------------------------

/** What to show for a (fitted) record and screen. */
function viewOf(record: ProgressRecord, screen: Screen, module: QuizModule): SessionView {
  const byId = questionMap(module);
  const attempt = screen.kind === 'current' ? undefined : record.attempts.find((a) => a.id === screen.attemptId);
  if (screen.kind === 'summary' && attempt?.result) return summaryView(attempt, attempt.result, byId);
  if (attempt && screen.kind === 'feedback') {
    const question = byId.get(screen.questionId);
    const given = attempt.answers[screen.questionId];
    const picks = given && question ? pickIndexes(given, question) : undefined;
    if (question && given && picks) return questionView(attempt, question, { answer: given, picks });
  }
  const open = (attempt && openAttempts(record).includes(attempt) ? attempt : undefined) ?? workingAttempt(record, CURRENT);
  const nextId = open ? nextQuestionId(open) : undefined;
  const question = nextId !== undefined ? byId.get(nextId) : undefined;
  if (open && question) return questionView(open, question, undefined, question.hint !== undefined && hintsAllowed(module));
  const answered = open ? Object.keys(open.answers).length : 0;
  return { phase: 'intro', summary: summarize(record), ...(answered > 0 ? { resumeAnswered: answered } : {}) };
}

function questionView(
  attempt: AttemptRecord,
  question: Question,
  shown?: { answer: AnswerRecord; picks: readonly number[] },
  hintAvailable = false,
): SessionView {
  return {
    phase: 'question',
    attempt,
    question,
    index: Math.max(0, attempt.questionOrder.indexOf(question.id)),
    total: attempt.questionOrder.length,
    choiceOrder: choiceOrderOf(attempt, question),
    ...(shown ? { answer: shown.answer, picks: shown.picks } : {}),
    ...(attempt.change && attempt.finishedAt === undefined ? { change: attempt.change } : {}),
    ...(hintAvailable ? { hintAvailable } : {}),
  };
}

function summaryView(attempt: AttemptRecord, result: AttemptResult, byId: ReadonlyMap<string, Question>): SessionView {
  const review = attempt.questionOrder.map((questionId): ReviewEntry => {
    const question = byId.get(questionId);
    const given = attempt.answers[questionId];
    const picks = given && question ? pickIndexes(given, question) : undefined;
    return {
      questionId,
      ...(question ? { question } : {}),
      choiceOrder: question ? choiceOrderOf(attempt, question) : [],
      ...(given ? { answer: given } : {}),
      picks: picks ?? [],
      stale: given !== undefined && picks === undefined,
    };
  });
  return { phase: 'summary', attempt, result, review };
}
