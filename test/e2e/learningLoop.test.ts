import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../vscode/codeServer';
import type { Workbench } from '../vscode/workbench';
import { useWorkbench } from './useWorkbench';

interface ModuleFile {
  title: string;
  questions: { id: string; prompt: string; choices: { text: string; correct?: boolean }[] }[];
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'learn', `${name}.quiz.json`), 'utf8')) as ModuleFile;
const colours = fixture('colours');
const shapes = fixture('shapes');
const DAY = 24 * 60 * 60 * 1000;

/** The question on screen, found by its prompt in either fixture. */
async function questionOnScreen(frame: Frame): Promise<{ module: ModuleFile; id: string; right: string; wrong: string }> {
  const prompt = (await frame.locator('#question-prompt').innerText()).trim();
  for (const module of [colours, shapes]) {
    const question = module.questions.find((q) => q.prompt === prompt);
    if (!question) continue;
    // Neither fixture shuffles, so the keys follow the file's order: 1 for the first choice.
    const right = String(question.choices.findIndex((c) => c.correct) + 1);
    const wrong = String(question.choices.findIndex((c) => !c.correct) + 1);
    return { module, id: question.id, right, wrong };
  }
  throw new Error(`no fixture question has the prompt "${prompt}"`);
}

/** Answers the question on screen with the keyboard and goes on. */
async function answer(workbench: Workbench, frame: Frame, key: string, extraKeys: readonly string[] = []): Promise<string> {
  await frame.locator('#check-answer').waitFor();
  for (const extra of extraKeys) await workbench.page.keyboard.press(extra);
  await workbench.page.keyboard.press(key);
  await workbench.page.keyboard.press('Enter');
  await frame.locator('#feedback-status').waitFor();
  const status = await frame.locator('#feedback-status').innerText();
  await workbench.page.keyboard.press('Enter');
  return status;
}

describe('The learning loop in VS Code (dark theme)', function () {
  this.timeout(300_000);
  const clockFile = path.join(mkdtempSync(path.join(tmpdir(), 'qm-clock-')), 'offset-ms');
  const workbench = useWorkbench(() => {
    writeFileSync(clockFile, '0');
    return {
      fixture: 'test/fixtures/workspace',
      theme: 'dark',
      // Lets the test move the extension host's clock (see test/vscode/shiftClock.ts).
      env: { NODE_OPTIONS: `--require ${path.join(repoRoot, 'out', 'test', 'vscode', 'shiftClock.js')}`, QUIZ_E2E_CLOCK_FILE: clockFile },
    };
  });

  it('makes two mistakes, and Retry Mistakes asks exactly those two', async () => {
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem(colours.title);
    const frame = await workbench.webviewFrame('#question-prompt');
    const wrongOnes: string[] = [];
    for (let n = 0; n < colours.questions.length; n++) {
      await frame.locator('#check-answer').waitFor();
      const q = await questionOnScreen(frame);
      if (q.id === 'grass') {
        // The hint comes on request (H), and the answer then says it was used.
        assert.equal(await frame.locator('#hint-box').count(), 0, 'no hint before it is asked for');
        await workbench.page.keyboard.press('h');
        await frame.locator('#hint-box').waitFor();
        assert.match(await frame.locator('#hint-box').innerText(), /chlorophyll/);
        await workbench.screenshot('learning-hint');
      }
      const makeWrong = q.id === 'grass' || q.id === 'night';
      // "Sure" (S) on a wrong answer: the misconception kind of mistake.
      const status = await answer(workbench, frame, makeWrong ? q.wrong : q.right, q.id === 'night' ? ['s'] : []);
      assert.match(status, makeWrong ? /Incorrect/ : /Correct/);
      if (makeWrong) wrongOnes.push(q.id);
    }
    await frame.locator('#retry-mistakes').waitFor();
    assert.match(await frame.locator('.score').innerText(), /You scored 50%/);
    assert.match(await frame.locator('#retry-mistakes').innerText(), /Retry mistakes \(2\)/);
    await workbench.screenshot('learning-result');

    await workbench.runCommand('Quiz: Retry Mistakes');
    await workbench.pickQuickItem(colours.title);
    const asked: string[] = [];
    for (let n = 0; n < 2; n++) {
      await frame.locator('#check-answer').waitFor();
      assert.match(await frame.locator('.progress').innerText(), new RegExp(`^Retrying mistakes · Question ${n + 1} of 2`));
      const q = await questionOnScreen(frame);
      asked.push(q.id);
      if (n === 0) await workbench.screenshot('learning-retry');
      assert.match(await answer(workbench, frame, q.right), /Correct/);
    }
    assert.deepEqual(asked.sort(), wrongOnes.sort(), 'exactly the two mistakes');
    await frame.locator('#quiz-heading', { hasText: 'Practice result' }).waitFor();
    assert.match(await frame.locator('.verdict').innerText(), /does not change your best or last score/);
    await workbench.screenshot('learning-practice-result');

    // The sidebar still shows the full attempt's score.
    await workbench.showQuizSidebar();
    const row = workbench.page.locator('.monaco-list-row', { hasText: colours.title }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /best 50% · 1 attempt/);
  });

  it('brings the questions back days later and reviews them across modules from the status bar', async () => {
    // A second module, with one mistake.
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem(shapes.title);
    const shapesFrame = await workbench.webviewFrame('#question-prompt');
    for (let n = 0; n < shapes.questions.length; n++) {
      await shapesFrame.locator('#check-answer').waitFor();
      const q = await questionOnScreen(shapesFrame);
      await answer(workbench, shapesFrame, n === 0 ? q.wrong : q.right);
    }
    await shapesFrame.locator('.score').waitFor();
    const status = workbench.page.locator('.statusbar-item', { hasText: /reviews? due/ });
    assert.equal(await status.count(), 0, 'nothing is due yet');

    // Four days pass in the extension host.
    writeFileSync(clockFile, String(4 * DAY));
    // The status bar looks again every minute.
    await status.first().waitFor({ state: 'visible', timeout: 90_000 });
    const total = Number(/(\d+) reviews? due/.exec(await status.first().innerText())?.[1]);
    assert.ok(total >= 3, `questions of both modules are due (${total})`);
    await workbench.showQuizSidebar();
    const row = workbench.page.locator('.monaco-list-row', { hasText: colours.title }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /\d+ due/, 'the sidebar shows what is due per module');
    await workbench.screenshot('learning-due');

    await status.first().click();
    const frame = await workbench.webviewFrame('#question-source');
    const sources: string[] = [];
    for (let n = 0; n < total; n++) {
      await frame.locator('#check-answer').waitFor();
      assert.match(await frame.locator('.progress').innerText(), new RegExp(`Question ${n + 1} of ${total}`));
      sources.push((await frame.locator('#question-source').innerText()).replace(/^[^]*?From:\s*/, '').trim());
      if (n === 0) await workbench.screenshot('learning-review');
      const q = await questionOnScreen(frame);
      assert.match(await answer(workbench, frame, q.right, ['u']), /Correct/);
    }
    assert.notEqual(sources[0], sources[1], 'modules take turns');
    assert.deepEqual(new Set(sources), new Set([colours.title, shapes.title]));
    await frame.locator('#next-due').waitFor();
    assert.match(await frame.locator('#review-count').innerText(), new RegExp(`You reviewed ${total} questions; ${total} were right`));
    assert.match(await frame.locator('#next-due').innerText(), /The next question is due (today|tomorrow|in \d+ days)/);
    await status.first().waitFor({ state: 'hidden', timeout: 10_000 });
    // The sidebar drops the due counts too.
    for (const title of [colours.title, shapes.title]) {
      await workbench.page.locator('.monaco-list-row', { hasText: title }).filter({ hasNotText: / due/ }).first().waitFor({ timeout: 10_000 });
    }
    await workbench.screenshot('learning-review-done');
  });
});
