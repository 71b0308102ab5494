import * as assert from 'node:assert/strict';
import { answerExamRight, exam, expectWebWorker } from './examSteps';
import { useWorkbench } from './useWorkbench';


/**
 * VS Code for the Web runs extensions in a web worker, as vscode.dev and github.dev do. The user
 * setting below makes code-server run the installed .vsix there, through its `browser` entry.
 */
describe('Quiz Modules in the web worker extension host (VS Code for the Web)', function () {
  this.timeout(240_000);

  const workbench = useWorkbench({
      fixture: 'test/fixtures/workspace',
      theme: 'light',
      settings: { 'remote.extensionKind': { 'quizmodules.quiz-modules': ['ui'] } },
    });

  it('runs in the web worker', async () => {
    await expectWebWorker(workbench);
  });

  it('lists the modules and the broken file in the sidebar', async () => {
    await workbench.showQuizSidebar();
    await workbench.page.locator('.monaco-list-row', { hasText: exam.title }).first().waitFor({ timeout: 30_000 });
    const broken = workbench.page.locator('.monaco-list-row', { hasText: 'bad.quiz.json' }).first();
    await broken.waitFor();
    assert.match(await broken.innerText(), /2 problems/);
    await broken.click();
    await workbench.page.locator('.statusbar-item', { hasText: 'Ln 2, Col 14' }).waitFor();
  });

  it('opens a module, takes its quiz, and keeps the score across a reload', async () => {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem(exam.title);
    const frame = await workbench.webviewFrame('#question-prompt');
    assert.equal(await frame.locator('#article img').count(), 1, 'the article shows its image');
    await answerExamRight(frame);
    assert.match(await frame.locator('.score').innerText(), /You scored 100%/);
    await workbench.runCommand('View: Close All Editors');
    await workbench.reload();
    await workbench.showQuizSidebar();
    const row = workbench.page.locator('.monaco-list-row', { hasText: exam.title }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /best 100% · 1 attempt/);
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    assert.match(await scores.locator('section.module', { hasText: exam.title }).innerText(), /Best\s*100%/);
  });
});
