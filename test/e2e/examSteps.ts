/**
 * The fixture exam (test/fixtures/workspace/exam) as the e2e journeys take it: its file, and
 * answering every question right in the module page, one after the other.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/codeServer';

export interface ModuleFile {
  title: string;
  questions: { prompt: string; choices: { text: string; correct?: boolean }[] }[];
}

export const exam = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'exam', 'exam.quiz.json'), 'utf8')) as ModuleFile;

/** Picks the right choices of each question the page asks, checks it, and waits for the score. */
export async function answerExamRight(frame: Frame): Promise<void> {
  for (let n = 0; n < exam.questions.length; n++) {
    await frame.locator('#check-answer').waitFor();
    const prompt = (await frame.locator('#question-prompt').innerText()).trim();
    const question = exam.questions.find((q) => q.prompt === prompt);
    if (!question) throw new Error(`The page asks a question the exam does not hold: ${prompt}`);
    for (const choice of question.choices.filter((c) => c.correct)) {
      await frame.locator('.choice-text').filter({ hasText: new RegExp(`^${choice.text}$`) }).first().click();
    }
    await frame.locator('#check-answer').click();
    if (n < exam.questions.length - 1) await frame.locator('.progress', { hasText: `Question ${n + 2} of` }).waitFor();
  }
  await frame.locator('.score').waitFor();
}
