/**
 * The same integration suite under @vscode/test-electron, for machines that can download VS Code
 * (this one cannot: `npm run test:integration` runs it offline in code-server instead).
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyFixture, repoRoot } from './codeServer';

async function main(): Promise<void> {
  const workspace = copyFixture('test/fixtures/workspace');
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  console.error(text);
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(text)) {
    console.error('test:electron downloads VS Code and this machine cannot reach the download site; `npm run test:integration` runs the same suite offline in code-server.');
  }
  process.exit(1);
});
