/**
 * axe-core in the real webview, written once for the suites that run it: injected through the
 * DevTools protocol (which the page's CSP does not block) and run on the document.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0/2.1 A and AA. */
export const AXE_WCAG_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The same and axe's best practices. */
export const AXE_TAGS: readonly string[] = [...AXE_WCAG_TAGS, 'best-practice'];

export interface Finding {
  readonly page: string;
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core's violations in a frame or page, each named with `page`. */
export async function axeFindings(target: Frame | Page, page: string, tags: readonly string[] = AXE_TAGS): Promise<Finding[]> {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  }, tags);
  return violations.map((v) => ({ page, ...v }));
}

/** The same as "rule: targets" lines, for an assertion that expects none. */
export async function axeViolations(frame: Frame, tags: readonly string[] = AXE_TAGS): Promise<string[]> {
  return (await axeFindings(frame, '', tags)).map((f) => `${f.id}: ${f.targets.join(', ')}`);
}
