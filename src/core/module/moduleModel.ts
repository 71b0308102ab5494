/** The in-memory shape of a valid module (format version 1), with every default applied. */

export type FeedbackTiming = 'immediate' | 'end';

export interface Choice {
  readonly text: string;
  readonly correct: boolean;
  readonly feedback?: string;
  readonly fixed: boolean;
}

export interface Question {
  readonly id: string;
  readonly prompt: string;
  readonly choices: readonly Choice[];
  readonly explanation?: string;
  /** Markdown the learner may show before answering; it nudges, it does not give the answer. */
  readonly hint?: string;
  readonly section?: string;
  readonly points: number;
  /** Content-lint rules kept quiet for this question. */
  readonly lintIgnore?: readonly string[];
}

export interface QuizModule {
  readonly version: 1;
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly article?: string;
  readonly passingScore: number;
  readonly shuffleQuestions: boolean;
  readonly shuffleChoices: boolean;
  readonly partialCredit: boolean;
  readonly feedbackTiming: FeedbackTiming;
  /** Hints may be shown in an exam (`feedbackTiming: "end"`); set only when true. */
  readonly allowHintsInExam?: true;
  readonly questions: readonly Question[];
  /**
   * A question pool: each full attempt asks this many questions drawn at random, or per section
   * (section id → count; questions of other sections are all asked). Absent: every question.
   */
  readonly draw?: number | Readonly<Record<string, number>>;
  /** Content-lint rules kept quiet for the whole module. */
  readonly lintIgnore?: readonly string[];
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * True for a string that fits the id pattern: module, question and attempt ids read from any
 * file (a module, a saved record, an export, a schedule) are checked here before they are used,
 * since a module id and an attempt id become names in the history folder.
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
export const DEFAULT_PASSING_SCORE = 70;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 10;

/** A question with more than one correct choice is "select all that apply". */
export function isMultipleAnswer(question: Question): boolean {
  return correctChoiceIndexes(question).length > 1;
}

export function correctChoiceIndexes(question: Question): number[] {
  const indexes: number[] = [];
  question.choices.forEach((choice, index) => {
    if (choice.correct) indexes.push(index);
  });
  return indexes;
}

export function totalPoints(module: QuizModule): number {
  return module.questions.reduce((sum, question) => sum + question.points, 0);
}
