/**
 * Runs the integration suite inside a real VS Code extension host: code-server opens the fixture
 * workspace with this repository as the extension under development and the compiled suite as
 * the tests to run, Chromium loads the workbench, and the result is read from the summary line
 * the suite prints (the extension host's exit code cannot be trusted here).
 */
import * as path from 'node:path';
import { copyFixture, ensureCodeServer, launchChromium, repoRoot, startCodeServer, vscodeVersion } from './codeServer';

const RESULT_MARKER = 'QUIZ-INTEGRATION-RESULT';
const TIMEOUT_MS = 5 * 60_000;

interface Result {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

async function main(): Promise<number> {
  ensureCodeServer();
  console.log(`Integration tests in VS Code ${vscodeVersion()} (code-server), extension host, Chromium`);
  const workspace = copyFixture('test/fixtures/workspace');
  const server = await startCodeServer({ workspace });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    let settle: (value: Result | string) => void = () => undefined;
    const outcome = new Promise<Result | string>((resolve) => (settle = resolve));
    page.on('console', (message) => {
      // The extension host's console reaches the page with a styling prefix: keep the text.
      const text = message.text().replace(/^%c\s*\w+\s*color:\s*#\w+\s*/, '');
      const at = text.indexOf(RESULT_MARKER);
      if (at >= 0) {
        settle(JSON.parse(text.slice(at + RESULT_MARKER.length)) as Result);
      } else if (/^\s*(?:[✓✗]|figure:)/.test(text)) {
        console.log(`  ${text.trim()}`);
      }
    });
    page.on('close', () => settle('the workbench closed before the suite reported'));
    await page.goto(
      server.url([
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'integration', 'index.js'))],
      ]),
    );
    const timer = setTimeout(() => settle(`no result within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    const result = await outcome;
    clearTimeout(timer);
    if (typeof result === 'string') {
      console.error(`Integration tests: no result (${result}).`);
      return 1;
    }
    console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
    for (const failure of result.failures) console.error(`FAILED: ${failure.title}\n  ${failure.error}`);
    return result.failed === 0 && result.passed > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
