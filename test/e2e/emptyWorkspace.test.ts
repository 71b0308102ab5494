import * as assert from 'node:assert/strict';
import { useWorkbench } from './useWorkbench';

describe('A workspace without modules', function () {
  this.timeout(180_000);

  const workbench = useWorkbench({
      fixture: 'test/fixtures/empty',
      theme: 'light',
      settings: { 'quizModules.showBundledModules': false },
    });

  it('shows welcome content with a button in the sidebar, and the palette says there is nothing to open', async () => {
    await workbench.showQuizSidebar();
    const welcome = workbench.page.locator('.welcome-view-content', { hasText: 'No quiz modules here yet' });
    await welcome.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await welcome.locator('.monaco-button', { hasText: 'Reload Modules' }).count(), 1);
    await workbench.runCommand('Quiz: Open Module');
    await workbench.page.locator('.notifications-toasts', { hasText: 'No quiz modules were found' }).waitFor({ timeout: 10_000 });
  });
});
