// Every answer of an export as one row with its time spent: what the CSV and xAPI statements are
// made of.
import { IDLE_CAP_MS, type QuestionInfo } from './analytics';
import type { AnswerRecord, AttemptRecord } from '../session/progressRecord';
import type { ExportedModule, ScoresExport } from './scoresExport';

/** Seconds from the previous answer (or the attempt's start) to each answer, capped for idle time. */
export function answerDurations(attempt: AttemptRecord): Map<string, number> {
  const entries = Object.entries(attempt.answers).sort(([, a], [, b]) => (a.answeredAt < b.answeredAt ? -1 : a.answeredAt > b.answeredAt ? 1 : 0));
  let previous = Date.parse(attempt.startedAt);
  const durations = new Map<string, number>();
  for (const [id, answer] of entries) {
    const time = Date.parse(answer.answeredAt);
    durations.set(id, Math.min(Math.max(0, time - previous), IDLE_CAP_MS));
    previous = Math.max(previous, time);
  }
  return durations;
}

export interface AnswerRow {
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
        rows.push({ module, attempt, questionId, answer: attempt.answers[questionId]!, ms: durations.get(questionId) ?? 0, ...(question ? { question } : {}) });
      }
    }
  }
  return rows;
}
