import type { Frame } from 'playwright-core';

/**
 * Opens every module's details on the scores page, as a learner clicks them open (the first
 * paint holds only the summaries; the host sends a module's details when they are opened), and
 * waits until each has arrived. Returns how many were opened.
 */
export async function openAllScoresDetails(frame: Frame): Promise<number> {
  const closed = frame.locator('details.module-details:not([open]) > summary');
  const count = await closed.count();
  for (let i = 0; i < count; i++) await closed.first().click();
  await frame.waitForFunction(
    () => document.querySelector('.details-loading') === null && [...document.querySelectorAll('details.module-details')].every((d) => d.hasAttribute('data-loaded')),
    undefined,
    { timeout: 20_000 },
  );
  return count;
}
