/**
 * The lowest VS Code `engines.vscode` claims and the newest code-server that runs here: the
 * learner journey, the web worker journey and the accessibility checks, in the same workbench
 * as runE2E but on the other releases of RELEASES, one process each (QM_CODE_SERVER picks it).
 * QM_VERSIONS=4.90.3 runs only the releases named (comma-separated).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_CODE_SERVER_VERSION, RELEASES, repoRoot } from './codeServer';
import { packageVsix } from './vsixContents';

/** Mocha's grep (a regular expression) over the suite titles of journeys, webWorker and accessibility. */
const VERSIONS_GREP = '(A learner in VS Code|Quiz Modules in the web worker extension host|Accessibility)';

/** VERSIONS_GREP without the tests RELEASES leaves out on this release. */
function grepFor(version: string): string {
  const escape = (title: string) => title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const leftOut = RELEASES[version]?.e2eLeftOut ?? [];
  return `^${leftOut.map((title) => `(?!${escape(title)}$)`).join('')}${VERSIONS_GREP}`;
}

function main(): number {
  const wanted = process.env['QM_VERSIONS']?.split(',').map((v) => v.trim()).filter(Boolean);
  const versions = wanted ?? Object.keys(RELEASES).filter((v) => v !== DEFAULT_CODE_SERVER_VERSION);
  packageVsix();
  const outcomes: string[] = [];
  let failed = false;
  for (const version of versions) {
    const started = Date.now();
    const run = spawnSync(process.execPath, [path.join(__dirname, 'runE2E.js')], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, QM_CODE_SERVER: version, QM_VSIX_READY: '1', E2E_GREP: process.env['E2E_GREP'] || grepFor(version) },
    });
    const ok = run.status === 0;
    failed ||= !ok;
    outcomes.push(`code-server ${version}: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  console.log(`\nEnd-to-end journeys on other releases:\n  ${outcomes.join('\n  ')}`);
  return failed ? 1 : 0;
}

process.exit(main());
