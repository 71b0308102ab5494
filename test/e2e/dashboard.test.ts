import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { QUICK_INPUT } from '../vscode/workbench';
import { answerWithChoice } from './examSteps';
import { useWorkbench } from './useWorkbench';

/**
 * Export and import as a learner does them, in the workbench: the commands from the palette, the
 * format from a quick pick, the file from VS Code's own save and open dialogs, and the question
 * before an import writes anything.
 */
describe('Scores carried to another workspace, through the dialogs', function () {
  this.timeout(240_000);

  const workbench = useWorkbench({ fixture: 'sample-workspace', theme: 'dark' });

  /** The palette, once more if a dialog that just closed swallowed the first key press. */
  async function runCommand(title: string): Promise<void> {
    // Focus back in the workbench (not a webview or a toast) before F1.
    await workbench.page.locator('.part.statusbar').click({ position: { x: 600, y: 5 } });
    await workbench.page.waitForTimeout(300);
    try {
      await workbench.runCommand(title);
    } catch {
      await workbench.page.keyboard.press('Escape');
      await workbench.runCommand(title);
    }
  }

  /** Types a path into VS Code's own file dialog (a quick input in the browser) and accepts it. */
  async function answerFileDialog(file: string): Promise<void> {
    const input = workbench.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    // The dialog fills in its starting folder first; typing before that would be overwritten.
    await workbench.page.waitForFunction((selector) => (document.querySelector(selector) as HTMLInputElement | null)?.value.startsWith('/'), QUICK_INPUT);
    await workbench.page.waitForTimeout(500);
    await input.fill(file);
    await workbench.page.waitForTimeout(500);
    assert.equal(await input.inputValue(), file);
    await workbench.page.keyboard.press('Enter');
  }

  it('exports as JSON, imports it back after asking, and refuses a file that is not an export', async () => {
    const page = workbench.page;
    await runCommand('Quiz: Start Quiz');
    await workbench.pickQuickItem('Semantic Versioning');
    const quiz = await workbench.webviewFrame('#check-answer');
    await answerWithChoice(quiz, 4, 'first');

    // Export: the format, then the file.
    const file = path.join(workbench.server.workspace, 'my-scores.json');
    await runCommand('Quiz: Export Scores');
    await workbench.pickQuickItem('JSON (complete');
    await answerFileDialog(file);
    await page.locator('.notifications-toasts', { hasText: 'Exported the scores of 1 module (4 answers)' }).waitFor({ timeout: 15_000 });
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; modules: { moduleId: string; attempts: unknown[] }[] };
    assert.equal(exported.format, 'quiz-modules-scores');
    assert.deepEqual(exported.modules.map((m) => [m.moduleId, m.attempts.length]), [['semantic-versioning', 1]]);

    // A fresh start: the scores are reset.
    await runCommand('Quiz: Reset Scores');
    await workbench.pickQuickItem('Semantic Versioning');
    const reset = page.locator('.monaco-dialog-box');
    await reset.waitFor({ state: 'visible' });
    await reset.locator('.monaco-button', { hasText: 'Reset Scores' }).click();
    await reset.waitFor({ state: 'hidden' });

    // Import: the file, then a question that says what will be added.
    await runCommand('Quiz: Import Scores');
    await answerFileDialog(file);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const question = await dialog.innerText();
    assert.match(question, /Add these scores from "my-scores\.json" to this workspace\?/);
    assert.match(question, /Semantic Versioning in five minutes: 1 attempt \(4 answers\)/);
    await workbench.screenshot('import-question');
    await dialog.locator('.monaco-button', { hasText: /^Import$/ }).click();
    await page.locator('.notifications-toasts', { hasText: 'Imported 1 attempt.' }).waitFor({ timeout: 15_000 });

    await runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores .overview');
    assert.match(await scores.locator('.overview').innerText(), /Finished attempts\s*1/);

    // A file that is not an export: refused, with the reason.
    const foreign = path.join(workbench.server.workspace, 'semver.quiz.json');
    assert.ok(existsSync(foreign));
    await runCommand('Quiz: Import Scores');
    await answerFileDialog(foreign);
    await page
      .locator('.notifications-toasts', { hasText: '"semver.quiz.json" was not imported: it is not a Quiz Modules scores export' })
      .waitFor({ timeout: 15_000 });
    assert.match(await scores.locator('.overview').innerText(), /Finished attempts\s*1/, 'nothing changed');
  });
});
