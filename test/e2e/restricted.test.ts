import * as assert from 'node:assert/strict';
import { openAllScoresDetails } from './scoresDetails';
import { useWorkbench } from './useWorkbench';

describe('A module in Restricted Mode (untrusted workspace)', function () {
  this.timeout(180_000);

  const workbench = useWorkbench({ fixture: 'test/fixtures/restricted', theme: 'dark', restricted: true });

  it('still opens workspace modules, with no remote image and an image policy without https:', async () => {
    await workbench.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await workbench.runCommand('Quiz: Open Module');
    await workbench.pickQuickItem('Fixture: restricted mode');
    const frame = await workbench.webviewFrame('#article h1');
    assert.equal(await frame.locator('#article img').count(), 0, 'the remote image is not in the page');
    assert.match(await frame.locator('#article').innerText(), /A picture from the web/, 'its alt text is');
    const policy = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const imgSrc = /img-src ([^;]*)/.exec(policy)?.[1] ?? '';
    assert.ok(imgSrc.length > 0, policy);
    assert.doesNotMatch(imgSrc, /https:(\s|$)/, `img-src is "${imgSrc}"`);
  });

  it('follows an in-page link, and opens an outside link only after the user confirms', async () => {
    const frame = await workbench.webviewFrame('#article h1');
    await frame.locator('#article a', { hasText: 'the end' }).click();
    await frame.waitForFunction(() => {
      const heading = document.getElementById('section-the-end');
      return heading !== null && heading.getBoundingClientRect().top < window.innerHeight;
    });
    const pagesBefore = workbench.page.context().pages().length;
    await frame.locator('#article a', { hasText: 'the colour guide' }).click();
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /Open a link from a quiz module outside VS Code\?/);
    assert.match(text, /https:\/\/colours\.example\/guide/);
    await workbench.screenshot('restricted-link-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await workbench.page.waitForTimeout(500);
    assert.equal(workbench.page.context().pages().length, pagesBefore, 'nothing was opened');
  });

  it('takes the quiz and keeps the score', async () => {
    const frame = await workbench.webviewFrame('#article h1');
    await frame.locator('#tab-quiz').click();
    await frame.locator('#start-quiz').click();
    await frame.locator('.choice-text', { hasText: /^Teal$/ }).click();
    await frame.locator('#check-answer').click();
    await frame.locator('#feedback-status').waitFor();
    await frame.locator('#next-question').click();
    await frame.locator('.score').waitFor();
    assert.match(await frame.locator('.score').innerText(), /You scored 100%/);
  });

  it('keeps remote images off the scores page too, with an image policy without https:', async () => {
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    await scores.locator('section.module', { hasText: 'Fixture: restricted mode' }).waitFor();
    await openAllScoresDetails(scores);
    assert.equal(await scores.locator('img').count(), 0, 'no image on the scores page');
    assert.match(await scores.locator('.scores').innerText(), /A colour swatch from the web/, 'the prompt shows its alt text');
    const policy = (await scores.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const imgSrc = /img-src ([^;]*)/.exec(policy)?.[1] ?? '';
    assert.ok(imgSrc.length > 0, policy);
    assert.doesNotMatch(imgSrc, /https:(\s|$)/, `img-src is "${imgSrc}"`);
  });
});
