/**
 * Steps the e2e journeys share: the fixture exam (test/fixtures/workspace/exam) with its file and
 * every question answered right, a quiz answered choice by choice, and where the extension runs.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/codeServer';
import type { Workbench } from '../vscode/workbench';

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

/**
 * Answers `count` questions of the quiz on the page with their first (or last) choice as shown,
 * checking each and going on, and waits for the score; `onFeedback` runs while a feedback shows.
 */
export async function answerWithChoice(frame: Frame, count: number, which: 'first' | 'last', onFeedback?: (n: number) => Promise<void>): Promise<void> {
  for (let n = 0; n < count; n++) {
    await frame.locator('#check-answer').waitFor();
    await frame.locator('.choice label')[which]().click();
    await frame.locator('#check-answer').click();
    await frame.locator('#feedback-status').waitFor();
    await onFeedback?.(n);
    await frame.locator('#next-question').click();
  }
  await frame.locator('.score').waitFor();
}

/** Checks in "Developer: Show Running Extensions" that Quiz Modules runs in the web worker, then closes it. */
export async function expectWebWorker(workbench: Workbench): Promise<void> {
  await workbench.runCommand('Developer: Show Running Extensions');
  const row = workbench.page.locator('.monaco-list-row', { hasText: 'Quiz Modules' }).first();
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.innerText(), /web worker/i);
  await workbench.runCommand('View: Close All Editors');
}
