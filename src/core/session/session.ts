/**
 * The quiz session: every learner action, and every edit of the module, goes through `step`,
 * which takes the saved record, the module as it is now and the action, and returns the new
 * record and what to show. Pure and deterministic given its context (clock, random, ids), so
 * its invariants are property-tested; the webview panel only carries messages in and views out.
 */
import { choiceKeys, indexesOfKeys, legacyIndex, questionVersion } from '../module/choiceKeys';
import { checkPicks, gradeAnswer, passes, percentOf, roundPoints } from '../module/grading';
import type { Question, QuizModule } from '../module/moduleModel';
import { emptyProgress, isFullAttempt, MAX_SUPERSEDED_ANSWERS, pruneAttempts, type AnswerConfidence, type AnswerRecord, type AttemptKind, type AttemptRecord, type AttemptResult, type ModuleChangeNote, type ProgressRecord, type SupersededAnswer } from './progressRecord';
import { summarize, type ProgressSummary } from './progressSummary';
import { drawQuestionIds } from './questionPool';
import { shuffledOrder, shuffledOrderKeeping, type Random } from './shuffle';

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

// ---- Attempts ---------------------------------------------------------------------------------

export function openAttempt(record: ProgressRecord): AttemptRecord | undefined {
  const last = record.attempts[record.attempts.length - 1];
  return last && last.finishedAt === undefined ? last : undefined;
}

/**
 * Every open attempt, newest first: the last attempt of each kind (full, practice, review) when
 * it is unfinished. So a review or practice attempt and the full quiz can be open side by side,
 * each on its own page; any other unfinished attempt was abandoned.
 */
export function openAttempts(record: ProgressRecord): AttemptRecord[] {
  const seen = new Set<string>();
  const open: AttemptRecord[] = [];
  for (let i = record.attempts.length - 1; i >= 0 && seen.size < 3; i--) {
    const attempt = record.attempts[i]!;
    const kind = attempt.kind ?? 'full';
    if (seen.has(kind)) continue;
    seen.add(kind);
    if (attempt.finishedAt === undefined) open.push(attempt);
  }
  return open;
}

/** The open full attempt, wherever it is in the list. */
export function openFullAttempt(record: ProgressRecord): AttemptRecord | undefined {
  return openAttempts(record).find(isFullAttempt);
}

/** The open attempt a screen works on, if any. */
export function workingAttempt(record: ProgressRecord, screen: Screen): AttemptRecord | undefined {
  const open = openAttempts(record);
  // A page without an attempt of its own never lands in a review: that belongs to the review page.
  if (screen.kind === 'current') return open.find((a) => a.kind !== 'review');
  return open.find((a) => a.id === screen.attemptId);
}

/** The last finished full attempt (practice and review attempts are not "the result"). */
export function lastFinishedAttempt(record: ProgressRecord): AttemptRecord | undefined {
  for (let i = record.attempts.length - 1; i >= 0; i--) {
    const attempt = record.attempts[i]!;
    if (attempt.finishedAt !== undefined && attempt.result && isFullAttempt(attempt)) return attempt;
  }
  return undefined;
}

/**
 * The questions to retry: those of the last finished full attempt answered wrong or partly
 * wrong, that are still in the module, in the module's order.
 */
export function mistakesOf(record: ProgressRecord, module: QuizModule): string[] {
  const last = lastFinishedAttempt(record);
  if (!last) return [];
  return module.questions
    .filter((q) => Object.hasOwn(last.answers, q.id) && !last.answers[q.id]!.correct)
    .map((q) => q.id);
}

/** Whether the module lets a learner show hints now: always with immediate feedback, in an exam only when allowed. */
export function hintsAllowed(module: QuizModule): boolean {
  return module.feedbackTiming === 'immediate' || module.allowHintsInExam === true;
}

/**
 * The hint of the question being asked, when the learner may show it now: the question is the
 * open attempt's next one, not yet answered, has a hint, and the module allows hints.
 */
export function hintFor(state: SessionState, module: QuizModule, attemptId: string, questionId: string): string | undefined {
  if (!hintsAllowed(module) || (state.screen.kind !== 'current' && state.screen.kind !== 'attempt')) return undefined;
  const open = workingAttempt(state.record, state.screen);
  if (!open || open.id !== attemptId || nextQuestionId(open) !== questionId) return undefined;
  return questionMap(module).get(questionId)?.hint;
}

/** The first question of the attempt not yet answered, or undefined when all are. */
export function nextQuestionId(attempt: AttemptRecord): string | undefined {
  return attempt.questionOrder.find((id) => attempt.answers[id] === undefined);
}

function questionMap(module: QuizModule): Map<string, Question> {
  return new Map(module.questions.map((q) => [q.id, q]));
}

function shuffledKeys(question: Question, random: Random): string[] {
  const keys = choiceKeys(question);
  const fixed = new Set<number>();
  question.choices.forEach((choice, i) => {
    if (choice.fixed) fixed.add(i);
  });
  return shuffledOrderKeeping(question.choices.length, fixed, random).map((i) => keys[i]!);
}

/**
 * Starts an attempt, fixing its question and choice order now so a reload resumes the same quiz.
 * A side attempt (`only` given) asks those questions: in the order given for a review, shuffled
 * like the quiz for a practice.
 */
export function startAttempt(
  module: QuizModule,
  id: string,
  now: Date,
  random: Random,
  only?: { readonly kind: AttemptKind; readonly questionIds: readonly string[] },
): AttemptRecord {
  const ids = only ? [...only.questionIds] : drawQuestionIds(module, random);
  const shuffle = module.shuffleQuestions && only?.kind !== 'review';
  const questionOrder = shuffle ? shuffledOrder(ids.length, random).map((i) => ids[i]!) : ids;
  let choiceOrder: Record<string, string[]> | undefined;
  if (module.shuffleChoices) {
    choiceOrder = {};
    const byId = questionMap(module);
    for (const qid of questionOrder) choiceOrder[qid] = shuffledKeys(byId.get(qid)!, random);
  }
  return {
    id,
    ...(only ? { kind: only.kind } : {}),
    startedAt: now.toISOString(),
    questionOrder,
    ...(choiceOrder ? { choiceOrder } : {}),
    answers: {},
  };
}

/** The attempt's choice order for a question, as indexes of the current question. */
export function choiceOrderOf(attempt: AttemptRecord, question: Question): number[] {
  const saved = attempt.choiceOrder?.[question.id];
  const resolved = saved ? resolveOrder(saved, question) : undefined;
  return resolved ? resolved.map((key) => choiceKeys(question).indexOf(key)) : question.choices.map((_, i) => i);
}

/** A saved order as current keys, when it is a permutation of the question's choices. */
function resolveOrder(saved: readonly string[], question: Question): readonly string[] | undefined {
  const keys = choiceKeys(question);
  if (saved.length !== keys.length) return undefined;
  const legacy = saved.map(legacyIndex);
  const asKeys = legacy.every((i) => i !== undefined) ? legacy.map((i) => keys[i!]) : saved;
  if (asKeys.some((key) => key === undefined)) return undefined;
  const set = new Set(asKeys);
  if (set.size !== keys.length || !keys.every((key) => set.has(key))) return undefined;
  return asKeys.every((key, i) => key === saved[i]) ? saved : (asKeys as string[]);
}

/** The picks of an answer as indexes of the current question, when the answer still fits it. */
function pickIndexes(answer: AnswerRecord, question: Question): number[] | undefined {
  let indexes: number[] | undefined;
  if (answer.version === undefined) {
    const legacy = answer.picks.map(legacyIndex);
    indexes = legacy.every((i) => i !== undefined) ? (legacy as number[]) : indexesOfKeys(question, answer.picks);
  } else if (answer.version === questionVersion(question)) {
    indexes = indexesOfKeys(question, answer.picks);
  }
  return indexes && !checkPicks(question, indexes) ? indexes : undefined;
}

/** The answer graded again against the current question, or undefined when it no longer fits. */
function fitAnswer(answer: AnswerRecord, question: Question, module: QuizModule): AnswerRecord | undefined {
  const indexes = pickIndexes(answer, question);
  if (!indexes) return undefined;
  const grade = gradeAnswer(question, indexes, module.partialCredit);
  const keys = choiceKeys(question);
  const picks = indexes.map((i) => keys[i]!);
  const version = questionVersion(question);
  const same =
    answer.version === version &&
    grade.correct === answer.correct &&
    grade.earned === answer.earned &&
    grade.points === answer.points &&
    picks.every((key, i) => key === answer.picks[i]);
  if (same) return answer;
  return { ...answer, picks, correct: grade.correct, earned: grade.earned, points: grade.points, version };
}

/** Closes an attempt with its result: the points earned over the questions it asked. */
function finishAttempt(attempt: AttemptRecord, module: QuizModule, now: Date): AttemptRecord {
  const byId = questionMap(module);
  let earned = 0;
  let possible = 0;
  for (const id of attempt.questionOrder) {
    possible += attempt.answers[id]?.points ?? byId.get(id)?.points ?? 0;
    earned += attempt.answers[id]?.earned ?? 0;
  }
  earned = roundPoints(earned);
  possible = roundPoints(possible);
  // A finished attempt is history: its review shows the choices in the file's order, so the
  // order it showed them in is not kept (it is most of the size of a shuffled attempt).
  const { change: _change, choiceOrder: _order, ...rest } = attempt;
  return {
    ...rest,
    finishedAt: now.toISOString(),
    result: { earned, possible, percent: percentOf(earned, possible), passed: passes(earned, possible, module.passingScore) },
  };
}

/**
 * Fits an open attempt to the module as it is now. An answer whose question kept its choices
 * (texts and correct flags, in any order) stays, graded with the current points; an answer to
 * a changed question is set aside and the question is asked again; a removed question leaves;
 * a new one joins at the end. Returns the same object when nothing changes.
 */
export function fitAttempt(attempt: AttemptRecord, module: QuizModule, now: Date, random: Random): AttemptRecord {
  const byId = questionMap(module);
  const order: string[] = [];
  const seen = new Set<string>();
  const answers: Record<string, AnswerRecord> = {};
  const superseded: SupersededAnswer[] = [...(attempt.superseded ?? [])];
  let dirty = false;
  let kept = 0;
  let reasked = 0;
  let removed = 0;
  let added = 0;
  const ids = [...attempt.questionOrder, ...Object.keys(attempt.answers).filter((id) => !attempt.questionOrder.includes(id))];
  if (ids.length !== attempt.questionOrder.length) dirty = true;
  for (const id of ids) {
    if (seen.has(id)) {
      dirty = true;
      continue;
    }
    seen.add(id);
    const question = byId.get(id);
    const answer = Object.hasOwn(attempt.answers, id) ? attempt.answers[id] : undefined;
    if (!question) {
      dirty = true;
      removed++;
      if (answer) superseded.push({ ...answer, questionId: id, reason: 'removed' });
      continue;
    }
    order.push(id);
    if (!answer) continue;
    const fitted = fitAnswer(answer, question, module);
    if (!fitted) {
      dirty = true;
      reasked++;
      superseded.push({ ...answer, questionId: id, reason: 'changed' });
      continue;
    }
    if (fitted !== answer) dirty = true;
    answers[id] = fitted;
    kept++;
  }
  // A practice or review attempt asks only what it was started with; so does a drawn full attempt.
  for (const question of isFullAttempt(attempt) && module.draw === undefined ? module.questions : []) {
    if (seen.has(question.id)) continue;
    seen.add(question.id);
    order.push(question.id);
    added++;
    dirty = true;
  }
  // Every drawn question left the module: the attempt draws again rather than ask nothing.
  if (isFullAttempt(attempt) && module.draw !== undefined && order.length === 0) {
    order.push(...drawQuestionIds(module, random));
    added += order.length;
    dirty = true;
  }
  let choiceOrder: Record<string, readonly string[]> | undefined;
  if (module.shuffleChoices) {
    choiceOrder = {};
    for (const id of order) {
      const question = byId.get(id)!;
      const saved = attempt.choiceOrder?.[id];
      const resolved = saved ? resolveOrder(saved, question) : undefined;
      if (resolved !== saved || !saved) dirty = true;
      choiceOrder[id] = resolved ?? shuffledKeys(question, random);
    }
    if (attempt.choiceOrder && Object.keys(attempt.choiceOrder).length !== order.length) dirty = true;
  } else if (attempt.choiceOrder !== undefined) {
    dirty = true;
  }
  if (!dirty) return attempt;
  const structural = removed + reasked + added > 0;
  const change: ModuleChangeNote | undefined = structural
    ? { at: now.toISOString(), kept, reasked, removed, added }
    : attempt.change;
  const { choiceOrder: _order, superseded: _superseded, change: _change, ...rest } = attempt;
  const fitted: AttemptRecord = {
    ...rest,
    questionOrder: order,
    ...(choiceOrder ? { choiceOrder } : {}),
    answers,
    ...(superseded.length > 0 ? { superseded: superseded.slice(-MAX_SUPERSEDED_ANSWERS) } : {}),
    ...(change ? { change } : {}),
  };
  // Nothing left to ask: the edit completed the attempt.
  return order.length > 0 && nextQuestionId(fitted) === undefined ? finishAttempt(fitted, module, now) : fitted;
}

/** The record with every open attempt fitted to the module; the same object when nothing changes. */
export function fitRecord(record: ProgressRecord, module: QuizModule, now: Date, random: Random): ProgressRecord {
  let current = pruneAttempts(record);
  for (const open of openAttempts(current)) {
    // An earlier round may have fitted (and moved) this attempt already.
    const latest = current.attempts.find((a) => a.id === open.id);
    if (!latest || latest.finishedAt !== undefined) continue;
    const fitted = fitAttempt(latest, module, now, random);
    if (fitted === latest) continue;
    // A side attempt whose every question left the module has nothing to ask: it goes, and a
    // full attempt it interrupted is open again.
    if (!isFullAttempt(fitted) && fitted.questionOrder.length === 0) {
      current = resumeInterrupted(withoutAttempt(current, fitted.id), module, now, random);
    } else {
      current = replaceAttempt(current, fitted);
    }
  }
  return current;
}

function replaceAttempt(record: ProgressRecord, attempt: AttemptRecord): ProgressRecord {
  return { ...record, attempts: record.attempts.map((a) => (a.id === attempt.id ? attempt : a)) };
}

function withoutAttempt(record: ProgressRecord, attemptId: string): ProgressRecord {
  return { ...record, attempts: record.attempts.filter((a) => a.id !== attemptId) };
}

function withNewAttempt(record: ProgressRecord, attempt: AttemptRecord): ProgressRecord {
  return pruneAttempts({ ...record, attempts: [...record.attempts, attempt] });
}

/**
 * After a side attempt ends (or goes), the full attempt it interrupted is open again: when the
 * last attempt is finished and the one before the side attempt is an unfinished full attempt
 * with answers, that one moves back to the end, where the open attempt lives.
 */
function resumeInterrupted(record: ProgressRecord, module: QuizModule, now: Date, random: Random): ProgressRecord {
  const attempts = record.attempts;
  const last = attempts[attempts.length - 1];
  if (!last || last.finishedAt === undefined) return record;
  let i = attempts.length - 1;
  while (i >= 0 && !isFullAttempt(attempts[i]!)) i--;
  // Only when every attempt after it is a side attempt: the full attempt was left for them.
  const candidate = attempts[i];
  if (!candidate || candidate.finishedAt !== undefined || Object.keys(candidate.answers).length === 0) return record;
  // It was not fitted while it waited: it is fitted to the module as it is now.
  const fitted = fitAttempt(candidate, module, now, random);
  return { ...record, attempts: [...attempts.slice(0, i), ...attempts.slice(i + 1), fitted] };
}

/**
 * Starts a side attempt in place of the open one of its kind, which is closed first (see
 * `closeSide`). The full attempt and a side attempt of the other kind stay open.
 */
function withSideAttempt(record: ProgressRecord, attempt: AttemptRecord, module: QuizModule, now: Date): ProgressRecord {
  const same = openAttempts(record).find((a) => a.kind === attempt.kind);
  return withNewAttempt(same ? closeSide(record, same, module, now) : record, attempt);
}

/**
 * Closes an open practice or review attempt the learner left: without answers it goes; with
 * answers it is finished over the questions answered, so nothing given is lost, nothing left
 * unanswered counts against it, and no half-done side attempt lingers to be resumed by surprise.
 */
function closeSide(record: ProgressRecord, attempt: AttemptRecord, module: QuizModule, now: Date): ProgressRecord {
  const answered = attempt.questionOrder.filter((id) => attempt.answers[id] !== undefined);
  if (answered.length === 0) return withoutAttempt(record, attempt.id);
  return replaceAttempt(record, finishAttempt({ ...attempt, questionOrder: answered }, module, now));
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
        screen = attempt?.finishedAt !== undefined ? { kind: 'summary', attemptId: attempt!.id } : { kind: 'attempt', attemptId: shownId };
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
export function viewOf(record: ProgressRecord, screen: Screen, module: QuizModule): SessionView {
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
