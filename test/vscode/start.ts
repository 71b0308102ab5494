/**
 * `npm start`: Quiz Modules in a real VS Code for anyone with a browser. Packages the extension,
 * installs it into a persistent extensions folder under .vscode-test/, and serves
 * sample-workspace/ with code-server on 127.0.0.1 until Ctrl+C.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, freePort, installVsix, repoRoot, startCodeServer, vscodeVersion } from './codeServer';
import { vsixPath } from './workbench';

async function main(): Promise<void> {
  ensureCodeServer(false);
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const extensionsDir = path.join(repoRoot, '.vscode-test', 'start-extensions');
  rmSync(extensionsDir, { recursive: true, force: true });
  mkdirSync(extensionsDir, { recursive: true });
  installVsix(vsixPath(), extensionsDir);
  const requested = Number(process.env['PORT'] ?? 8080);
  const port = await freePort(Number.isInteger(requested) && requested > 0 ? requested : 8080);
  const server = await startCodeServer({
    workspace: path.join(repoRoot, 'sample-workspace'),
    port,
    extensionsDir,
    userDataDir: path.join(repoRoot, '.vscode-test', 'start-user-data'),
  });
  console.log(`\nQuiz Modules is running in VS Code ${vscodeVersion()}:\n\n  ${server.url()}\n\nOpen it in a browser. Ctrl+C stops it.`);
  // code-server keeps this process alive; Ctrl+C stops it (see codeServer.ts).
  void server;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
