// Installs the real learning record store the integration tests and the bench start (Learning
// Locker's statement service, xapi-statements 5.0.1, about 160 MB) into the git-ignored `.lrs/`
// folder, once, without running any package's install scripts. Kept out of package.json so that
// `npm ci` on a clean clone stays as fast as before.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(import.meta.dirname, '..', '.lrs');
const script = join(folder, 'node_modules', 'xapi-statements', 'dist', 'index.js');
if (existsSync(script)) process.exit(0);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'package.json'), '{ "private": true }\n');
console.log('Installing xapi-statements@5.0.1 into .lrs/ (once, about a minute)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', 'xapi-statements@5.0.1', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, stdio: 'inherit' });
if (result.status !== 0 || !existsSync(script)) {
  console.error('Could not install xapi-statements into .lrs/.');
  process.exit(1);
}
