// The scores export as CSV: one row per answer, for a spreadsheet.
import { answerConfidence, answerHinted, attemptKind } from './analytics';
import { answerRows } from './answerRows';
import type { ScoresExport } from './scoresExport';

/**
 * One CSV field as RFC 4180 writes it (quoted when it holds a comma, quote or line break; quotes
 * doubled). A text that a spreadsheet would run as a formula (= + - @, or a tab or carriage
 * return first) gets a leading apostrophe, so it stays text.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'module_id',
  'module_title',
  'attempt_id',
  'attempt_kind',
  'attempt_started',
  'attempt_finished',
  'question_id',
  'question',
  'picked_keys',
  'picked_text',
  'correct',
  'earned',
  'points',
  'answered_at',
  'seconds',
  'confidence',
  'hinted',
] as const;

export function toCsv(data: ScoresExport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const { module, attempt, questionId, answer, ms, question } of answerRows(data)) {
    const text = answer.picks.map((key) => question?.choices.find((c) => c.key === key)?.text ?? key);
    const confidence = answerConfidence(answer);
    lines.push(
      [
        module.moduleId,
        module.title,
        attempt.id,
        attemptKind(attempt),
        attempt.startedAt,
        attempt.finishedAt,
        questionId,
        question?.prompt,
        answer.picks.join(' '),
        text.join(' | '),
        answer.correct,
        answer.earned,
        answer.points,
        answer.answeredAt,
        Math.round(ms / 100) / 10,
        confidence,
        answerHinted(answer) ? true : undefined,
      ]
        .map(csvField)
        .join(','),
    );
  }
  // RFC 4180 ends records with CRLF.
  return `${lines.join('\r\n')}\r\n`;
}
