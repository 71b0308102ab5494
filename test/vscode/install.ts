/**
 * Installs every code-server release the tests use (and the Node a release needs, from npm) into
 * .vscode-test/, one after the other, and prints how long each took. CI runs it before `npm test`
 * so the install time shows on its own; the runners install on first use otherwise.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { RELEASES } from './codeServer';

for (const version of Object.keys(RELEASES)) {
  const started = Date.now();
  // One process per release: codeServer.ts picks its release once, from QM_CODE_SERVER.
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, 'codeServer.js'))}).ensureCodeServer()`], {
    stdio: 'inherit',
    env: { ...process.env, QM_CODE_SERVER: version },
  });
  console.log(`[vscode] code-server ${version} ready after ${Math.round((Date.now() - started) / 1000)} s`);
}
