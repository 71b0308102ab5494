import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type ThemeName } from '../vscode/workbench';
import { openAllScoresDetails } from './scoresDetails';
import { answerWithChoice } from './examSteps';
import { useWorkbench } from './useWorkbench';

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

    const workbench = useWorkbench({ fixture: 'sample-workspace', theme });

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
      await answerWithChoice(frame, 4, 'first', async (n) => {
        if (n === 0) assert.ok(existsSync(await workbench.screenshot('question-feedback')));
      });
      assert.ok(existsSync(await workbench.screenshot('result')));

      // A second attempt, with the last choice each time, so the dashboard has a history.
      await frame.locator('#retake-quiz').click();
      await answerWithChoice(frame, 4, 'last');

      await workbench.runCommand('Quiz: Show Scores');
      const scores = await workbench.webviewFrame('.scores .overview');
      const text = await scores.locator('.scores').innerText();
      assert.match(text, /Semantic Versioning in five minutes/);
      assert.match(text, /Days studied in a row\s*1/);
      assert.match(text, /Finished attempts\s*2/);
      assert.match(text, /Weakest questions/);
      assert.ok(existsSync(await workbench.screenshot('scores')));
      await openAllScoresDetails(scores);
      // The chart is drawn in the theme's colours, and says in words what it shows.
      const chart = scores.locator('section.module svg.chart').first();
      assert.match((await chart.getAttribute('aria-label')) ?? '', /2 finished attempts from \d+% to \d+%/);
      const stroke = await scores.locator('svg.chart .line').first().evaluate((el) => getComputedStyle(el).stroke);
      const background = await scores.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.notEqual(stroke, background);
      assert.notEqual(stroke, 'none');
      await scores.locator('section.module:has(svg.chart)').first().scrollIntoViewIfNeeded();
      assert.ok(existsSync(await workbench.screenshot('scores-module')));

      // "Re-read" opens the module's article at the question's section.
      await scores.locator('a.reread').first().click();
      const article = await workbench.webviewFrame('#article h2');
      await article.waitForFunction(() => document.activeElement?.id.startsWith('section-') === true, undefined, { timeout: 15_000 });
      assert.equal(await article.locator('#view-article').isVisible(), true);
      assert.ok(existsSync(await workbench.screenshot('scores-reread')));
    });
  });
}
