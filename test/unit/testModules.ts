import type { Question, QuizModule } from '../../src/core/module/moduleModel';
import type { AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';

/** Small modules built in code for the unit tests. */
export function question(id: string, correct: readonly number[], count = 4, extra: Partial<Question> = {}): Question {
  return {
    id,
    prompt: `Prompt of ${id}`,
    choices: Array.from({ length: count }, (_, i) => ({ text: `${id} choice ${i}`, correct: correct.includes(i), fixed: false })),
    points: 1,
    ...extra,
  };
}

export function quizModule(questions: readonly Question[], extra: Partial<QuizModule> = {}): QuizModule {
  return {
    version: 1,
    id: 'test-module',
    title: 'Test module',
    passingScore: 70,
    shuffleQuestions: false,
    shuffleChoices: false,
    partialCredit: false,
    feedbackTiming: 'immediate',
    questions,
    ...extra,
  };
}

/** A repeatable stand-in for Math.random (a linear congruential generator). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The record's last attempt while it is unfinished (what the tests call the open attempt). */
export function openAttempt(record: ProgressRecord): AttemptRecord | undefined {
  const last = record.attempts[record.attempts.length - 1];
  return last && last.finishedAt === undefined ? last : undefined;
}
