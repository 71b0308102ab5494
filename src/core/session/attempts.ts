// An attempt of a record: which one is open, how one starts, how an open one is fitted to the
// module as it is now (an edit while it was open), how one finishes, and the record edits that
// put them in place. The session (session.ts) decides when each happens.
import { choiceKeys, indexesOfKeys, legacyIndex, questionVersion } from '../module/choiceKeys';
import { checkPicks, gradeAnswer, passes, percentOf, roundPoints } from '../module/grading';
import type { Question, QuizModule } from '../module/moduleModel';
import { isFullAttempt, MAX_SUPERSEDED_ANSWERS, pruneAttempts, type AnswerRecord, type AttemptKind, type AttemptRecord, type ModuleChangeNote, type ProgressRecord, type SupersededAnswer } from './progressRecord';
import { drawQuestionIds } from './questionPool';
import { shuffledOrder, shuffledOrderKeeping, type Random } from './shuffle';

import type { Screen, SessionState } from './session';


/**
 * Every open attempt, newest first: the last attempt of each kind (full, practice, review) when
 * it is unfinished. So a review or practice attempt and the full quiz can be open side by side,
 * each on its own page; any other unfinished attempt was abandoned.
 */
export function openAttempts(record: ProgressRecord): AttemptRecord[] {
  const seen = new Set<string>();
  const open: AttemptRecord[] = [];
  for (let i = record.attempts.length - 1; i >= 0 && seen.size < 3; i--) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within record.attempts
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
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within record.attempts
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
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- hasOwn just said the answer is there
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

export function questionMap(module: QuizModule): Map<string, Question> {
  return new Map(module.questions.map((q) => [q.id, q]));
}

function shuffledKeys(question: Question, random: Random): string[] {
  const keys = choiceKeys(question);
  const fixed = new Set<number>();
  question.choices.forEach((choice, i) => {
    if (choice.fixed) fixed.add(i);
  });
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the order is a permutation of the indexes of keys
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
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the order is a permutation of the indexes of ids
  const questionOrder = shuffle ? shuffledOrder(ids.length, random).map((i) => ids[i]!) : ids;
  let choiceOrder: Record<string, string[]> | undefined;
  if (module.shuffleChoices) {
    choiceOrder = {};
    const byId = questionMap(module);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- questionOrder holds ids of byId only
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
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every() just said no index is undefined
  const asKeys = legacy.every((i) => i !== undefined) ? legacy.map((i) => keys[i!]) : saved;
  if (asKeys.some((key) => key === undefined)) return undefined;
  const set = new Set(asKeys);
  if (set.size !== keys.length || !keys.every((key) => set.has(key))) return undefined;
  return asKeys.every((key, i) => key === saved[i]) ? saved : (asKeys as string[]);
}

/** The picks of an answer as indexes of the current question, when the answer still fits it. */
export function pickIndexes(answer: AnswerRecord, question: Question): number[] | undefined {
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
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pickIndexes gives only indexes checkPicks found within the choices, one key each
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
export function finishAttempt(attempt: AttemptRecord, module: QuizModule, now: Date): AttemptRecord {
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
function fitAttempt(attempt: AttemptRecord, module: QuizModule, now: Date, random: Random): AttemptRecord {
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
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- order holds only ids of the module's questions, the keys of byId
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

export function replaceAttempt(record: ProgressRecord, attempt: AttemptRecord): ProgressRecord {
  return { ...record, attempts: record.attempts.map((a) => (a.id === attempt.id ? attempt : a)) };
}

function withoutAttempt(record: ProgressRecord, attemptId: string): ProgressRecord {
  return { ...record, attempts: record.attempts.filter((a) => a.id !== attemptId) };
}

export function withNewAttempt(record: ProgressRecord, attempt: AttemptRecord): ProgressRecord {
  return pruneAttempts({ ...record, attempts: [...record.attempts, attempt] });
}

/**
 * After a side attempt ends (or goes), the full attempt it interrupted is open again: when the
 * last attempt is finished and the one before the side attempt is an unfinished full attempt
 * with answers, that one moves back to the end, where the open attempt lives.
 */
export function resumeInterrupted(record: ProgressRecord, module: QuizModule, now: Date, random: Random): ProgressRecord {
  const attempts = record.attempts;
  const last = attempts[attempts.length - 1];
  if (!last || last.finishedAt === undefined) return record;
  let i = attempts.length - 1;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i >= 0 and i < attempts.length
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
export function withSideAttempt(record: ProgressRecord, attempt: AttemptRecord, module: QuizModule, now: Date): ProgressRecord {
  const same = openAttempts(record).find((a) => a.kind === attempt.kind);
  return withNewAttempt(same ? closeSide(record, same, module, now) : record, attempt);
}

/**
 * Closes an open practice or review attempt the learner left: without answers it goes; with
 * answers it is finished over the questions answered, so nothing given is lost, nothing left
 * unanswered counts against it, and no half-done side attempt lingers to be resumed by surprise.
 */
export function closeSide(record: ProgressRecord, attempt: AttemptRecord, module: QuizModule, now: Date): ProgressRecord {
  const answered = attempt.questionOrder.filter((id) => attempt.answers[id] !== undefined);
  if (answered.length === 0) return withoutAttempt(record, attempt.id);
  return replaceAttempt(record, finishAttempt({ ...attempt, questionOrder: answered }, module, now));
}
