import * as assert from 'node:assert/strict';
import { useWorkbench } from './useWorkbench';

describe('A hostile module', function () {
  this.timeout(180_000);

  const workbench = useWorkbench({ fixture: 'test/fixtures/hostile', theme: 'dark' });

  it('runs nothing: no script, no handler, no dialog, no dangerous link, no command', async () => {
    await workbench.runCommand('Quiz: Open Module');
    await workbench.pickQuickItem('Hostile module');
    const frame = await workbench.webviewFrame('#article h2');
    // The safe parts are still shown, and the raw HTML is shown as text.
    assert.match(await frame.locator('#article').innerText(), /Ordinary text that should still be shown/);
    assert.match(await frame.locator('#article').innerText(), /<script>/);
    // Answer the question wrong to bring out feedback, the explanation and every hostile field.
    await frame.locator('#tab-quiz').click();
    await frame.locator('#start-quiz').click();
    await frame.locator('#question-prompt').waitFor();
    await frame.locator('label', { hasText: 'x' }).last().click();
    await frame.locator('#check-answer').click();
    await frame.locator('#feedback-status').waitFor();
    await workbench.page.mouse.move(400, 400);
    await frame.locator('.choice-text').first().hover();
    await workbench.page.waitForTimeout(1500);

    const marks = await frame.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: string }).__pwned,
      scripts: document.querySelectorAll('#app script').length,
      iframes: document.querySelectorAll('iframe').length,
      handlers: [...document.querySelectorAll('#app *')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on') || a.name === 'style').map((a) => `${el.tagName}[${a.name}]`),
      ),
      links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
      forms: document.querySelectorAll('form').length,
      overlay: document.getElementById('pwned-div') !== null && getComputedStyle(document.getElementById('pwned-div')!).position === 'fixed',
    }));
    assert.equal(marks.pwned, undefined);
    assert.equal(marks.scripts, 0);
    assert.equal(marks.iframes, 0);
    assert.deepEqual(marks.handlers, []);
    assert.equal(marks.forms, 0);
    assert.equal(marks.overlay, false);
    for (const href of marks.links) assert.match(href, /^(https?:|mailto:|#)/, `link ${href}`);
    assert.deepEqual(workbench.console.filter((m) => m.includes('PWNED')), []);
    assert.deepEqual(workbench.dialogs, []);
    // No command ran: no terminal was opened, the window is still here.
    assert.equal(await workbench.page.locator('.terminal-outer-container').count(), 0);
    assert.ok(await workbench.page.locator('.monaco-workbench').isVisible());
  });
});
