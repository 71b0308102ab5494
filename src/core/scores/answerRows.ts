// Every answer of an export as one row with its time spent: what the CSV and xAPI statements are
// made of.
import { answerDurations, type QuestionInfo } from './analytics';
import type { AnswerRecord, AttemptRecord } from '../session/progressRecord';
import type { ExportedModule, ScoresExport } from './scoresExport';

interface AnswerRow {
  readonly module: ExportedModule;
  readonly attempt: AttemptRecord;
  readonly questionId: string;
  readonly answer: AnswerRecord;
  readonly ms: number;
  readonly question?: QuestionInfo;
}

/** Every answer of every attempt, module by module, attempts oldest first. */
export function answerRows(data: ScoresExport): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const module of data.modules) {
    const questions = new Map((module.questions ?? []).map((q) => [q.id, q]));
    for (const attempt of module.attempts) {
      const durations = answerDurations(attempt);
      const order = [...attempt.questionOrder.filter((id) => id in attempt.answers), ...Object.keys(attempt.answers).filter((id) => !attempt.questionOrder.includes(id))];
      for (const questionId of [...new Set(order)]) {
        const question = questions.get(questionId);
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- questionId is a key of attempt.answers
        rows.push({ module, attempt, questionId, answer: attempt.answers[questionId]!, ms: durations.get(questionId) ?? 0, ...(question ? { question } : {}) });
      }
    }
  }
  return rows;
}
