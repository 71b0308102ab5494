import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { useWorkbench } from './useWorkbench';

interface ModuleFile {
  title: string;
  questions: { id: string; prompt: string; points?: number; choices: { text: string; correct?: boolean }[] }[];
}

/** Clicks the choice whose text is exactly `text` (a label also shows its key). */
async function pick(frame: Frame, text: string): Promise<void> {
  await frame.locator('.choice-text').filter({ hasText: new RegExp(`^${text}$`) }).first().click();
}

/** Answers the question on screen with its right choice, as the module file says now. */
async function answerRight(frame: Frame, module: ModuleFile): Promise<string> {
  await frame.locator('#check-answer').waitFor();
  const prompt = (await frame.locator('#question-prompt').innerText()).trim();
  const question = module.questions.find((q) => q.prompt === prompt);
  assert.ok(question, `"${prompt}" is a question of the module`);
  for (const choice of question.choices.filter((c) => c.correct)) await pick(frame, choice.text);
  await frame.locator('#check-answer').click();
  return question.id;
}

describe('One score everywhere (light theme)', function () {
  this.timeout(240_000);
  let planetsFile: string;
  let planets: ModuleFile;

  const workbench = useWorkbench({ fixture: 'test/fixtures/editing', theme: 'light' });
  before(async () => {
    planetsFile = path.join(workbench.server.workspace, 'planets.quiz.json');
    planets = JSON.parse(readFileSync(planetsFile, 'utf8')) as ModuleFile;
  });

  it('shows nothing about an open exam on the scores page', async () => {
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem('Fixture: short exam');
    const frame = await workbench.webviewFrame('#question-prompt');
    const exam = JSON.parse(readFileSync(path.join(workbench.server.workspace, 'exam-lite.quiz.json'), 'utf8')) as ModuleFile;
    await answerRight(frame, exam);
    await frame.locator('.progress', { hasText: 'Question 2 of 2' }).waitFor();
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    const section = scores.locator('section.module', { hasText: 'Fixture: short exam' });
    const text = await section.innerText();
    assert.match(text, /In progress/);
    assert.match(text, /Attempts\s*0/);
    assert.doesNotMatch(text, /\d+%/, 'no percent for the open exam');
    assert.equal(await section.locator('table').count(), 0, 'no per-question accuracy for the open exam');
    const row = workbench.page.locator('.monaco-list-row', { hasText: 'Fixture: short exam' }).first();
    await workbench.showQuizSidebar();
    assert.match(await row.innerText(), /in progress/);
    await workbench.runCommand('View: Close All Editors');
  });

  it('keeps one score when the module file is edited mid-attempt: result, review, sidebar and scores agree', async () => {
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem(planets.title);
    const frame = await workbench.webviewFrame('#question-prompt');
    for (const expected of ['closest', 'largest']) {
      assert.equal(await answerRight(frame, planets), expected);
      await frame.locator('#feedback-status').waitFor();
      await frame.locator('#next-question').click();
    }

    // The author moves Mercury last and makes the question worth 3 points, rewords a choice of
    // the second question, and deletes the last one.
    const [closest, largest, red] = planets.questions;
    const edited: ModuleFile = {
      ...planets,
      questions: [
        { ...closest!, points: 3, choices: [closest!.choices[1]!, closest!.choices[2]!, closest!.choices[0]!] },
        { ...largest!, choices: [largest!.choices[0]!, largest!.choices[1]!, { text: 'Neptune' }] },
        red!,
      ],
    };
    writeFileSync(planetsFile, JSON.stringify(edited, null, 2));
    const notice = frame.locator('#change-notice');
    await notice.waitFor({ timeout: 20_000 });
    const said = await notice.innerText();
    assert.match(said, /edited while you were taking it/);
    assert.match(said, /1 answer is kept/);
    assert.match(said, /1 changed question will be asked again/);
    assert.match(said, /1 question was removed/);
    await workbench.screenshot('module-changed-notice');

    assert.equal(await answerRight(frame, edited), 'largest', 'the changed question is asked again');
    await frame.locator('#next-question').click();
    assert.equal(await answerRight(frame, edited), 'red');
    await frame.locator('#next-question').click();
    await frame.locator('.score').waitFor();
    assert.match(await frame.locator('.score').innerText(), /You scored 100% \(5 of 5 points\)/);
    const items = frame.locator('.review-item');
    assert.equal(await items.count(), 3, 'the deleted question is not in the review');
    const first = items.nth(0);
    assert.match(await first.innerText(), /Closest|closest/);
    const mercury = first.locator('.choice', { hasText: 'Mercury' });
    assert.match(await mercury.innerText(), /your pick/, 'the review shows the learner\'s pick');
    assert.match(await first.locator('.feedback .status').innerText(), /3 of 3 points/);

    await workbench.runCommand('View: Close All Editors');
    await workbench.reload();
    await workbench.showQuizSidebar();
    const row = workbench.page.locator('.monaco-list-row', { hasText: planets.title }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /best 100% · 1 attempt/);
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    const section = await scores.locator('section.module', { hasText: planets.title }).innerText();
    assert.match(section, /Best\s*100% \(5\/5\)/);
    assert.match(section, /Last\s*100% \(5\/5\)/);
  });

  it('opens a module\'s details with the keyboard: its question table arrives, the focus stays, a live region says so', async () => {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    const section = scores.locator('section.module', { hasText: planets.title });
    const details = section.locator('details.module-details');
    assert.equal(await details.getAttribute('open'), null, 'the details are closed at first');
    assert.equal(await section.locator('table').count(), 0, 'and not in the page yet');
    // Into the page at the module's heading, then Tab to its disclosure, as a keyboard user goes.
    await section.locator('h2').click();
    let reached = false;
    for (let n = 0; n < 40 && !reached; n++) {
      await workbench.page.keyboard.press('Tab');
      reached = await section.locator('details.module-details > summary').evaluate((el) => document.activeElement === el);
    }
    assert.ok(reached, 'Tab reaches the module\'s details');
    await workbench.page.keyboard.press('Enter');
    const caption = section.locator('.details-body table caption', { hasText: 'Per-question accuracy' });
    await caption.waitFor({ timeout: 20_000 });
    assert.notEqual(await details.getAttribute('open'), null);
    const rows = await section.locator('.details-body table:has(caption:text("Per-question accuracy")) tbody tr').allInnerTexts();
    // The module as its file says now (the test before edited it).
    const current = JSON.parse(readFileSync(planetsFile, 'utf8')) as ModuleFile;
    assert.equal(rows.length, current.questions.length, 'one row per question');
    for (const [i, question] of current.questions.entries()) assert.match(rows[i]!, new RegExp(question.prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await section.locator('details.module-details > summary').evaluate((el) => document.activeElement === el), true, 'the focus stays on the disclosure');
    assert.equal(await scores.locator('#scores-status').innerText(), `The details of "${planets.title}" are shown.`);
    assert.ok(await section.locator('svg.chart').count(), 'the chart came with them');
    // Enter again closes them.
    await workbench.page.keyboard.press('Enter');
    await scores.waitForFunction((title) => [...document.querySelectorAll('section.module')].find((s) => s.textContent?.includes(title))?.querySelector('details.module-details')?.hasAttribute('open') === false, planets.title);
  });
});
