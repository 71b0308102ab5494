import { gradeAnswer, percentOf, roundPoints, type Grade } from './grading';
import type { Question, QuizModule } from './moduleModel';
import type { AnswerRecord, AttemptRecord, ProgressRecord } from './progressRecord';
import { shuffledOrder, shuffledOrderKeeping, type Random } from './shuffle';

/** Starts an attempt, fixing its question and choice order now so a reload resumes the same quiz. */
export function startAttempt(module: QuizModule, id: string, now: Date, random: Random): AttemptRecord {
  const questionIds = module.questions.map((q) => q.id);
  const questionOrder = module.shuffleQuestions ? shuffledOrder(questionIds.length, random).map((i) => questionIds[i]!) : questionIds;
  const choiceOrder: Record<string, number[]> = {};
  for (const question of module.questions) choiceOrder[question.id] = choiceOrderFor(module, question, random);
  return { id, startedAt: now.toISOString(), questionOrder, choiceOrder, answers: {} };
}

function choiceOrderFor(module: QuizModule, question: Question, random: Random): number[] {
  if (!module.shuffleChoices) return question.choices.map((_, i) => i);
  const fixed = new Set<number>();
  question.choices.forEach((choice, i) => {
    if (choice.fixed) fixed.add(i);
  });
  return shuffledOrderKeeping(question.choices.length, fixed, random);
}

function isPermutation(order: readonly number[] | undefined, length: number): boolean {
  if (!order || order.length !== length) return false;
  const seen = new Set(order);
  return seen.size === length && order.every((i) => i >= 0 && i < length);
}

/**
 * Fits an unfinished attempt to the module as it is now, after its author edited it: questions
 * that are gone are skipped, new ones are asked at the end, and a question whose choices
 * changed gets a fresh order. Answers already given are kept.
 */
export function reconcileAttempt(attempt: AttemptRecord, module: QuizModule, random: Random): AttemptRecord {
  const existing = new Map(module.questions.map((q) => [q.id, q]));
  const order = attempt.questionOrder.filter((id) => existing.has(id));
  for (const question of module.questions) if (!order.includes(question.id)) order.push(question.id);
  const choiceOrder: Record<string, readonly number[]> = {};
  for (const question of module.questions) {
    const saved = attempt.choiceOrder[question.id];
    choiceOrder[question.id] = isPermutation(saved, question.choices.length) ? saved! : choiceOrderFor(module, question, random);
  }
  return { ...attempt, questionOrder: order, choiceOrder };
}

/** The first question of the attempt not yet answered, or undefined when all are. */
export function nextQuestionId(attempt: AttemptRecord): string | undefined {
  return attempt.questionOrder.find((id) => attempt.answers[id] === undefined);
}

export function questionById(module: QuizModule, questionId: string): Question | undefined {
  return module.questions.find((q) => q.id === questionId);
}

/** Grades an answer and returns the attempt with it recorded. */
export function answerQuestion(
  attempt: AttemptRecord,
  module: QuizModule,
  question: Question,
  picks: readonly number[],
  now: Date,
): { attempt: AttemptRecord; grade: Grade } {
  const grade = gradeAnswer(question, picks, module.partialCredit);
  const answer: AnswerRecord = {
    picks: grade.picks,
    correct: grade.correct,
    earned: grade.earned,
    points: grade.points,
    answeredAt: now.toISOString(),
  };
  return { attempt: { ...attempt, answers: { ...attempt.answers, [question.id]: answer } }, grade };
}

/** Closes an attempt with its result: points over the questions it asked. */
export function finishAttempt(attempt: AttemptRecord, module: QuizModule, now: Date): AttemptRecord {
  let earned = 0;
  let possible = 0;
  for (const id of attempt.questionOrder) {
    const question = questionById(module, id);
    if (!question) continue;
    possible += question.points;
    earned += attempt.answers[id]?.earned ?? 0;
  }
  earned = roundPoints(earned);
  possible = roundPoints(possible);
  const percent = percentOf(earned, possible);
  return {
    ...attempt,
    finishedAt: now.toISOString(),
    result: { earned, possible, percent, passed: percent >= module.passingScore },
  };
}

/** The attempt still open (started, not finished), if the last one is. */
export function openAttempt(record: ProgressRecord): AttemptRecord | undefined {
  const last = record.attempts[record.attempts.length - 1];
  return last && last.finishedAt === undefined ? last : undefined;
}

/** The record with its last attempt replaced, or the attempt added when it is new. */
export function withAttempt(record: ProgressRecord, attempt: AttemptRecord): ProgressRecord {
  const attempts = [...record.attempts];
  const index = attempts.findIndex((a) => a.id === attempt.id);
  if (index >= 0) attempts[index] = attempt;
  else attempts.push(attempt);
  return { ...record, attempts };
}
