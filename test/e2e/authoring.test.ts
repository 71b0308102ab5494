import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { QUICK_INPUT, resultsDir } from '../vscode/workbench';
import { axeViolations } from './axe';
import { useWorkbench } from './useWorkbench';

/** Finds `text` in the editor (Ctrl+F, Enter, Escape) and types `typed` over what it selected. */
async function typeOver(page: Page, text: string, typed: string): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+F');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.type(typed);
}

/** Settings that let the test type JSON key by key, as written, without the editor adding to it. */
const PLAIN_TYPING = {
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingBrackets': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.autoSurround': 'never',
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
};

describe('An author in VS Code (dark theme)', function () {
  this.timeout(300_000);

  const workbench = useWorkbench({ fixture: 'test/fixtures/authoring', theme: 'dark', settings: PLAIN_TYPING });

  async function openFile(name: string): Promise<void> {
    const { page } = workbench;
    await page.keyboard.press('Control+P');
    const input = page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    // The recent files show first: wait until the filtered list has the file on top.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  }

  async function goToLine(line: number): Promise<void> {
    const { page } = workbench;
    await page.keyboard.press('Control+G');
    await page.locator(QUICK_INPUT).waitFor({ state: 'visible' });
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
  }

  const problemRow = (text: RegExp) => workbench.page.locator('.markers-panel .monaco-list-row', { hasText: text });

  const step = (title: string) => workbench.page.locator('.getting-started-step', { hasText: title }).first();
  const stepDone = (title: string) => step(title).locator('[data-done-step-id][aria-checked="true"]');

  async function openWalkthrough(): Promise<void> {
    await workbench.runCommand('Welcome: Open Walkthrough...');
    await workbench.pickQuickItem('Get Started with Quiz Modules');
    await step('Create a module').waitFor({ state: 'visible', timeout: 30_000 });
  }

  it('opens the authoring walkthrough from Welcome: Open Walkthrough…, with no step done yet', async () => {
    await openWalkthrough();
    for (const title of ['Open the bundled module', 'Take its quiz', 'See the scores', 'Create a module', 'Preview it while you write', 'Validate it']) {
      assert.equal(await step(title).count(), 1, `step "${title}"`);
      assert.equal(await stepDone(title).count(), 0, `"${title}" is not done yet`);
    }
    await workbench.screenshot('authoring-walkthrough-start');
    await workbench.runCommand('View: Close All Editors');
  });

  it('sees a misspelled key in the Problems panel with a did-you-mean, and sees it clear once fixed', async () => {
    const { page } = workbench;
    await openFile('typo.quiz.json');
    // After line 4 ("title"), a key with a typo.
    await goToLine(4);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('  "feedbackTimming": "end",');
    await page.keyboard.press('Control+S');
    await page.keyboard.press('Control+Shift+M');
    // The extension's warning (the JSON schema's own "not allowed" shows beside it).
    const row = problemRow(/Did you mean "feedbackTiming"\?/).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row.innerText(), /"feedbackTimming" is not a field of the module format/);
    assert.match(await row.innerText(), /\[Ln 5, Col 3\]/);
    await workbench.screenshot('authoring-typo-problem');
    // Fix the key on its line (5) and save: the warning goes.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await goToLine(5);
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Delete');
    await page.keyboard.type('"feedbackTiming": "end",');
    assert.equal(await page.locator('.tab.active.dirty', { hasText: 'typo.quiz.json' }).count(), 1);
    await page.keyboard.press('Control+S');
    await problemRow(/Did you mean/).first().waitFor({ state: 'detached', timeout: 30_000 });
    await problemRow(/feedbackTimming/).first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await problemRow(/typo|feedback/i).count(), 0, 'no problem is left for the key');
  });

  let preview: Frame;

  it('creates a module with Quiz: New Module…, sees it in the sidebar and in the preview beside it', async () => {
    const { page } = workbench;
    await workbench.runCommand('Quiz: New Module…');
    const input = page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type('Authoring Journey');
    await page.keyboard.press('Enter');
    // The folder dialog (code-server's own) starts at the workspace folder: accept it.
    await page.locator('.quick-input-widget', { hasText: 'Create Module Here' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'Create Module Here' }).first().click();
    await page.locator('.tab', { hasText: 'authoring-journey.quiz.json' }).waitFor({ timeout: 30_000 });
    await page.locator('.tab', { hasText: 'authoring-journey.md' }).waitFor({ timeout: 30_000 });
    preview = await workbench.webviewFrame('#preview-key');
    await preview.locator('#module-title', { hasText: 'Authoring Journey' }).waitFor({ timeout: 30_000 });
    assert.match(await preview.locator('#preview-questions').innerText(), /Write the question here/);
    assert.equal(await preview.locator('.mark.right').count(), 1, 'the answer key marks the one right choice');
    assert.match(await preview.locator('#preview-status').innerText(), /No problems/);
    await page.locator('.tab', { hasText: /Preview: Authoring Journey/ }).waitFor();
    const workspace = workbench.server.workspace;
    assert.ok(existsSync(path.join(workspace, 'authoring-journey.quiz.json')), 'written in the workspace folder');
    assert.match(readFileSync(path.join(workspace, 'authoring-journey.md'), 'utf8'), /^# Authoring Journey/);
    await workbench.runCommand('View: Hide Panel');
    await workbench.showQuizSidebar();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Authoring Journey' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await workbench.screenshot('authoring-new-module-preview');
    assert.deepEqual(await axeViolations(preview), [], 'axe-core finds nothing on the preview');
  });

  it('edits the prompt without saving and sees the preview follow', async () => {
    const { page } = workbench;
    await page.locator('.tab', { hasText: 'authoring-journey.quiz.json' }).first().click();
    await typeOver(page, 'Write the question here.', 'Which panel follows unsaved edits?');
    const typed = Date.now();
    await preview.locator('#preview-questions', { hasText: 'Which panel follows unsaved edits?' }).waitFor({ timeout: 15_000 });
    // A figure, not a limit: the debounce is 300 ms, then the check, the render and the page.
    console.log(`      (the preview showed the typed prompt ${Date.now() - typed} ms after the last key)`);
    assert.equal(await page.locator('.tab.dirty', { hasText: 'authoring-journey.quiz.json' }).count(), 1, 'the file is not saved');
    const onDisk = readFileSync(path.join(workbench.server.workspace, 'authoring-journey.quiz.json'), 'utf8');
    assert.doesNotMatch(onDisk, /Which panel follows/, 'nothing was written');
    await preview.locator('#preview-key').scrollIntoViewIfNeeded();
    await workbench.screenshot('authoring-preview-follows');
    // The answer key as the author sees it, on its own.
    await preview.locator('#preview-key').screenshot({ path: path.join(resultsDir, `authoring-preview-answer-key-${workbench.theme}.png`) });
  });

  it('breaks the JSON and sees the last good version kept, with a banner naming the first problem', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.type(',,');
    const banner = preview.locator('#preview-banner');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await banner.innerText();
    assert.match(text, /showing the last version without errors/);
    assert.match(text, /line 1, column 2/);
    assert.match(await preview.locator('#preview-questions').innerText(), /Which panel follows unsaved edits\?/, 'the last good version stays');
    await workbench.screenshot('authoring-preview-broken');
    assert.deepEqual(await axeViolations(preview), [], 'axe-core finds nothing on the preview with its banner');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('previews a module from the editor title bar, and the walkthrough checks off what was done', async () => {
    const { page } = workbench;
    // Put the journey's module back as saved and close everything, so one preview is open.
    await page.locator('.tab', { hasText: 'authoring-journey.quiz.json' }).first().click();
    await workbench.runCommand('File: Revert File');
    await page.locator('.tab.dirty').first().waitFor({ state: 'detached', timeout: 10_000 });
    await workbench.runCommand('View: Close All Editors');
    await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10_000 });
    await openFile('typo.quiz.json');
    await page.locator('.editor-actions [aria-label^="Preview Module"]').first().click();
    const typo = await workbench.webviewFrame('#preview-key h2');
    await typo.locator('#module-title', { hasText: 'Typo Hunt' }).waitFor({ timeout: 30_000 });
    assert.match(await typo.locator('#article').innerText(), /feedback timing/);
    await openWalkthrough();
    // New Module ran from the palette and Preview Module from the title bar: both steps are done.
    for (const title of ['Create a module', 'Preview it while you write']) {
      await stepDone(title).waitFor({ timeout: 10_000 });
    }
    assert.equal(await stepDone('Validate it').count(), 0, 'a step not done stays open');
    assert.equal(await stepDone('Take its quiz').count(), 0, 'no quiz was finished yet');
    await workbench.screenshot('authoring-walkthrough-progress');
  });

  it('exports a module to GIFT from the editor title bar, into the file it names, and can open it', async () => {
    const { page } = workbench;
    await workbench.runCommand('View: Close All Editors');
    await openFile('typo.quiz.json');
    await page.locator('.editor-actions [aria-label^="Export Questions to GIFT or Moodle XML"]').first().click();
    await workbench.pickQuickItem('GIFT');
    // code-server's own save dialog, filled with the module's name beside it: accept it.
    const dialog = page.locator('.quick-input-widget', { hasText: 'Export Questions' });
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in the folder first, then the file name.
    let proposed = '';
    for (const until = Date.now() + 10_000; Date.now() < until && !proposed.endsWith('typo/typo.gift'); await page.waitForTimeout(100)) {
      proposed = await page.locator(QUICK_INPUT).inputValue();
    }
    assert.match(proposed, /typo\/typo\.gift$/);
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Exported 1 question/ });
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    const written = path.join(workbench.server.workspace, 'typo', 'typo.gift');
    assert.ok(existsSync(written), 'the GIFT file is written where the dialog said');
    const gift = readFileSync(written, 'utf8');
    assert.match(gift, /::[^:]+::/, 'a named GIFT question');
    assert.match(gift, /=/, 'with its right answer marked');
    await workbench.screenshot('authoring-export-gift');
    await toast.locator('.monaco-button', { hasText: 'Open File' }).click();
    await page.locator('.tab.active', { hasText: 'typo.gift' }).waitFor({ timeout: 15_000 });
  });

  it('follows a relative link from one module to a heading of another, and refuses a link to a file that is no module', async () => {
    const { page } = workbench;
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Quiz: Open Module');
    await workbench.pickQuickItem('Linked Reading');
    const linked = await workbench.webviewFrame('a[href^="#quiz-link:"]');
    assert.equal(await linked.locator('#article a[href^="#quiz-link:"]').count(), 2, 'both relative links stay links');
    // A link to a plain file: a message, and nothing opens.
    await linked.locator('#article a', { hasText: 'the notes' }).click();
    await page.locator('.notifications-toasts', { hasText: 'is not the article of a quiz module' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.tab', { hasText: 'notes.txt' }).count(), 0);
    await workbench.screenshot('authoring-link-refused');
    // A link to another module's article, at a heading: that module opens there.
    await linked.locator('#article a', { hasText: 'the section on keys' }).click();
    await page.locator('.tab.active', { hasText: 'Typo Hunt' }).waitFor({ timeout: 15_000 });
    const deadline = Date.now() + 20_000;
    let focused = '';
    while (Date.now() < deadline && focused !== 'section-keys') {
      for (const frame of page.frames()) {
        const title = await frame.locator('#module-title').textContent({ timeout: 200 }).catch(() => null);
        if (title?.trim() !== 'Typo Hunt' || (await frame.locator('#tab-article').count()) === 0) continue;
        focused = await frame.evaluate(() => document.activeElement?.id ?? '').catch(() => '');
      }
      if (focused !== 'section-keys') await page.waitForTimeout(200);
    }
    assert.equal(focused, 'section-keys', 'the other module opens at the heading the link names');
    await workbench.screenshot('authoring-link-followed');
  });

  it('checks off "Take its quiz" in the walkthrough once an attempt is finished, and "Open the bundled module" once a module was opened', async () => {
    // No quiz was finished before this point (the step was still open above); a module was opened.
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem('Typo Hunt');
    const frame = await workbench.webviewFrame('#check-answer');
    await frame.locator('label', { hasText: 'feedbackTiming' }).first().click();
    await frame.locator('#check-answer').click();
    // The typo fixed above made this module exam-style ("feedbackTiming": "end"): the result
    // comes straight after the last answer, with no feedback in between.
    await frame.locator('.score').waitFor({ timeout: 15_000 });
    await openWalkthrough();
    await stepDone('Open the bundled module').waitFor({ timeout: 10_000 });
    await stepDone('Take its quiz').waitFor({ timeout: 10_000 });
    await workbench.screenshot('authoring-walkthrough-quiz-done');
  });
});

describe('An author in VS Code for the Web (web worker extension host, light theme)', function () {
  this.timeout(240_000);

  const workbench = useWorkbench({
      fixture: 'test/fixtures/authoring',
      theme: 'light',
      settings: { ...PLAIN_TYPING, 'remote.extensionKind': { 'quizmodules.quiz-modules': ['ui'] } },
    }, 'failed-web-');

  it('previews a module from the title bar and follows unsaved edits in the web worker', async () => {
    const { page } = workbench;
    await workbench.runCommand('Developer: Show Running Extensions');
    const row = page.locator('.monaco-list-row', { hasText: 'Quiz Modules' }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /web worker/i);
    await workbench.runCommand('View: Close All Editors');

    await page.keyboard.press('Control+P');
    await page.locator(QUICK_INPUT).fill('typo.quiz.json');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'typo.quiz.json' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'typo.quiz.json' }).waitFor({ timeout: 15_000 });
    await page.locator('.editor-actions [aria-label^="Preview Module"]').first().click();
    const preview = await workbench.webviewFrame('#preview-key h2');
    await preview.locator('#module-title', { hasText: 'Typo Hunt' }).waitFor({ timeout: 30_000 });
    assert.equal(await preview.locator('.mark.right').count(), 1);

    await typeOver(page, 'Which key sets', 'What key decides');
    await preview.locator('#preview-questions', { hasText: 'What key decides when feedback is shown?' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await axeViolations(preview), [], 'axe-core finds nothing on the preview in the light theme');
    await workbench.screenshot('authoring-web-worker-preview');
  });
});
