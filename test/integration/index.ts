/**
 * Entry point of the integration suite inside a real VS Code extension host (code-server or
 * @vscode/test-electron): runs every compiled `*.test.js` beside this file with mocha, prints one
 * line per test, then a single machine-readable summary line that the runners read.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_MARKER = 'QUIZ-INTEGRATION-RESULT';

function testFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(folder, file));
}

export function run(): Promise<void> {
  // QUIZ_INTEGRATION_GREP runs only the tests whose title matches (while working on one feature).
  const grep = process.env['QUIZ_INTEGRATION_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: function quietReporter() {} as never, ...(grep ? { grep } : {}) });
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const failures: { title: string; error: string }[] = [];
    let passed = 0;
    const runner = mocha.run(() => {
      console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed: failures.length, failures })}`);
      if (failures.length > 0) reject(new Error(`${failures.length} integration tests failed`));
      else if (passed === 0) reject(new Error('No integration test ran'));
      else resolve();
    });
    runner.on('pass', (test) => {
      passed++;
      console.log(`  ✓ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      failures.push({ title: test.fullTitle(), error: error.message });
      console.log(`  ✗ ${test.fullTitle()}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}`);
    });
  });
}
