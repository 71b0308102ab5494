/**
 * A VS Code workbench in Chromium, used as a person would: the packaged extension installed from
 * its .vsix, a theme, the command palette, the sidebar and the module webview.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { CODE_SERVER_VERSION, DEFAULT_CODE_SERVER_VERSION, copyFixture, installVsix, launchChromium, repoRoot, startCodeServer, type RunningCodeServer } from './codeServer';

export type ThemeName = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

const THEMES: Record<ThemeName, string> = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast': 'Default High Contrast',
  'high-contrast-light': 'Default High Contrast Light',
};

/** Screenshots; another release's go to a folder of their own, so the default's are not overwritten. */
/**
 * The quick input's text box. On VS Code 1.90 the widget also holds checkbox inputs (hidden unless
 * a pick is multi-select), so a bare `.quick-input-widget input` matches many there.
 */
export const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

export const resultsDir = path.join(
  repoRoot,
  'test-results',
  ...(CODE_SERVER_VERSION === DEFAULT_CODE_SERVER_VERSION ? [] : [`code-server-${CODE_SERVER_VERSION}`]),
);

export function vsixPath(): string {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return path.join(repoRoot, `quiz-modules-${version}.vsix`);
}

export interface WorkbenchOptions {
  /** A folder under the repository, copied afresh for this workbench. */
  readonly fixture: string;
  /** A folder to open as it is instead of a copy of `fixture` (the benchmark writes its own). */
  readonly workspace?: string;
  /** More packaged extensions to install beside Quiz Modules. */
  readonly extraVsix?: readonly string[];
  readonly theme?: ThemeName;
  readonly settings?: Record<string, unknown>;
  /** Opens the workspace untrusted, in Restricted Mode. */
  readonly restricted?: boolean;
  /** Added to the environment of code-server and the processes it starts. */
  readonly env?: Record<string, string>;
}

export class Workbench {
  /** Every console message of the page and its frames, for checks that nothing hostile ran. */
  readonly console: string[] = [];
  /** Every alert, confirm or prompt a page tried to open. */
  readonly dialogs: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    readonly server: RunningCodeServer,
    readonly theme: ThemeName,
  ) {
    page.on('console', (message) => this.console.push(message.text()));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const theme = options.theme ?? 'dark';
    const workspace = options.workspace ?? copyFixture(options.fixture);
    const server = await startCodeServer({
      workspace,
      settings: { 'workbench.colorTheme': THEMES[theme], ...options.settings },
      ...(options.restricted ? { restricted: true } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    installVsix(vsixPath(), server.extensionsDir);
    for (const vsix of options.extraVsix ?? []) installVsix(vsix, server.extensionsDir);
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const workbench = new Workbench(page, browser, server, theme);
    await workbench.load();
    return workbench;
  }

  private async load(): Promise<void> {
    // The newest workbench's scripts take over 30 s to load on a busy 2-core machine.
    await this.page.goto(this.server.url(), { timeout: 90_000 });
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The activity bar entry appears once extensions are registered.
    await this.page.waitForSelector('.activitybar [aria-label^="Quiz"]', { timeout: 60_000 });
  }

  /** Reloads the window with "Developer: Reload Window", which saves the workbench state first. */
  async reload(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (frame) => frame === this.page.mainFrame(), timeout: 30_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await this.page.waitForSelector('.activitybar [aria-label^="Quiz"]', { timeout: 60_000 });
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }

  /** Shows the Quiz sidebar; clicking its activity bar entry while it shows would close it. */
  async showQuizSidebar(): Promise<void> {
    // Right after a reload the activity bar may not yet mark the restored sidebar as showing, so
    // look at the sidebar itself, and check again after each click.
    const title = this.page.locator('.part.sidebar .composite.title', { hasText: /quiz/i });
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await title.isVisible()) return;
      await this.page.waitForTimeout(500);
      if (await title.isVisible()) return;
      await this.page.locator('.activitybar [aria-label^="Quiz"]').first().click();
      await title.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await title.waitFor({ state: 'visible', timeout: 1_000 });
  }

  /** Runs a command from the palette by its title, for example "Quiz: Open Module…". */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT);
    // A webview that holds the focus gets it back a moment after the palette closes (its frame is
    // focused by a message), and that closes a quick pick the command has just shown (CI saw the
    // Reset Scores pick hidden after a restored page). Start from the workbench's own document.
    await this.page.evaluate(() => {
      if (document.activeElement instanceof HTMLIFrameElement) document.activeElement.blur();
    });
    // An editor that is still opening (a walkthrough, a webview) can take the focus back and
    // close the palette just after it showed: open it again, a few times at most.
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= 3;
      try {
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: last ? 30_000 : 5_000 });
        await input.fill(`>${title}`, { timeout: last ? 30_000 : 3_000 });
        break;
      } catch (error) {
        if (last) throw error;
        // Keys typed into a frame (a walkthrough's page, a webview) may not reach the workbench:
        // give the focus back to the workbench's own document first.
        await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      }
    }
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Picks an item of the open quick pick by (part of) its label. */
  async pickQuickItem(label: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible' });
    await input.fill(label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** The webview frame that holds `selector` (webviews live in nested iframes). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        try {
          if (await frame.$(selector)) return frame;
        } catch {
          // a frame that went away while we looked
        }
      }
      if (Date.now() > deadline) {
        const picture = await this.screenshot(`failed-frame-${selector.replace(/[^a-z0-9]+/gi, '_')}`);
        if (process.env['E2E_DEBUG']) {
          for (const frame of this.page.frames()) {
            const head = await frame.content().then((html) => html.slice(0, 400).replace(/\s+/g, ' '), (e: Error) => e.message);
            console.log(`frame ${frame.url().slice(0, 100)}\n  ${head}`);
          }
          console.log(this.console.slice(-30).join('\n'));
        }
        throw new Error(`No webview frame with ${selector} within ${timeoutMs} ms (see ${picture})`);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** Saves a PNG of the page under test-results/. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}-${this.theme}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
