/**
 * `quiz-modules report`: the exports of a class merged into one table, a row per question, so a
 * teacher sees which questions a group found hard and which wrong choice drew them. Pure.
 */
import { itemAnalysis, type QuestionInfo } from './analytics';
import { percentOf } from '../module/grading';
import { type ScoresExport } from './scoresExport';
import { csvField } from './scoresCsv';

interface ReportRow {
  readonly moduleId: string;
  readonly moduleTitle: string;
  readonly questionId: string;
  readonly question: string;
  /** Exports (learners) that answered the question in a full attempt. */
  readonly learners: number;
  /** Answers in full attempts, over all learners. */
  readonly answered: number;
  readonly rightFirstTry: number;
  readonly topWrong?: { readonly key: string; readonly text: string; readonly count: number };
}

/**
 * One row per question answered in any export, in each module's question order where an export
 * names the questions, then by id. Attempt ids are not merged across exports: each export is
 * one learner's, and the same id in two exports (one file given twice) counts once.
 */
export function classReport(exports: readonly ScoresExport[]): ReportRow[] {
  const titles = new Map<string, string>();
  const questions = new Map<string, Map<string, QuestionInfo>>();
  for (const data of exports) {
    for (const m of data.modules) {
      if (m.title !== undefined && !titles.has(m.moduleId)) titles.set(m.moduleId, m.title);
      const known = questions.get(m.moduleId) ?? new Map<string, QuestionInfo>();
      for (const q of m.questions ?? []) if (!known.has(q.id)) known.set(q.id, q);
      questions.set(m.moduleId, known);
    }
  }
  const totals = new Map<string, { learners: number; answered: number; right: number; wrong: Map<string, number> }>();
  const seenAttempts = new Set<string>();
  for (const data of exports) {
    for (const m of data.modules) {
      const attempts = m.attempts.filter((a) => {
        const key = `${m.moduleId}\u0000${a.id}`;
        if (seenAttempts.has(key)) return false;
        seenAttempts.add(key);
        return true;
      });
      const info = [...(questions.get(m.moduleId)?.values() ?? [])];
      for (const [questionId, item] of itemAnalysis(attempts, info.length ? info : undefined)) {
        const key = `${m.moduleId}\u0000${questionId}`;
        const entry = totals.get(key) ?? { learners: 0, answered: 0, right: 0, wrong: new Map<string, number>() };
        entry.learners++;
        entry.answered += item.answered;
        entry.right += item.rightFirstTry;
        for (const pick of item.wrongPicks) entry.wrong.set(pick.key, (entry.wrong.get(pick.key) ?? 0) + pick.count);
        totals.set(key, entry);
      }
    }
  }
  const rows: (ReportRow & { order: number })[] = [];
  for (const [key, entry] of totals) {
    const at = key.indexOf('\u0000');
    const moduleId = key.slice(0, at);
    const questionId = key.slice(at + 1);
    const known = questions.get(moduleId);
    const question = known?.get(questionId);
    const order = known ? [...known.keys()].indexOf(questionId) : -1;
    const top = [...entry.wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    rows.push({
      moduleId,
      moduleTitle: titles.get(moduleId) ?? moduleId,
      questionId,
      question: question?.prompt ?? questionId,
      learners: entry.learners,
      answered: entry.answered,
      rightFirstTry: entry.right,
      ...(top ? { topWrong: { key: top[0], text: question?.choices.find((c) => c.key === top[0])?.text ?? top[0], count: top[1] } } : {}),
      order: order < 0 ? Number.MAX_SAFE_INTEGER : order,
    });
  }
  rows.sort((a, b) => a.moduleTitle.localeCompare(b.moduleTitle) || a.moduleId.localeCompare(b.moduleId) || a.order - b.order || a.questionId.localeCompare(b.questionId));
  return rows.map(({ order: _order, ...row }) => row);
}

const percent = (part: number, whole: number) => (whole > 0 ? `${percentOf(part, whole)}%` : '—');

/** A Markdown table; pipes, backslashes and line breaks in texts cannot break it. */
export function reportMarkdown(rows: readonly ReportRow[], files: number): string {
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
  const lines = [
    `# Quiz report`,
    '',
    `${files} exports, ${rows.length} questions. "Right at first try" counts answers in full attempts (not practice or review).`,
    '',
    '| Module | Question | Learners | Answered | Right at first try | Most picked wrong choice |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.moduleTitle)} | ${cell(r.question)} | ${r.learners} | ${r.answered} | ${percent(r.rightFirstTry, r.answered)} | ${
          r.topWrong ? `${cell(r.topWrong.text)} (${percent(r.topWrong.count, r.answered)})` : '—'
        } |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function reportCsv(rows: readonly ReportRow[]): string {
  const head = ['module_id', 'module_title', 'question_id', 'question', 'learners', 'answered', 'right_first_try', 'right_first_try_share', 'top_wrong_key', 'top_wrong_choice', 'top_wrong_count', 'top_wrong_share'];
  const lines = [head.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.moduleId,
        r.moduleTitle,
        r.questionId,
        r.question,
        r.learners,
        r.answered,
        r.rightFirstTry,
        r.answered ? Math.round((r.rightFirstTry / r.answered) * 1000) / 1000 : undefined,
        r.topWrong?.key,
        r.topWrong?.text,
        r.topWrong?.count,
        r.topWrong && r.answered ? Math.round((r.topWrong.count / r.answered) * 1000) / 1000 : undefined,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
