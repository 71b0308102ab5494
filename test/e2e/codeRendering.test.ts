import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type ThemeName } from '../vscode/workbench';
import { AXE_WCAG_TAGS, axeViolations } from './axe';
import { useWorkbench } from './useWorkbench';

/**
 * The code sample module (sample-workspace/slicing.*) in the real workbench, in four themes:
 * highlighted code whose colours follow the theme, a formula drawn as MathML, an alert with its
 * codicon, a footnote, a copy button used from the keyboard, and a highlighted question prompt.
 * Screenshots go to test-results/ (code-article-*.png, code-question-*.png).
 */
const themes: { theme: ThemeName; bodyClass: string }[] = [
  { theme: 'light', bodyClass: 'vscode-light' },
  { theme: 'dark', bodyClass: 'vscode-dark' },
  { theme: 'high-contrast', bodyClass: 'vscode-high-contrast' },
  { theme: 'high-contrast-light', bodyClass: 'vscode-high-contrast-light' },
];

const stringColours = new Map<string, string>();

for (const { theme, bodyClass } of themes) {
  describe(`Code, math and alerts in the ${theme} theme`, function () {
    this.timeout(240_000);

    const workbench = useWorkbench({ fixture: 'sample-workspace', theme });
    before(async () => {
      await workbench.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    });

    it('shows highlighted code, a MathML formula, an alert and a footnote, and copies code from the keyboard', async () => {
      await workbench.runCommand('Quiz: Open Module');
      await workbench.pickQuickItem('Python list slicing');
      const frame = await workbench.webviewFrame('#article pre.code-block');
      assert.ok((await frame.locator('body').getAttribute('class'))?.split(' ').includes(bodyClass), `the webview body has ${bodyClass}`);

      // Highlighted on the host: spans with highlight.js classes, coloured by this theme's palette.
      const code = frame.locator('#article pre.code-block code.language-python').first();
      await code.waitFor();
      assert.ok((await code.locator('span.hljs-string').count()) > 0, 'strings are marked');
      const colours = await code.locator('span.hljs-string').first().evaluate((span) => ({
        string: getComputedStyle(span).color,
        text: getComputedStyle(span.closest('pre')!).color,
      }));
      assert.notEqual(colours.string, colours.text, 'a string is coloured apart from plain code');
      stringColours.set(theme, colours.string);

      // Formulas are MathML, which Chromium draws itself.
      assert.ok((await frame.locator('#article math').count()) >= 3, 'the inline and display formulas are <math>');
      assert.ok((await frame.locator('#article math[display="block"] mfrac').count()) >= 1, 'the display formula has its fraction');
      // The page travels into the webview as ASCII (each other character escaped): `\le` still reads as the sign itself.
      assert.ok((await frame.locator('#article math mo', { hasText: '\u2264' }).count()) >= 3, 'the inline formula\'s three \u2264 signs arrive as themselves');

      // The alert, with its codicon and title.
      const tip = frame.locator('#article .markdown-alert-tip');
      assert.match(await tip.innerText(), /Tip[\s\S]*the last k items/);
      assert.equal(await tip.locator('.codicon-lightbulb').count(), 1);

      // The footnote: a numbered reference and the note at the end.
      assert.equal(await frame.locator('#article sup.footnote-ref a').innerText(), '1');
      assert.match(await frame.locator('#article section.footnotes').innerText(), /Shallow means/);
      assert.ok(existsSync(await workbench.screenshot('code-article')));
      assert.deepEqual(await axeViolations(frame, AXE_WCAG_TAGS), [], 'axe-core on the article');

      // Copy from the keyboard: focus the first copy button, press Enter, hear the confirmation.
      const copy = frame.locator('#article .copy-code').first();
      await copy.focus();
      await workbench.page.keyboard.press('Enter');
      await frame.locator('#announcer', { hasText: 'Code copied to the clipboard.' }).waitFor({ timeout: 10_000 });
      const copied = await workbench.page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /^letters = \["a", "b", "c", "d", "e"\]\nprint\(letters\[1:4\]\)/);
      await frame.locator('#article').evaluate(() => window.scrollTo(0, 400));
      await frame.locator('#article .copy-code').first().focus();
      assert.ok(existsSync(await workbench.screenshot('code-article-scrolled')));

      // A question whose prompt holds highlighted code.
      await frame.locator('#tab-quiz').click();
      await frame.locator('#start-quiz').click();
      await frame.locator('#question-prompt pre.code-block code.hljs').waitFor();
      await frame.locator('.choice label').first().click();
      await frame.locator('#check-answer').click();
      await frame.locator('#feedback-status').waitFor();
      assert.ok(existsSync(await workbench.screenshot('code-question')));
      assert.deepEqual(await axeViolations(frame, AXE_WCAG_TAGS), [], 'axe-core on the question with feedback');
    });
  });
}

describe('Code, math and alerts: colours', () => {
  it('of highlighted code differ between the light, dark and both high-contrast themes (after the four journeys above)', () => {
    assert.equal(stringColours.size, 4, 'every theme was seen');
    assert.equal(new Set(stringColours.values()).size, 4, JSON.stringify([...stringColours]));
  });
});
