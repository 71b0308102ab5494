import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Workbench, type ThemeName } from '../vscode/workbench';

/**
 * The article, a question with its feedback, the result and the scores view in the light, dark
 * and high-contrast themes, saved under test-results/ for people to look at. The checks make
 * sure each picture shows what its name says, in the theme it names.
 */
const themes: { theme: ThemeName; bodyClass: string }[] = [
  { theme: 'light', bodyClass: 'vscode-light' },
  { theme: 'dark', bodyClass: 'vscode-dark' },
  { theme: 'high-contrast', bodyClass: 'vscode-high-contrast' },
];

for (const { theme, bodyClass } of themes) {
  describe(`Screenshots in the ${theme} theme`, function () {
    this.timeout(240_000);
    let workbench: Workbench;

    before(async () => {
      workbench = await Workbench.open({ fixture: 'sample-workspace', theme });
    });
    after(async () => {
      await workbench?.close();
    });

    it('shows the article, a question with feedback, the result and the scores', async () => {
      await workbench.runCommand('Quiz: Open Module');
      await workbench.pickQuickItem('Semantic Versioning');
      const frame = await workbench.webviewFrame('#article h2');
      assert.ok((await frame.locator('body').getAttribute('class'))?.split(' ').includes(bodyClass), `the webview body has ${bodyClass}`);
      const colours = await frame.evaluate(() => {
        const style = getComputedStyle(document.body);
        return { color: style.color, background: style.backgroundColor };
      });
      assert.notEqual(colours.color, colours.background, 'text and background differ');
      assert.ok(existsSync(await workbench.screenshot('article')));

      await frame.locator('#tab-quiz').click();
      await frame.locator('#start-quiz').click();
      // Answer every question with its first choice as shown: some right, some wrong.
      for (let n = 0; n < 4; n++) {
        await frame.locator('#check-answer').waitFor();
        await frame.locator('.choice label').first().click();
        await frame.locator('#check-answer').click();
        await frame.locator('#feedback-status').waitFor();
        if (n === 0) assert.ok(existsSync(await workbench.screenshot('question-feedback')));
        await frame.locator('#next-question').click();
      }
      await frame.locator('.score').waitFor();
      assert.ok(existsSync(await workbench.screenshot('result')));

      await workbench.runCommand('Quiz: Show Scores');
      const scores = await workbench.webviewFrame('.scores');
      assert.match(await scores.locator('.scores').innerText(), /Semantic Versioning in five minutes/);
      assert.ok(existsSync(await workbench.screenshot('scores')));
    });
  });
}
