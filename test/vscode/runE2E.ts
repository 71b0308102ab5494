/**
 * Runs the browser journeys: packages the extension as a .vsix (the file users install), makes
 * sure code-server is installed, then runs every compiled test/e2e suite with mocha.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { CODE_SERVER_VERSION, ensureCodeServer, repoRoot, vscodeVersion } from './codeServer';
import { packageVsix } from './vsixContents';
import { vsixPath } from './workbench';

async function main(): Promise<number> {
  ensureCodeServer();
  // runE2EVersions packages once for every release it runs.
  if (process.env['QM_VSIX_READY'] !== '1') packageVsix();
  console.log(`End-to-end tests: ${path.basename(vsixPath())} in VS Code ${vscodeVersion()} (code-server ${CODE_SERVER_VERSION}), Chromium`);
  const folder = path.join(repoRoot, 'out', 'test', 'e2e');
  // E2E_GREP runs only the matching tests, for quick iteration.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, ...(process.env['E2E_GREP'] ? { grep: process.env['E2E_GREP'] } : {}) });
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(folder, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
