/**
 * A real learning record store for the tests: Learning Locker's statement service
 * (`xapi-statements`, installed by scripts/install-lrs.mjs into the git-ignored `.lrs/`), run as a
 * child process on a loopback port, in memory. It exits on SIGTERM, so it is never run inside the
 * test process. Also a small proxy in front of it that can delay every request or answer 401.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

export const XAPI_HEADERS = { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${Buffer.from('key:secret').toString('base64')}` };

/** How many times each statement id occurs (an LRS must store each statement once). */
export function idCounts(statements: readonly Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s['id'] as string, (counts.get(s['id'] as string) ?? 0) + 1);
  return counts;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LrsServer {
  private child: ChildProcess | undefined;
  output = '';

  /**
   * @param stateFile when given, the LRS keeps what it stored in this file across a kill and a
   * start (lrsDurable.ts); without it, it is in memory and forgets everything at each start.
   */
  constructor(
    readonly root: string,
    readonly port: number,
    readonly stateFile?: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/xAPI/`;
  }

  static script(root: string): string {
    return path.join(root, '.lrs', 'node_modules', 'xapi-statements', 'dist', 'index.js');
  }

  /** Starts it and resolves once GET /xAPI/about answers (at most 60 s). */
  async start(): Promise<void> {
    const script = LrsServer.script(this.root);
    if (!existsSync(script)) throw new Error(`${script} is missing: run "node scripts/install-lrs.mjs" (npm run test:integration does).`);
    const args = this.stateFile ? [path.join(__dirname, 'lrsDurable.js'), script] : [script];
    this.child = spawn(process.execPath, args, {
      cwd: path.dirname(path.dirname(script)),
      env: { ...process.env, ...(this.stateFile ? { QM_LRS_STATE_FILE: this.stateFile } : {}), ELECTRON_RUN_AS_NODE: '1', EXPRESS_PORT: String(this.port), MODELS_REPO: 'memory', STORAGE_REPO: 'local', AUTH_REPO: 'test', EVENTS_REPO: 'test', LOG_MIN_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    this.child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    for (let i = 0; i < 120; i++) {
      if (this.child.exitCode !== null) throw new Error(`the LRS exited (${this.child.exitCode}): ${this.output}`);
      const about = await fetch(`${this.endpoint}about`, { headers: XAPI_HEADERS }).then(
        (r) => r.status,
        () => 0,
      );
      if (about === 200) return;
      await sleep(500);
    }
    throw new Error(`the LRS did not answer within 60 s: ${this.output}`);
  }

  /** Whether the LRS process is running. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** Kills it at once (SIGKILL: no chance to finish what it was doing). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Every statement the LRS holds, following its `more` links (bounded). */
  async statements(): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    let url: string | undefined = `${this.endpoint}statements?limit=500`;
    for (let page = 0; url && page < 200; page++) {
      const response = await fetch(url, { headers: XAPI_HEADERS });
      if (response.status !== 200) throw new Error(`GET statements answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { statements: Record<string, unknown>[]; more?: string };
      all.push(...body.statements);
      url = body.more ? new URL(body.more, `http://127.0.0.1:${this.port}`).href : undefined;
    }
    return all;
  }

  async post(statements: unknown[]): Promise<number> {
    const response = await fetch(`${this.endpoint}statements`, { method: 'POST', headers: { ...XAPI_HEADERS, 'Content-Type': 'application/json' }, body: JSON.stringify(statements) });
    await response.text();
    return response.status;
  }
}

/**
 * A loopback proxy to the LRS that can hold every request for `delayMs`, answer 401 itself, or
 * lose the LRS's answer to a request (the connection is cut instead, as when the LRS dies).
 */
export class FaultProxy {
  delayMs = 0;
  refuse = false;
  requests = 0;
  /** POST requests passed on to the LRS. */
  posts = 0;
  /**
   * Called when the LRS answered a request it was passed (with the number of POSTs so far); when
   * it resolves true, the answer never reaches the client: its connection is cut.
   */
  loseAnswer: ((method: string, posts: number) => Promise<boolean>) | undefined;
  private server: http.Server | undefined;

  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/xAPI/`;
  }

  start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        setTimeout(() => {
          if (this.refuse && req.headers.authorization) {
            res.writeHead(401, { 'Content-Type': 'application/json' });
            res.end('{"message":"Unauthorised"}');
            return;
          }
          if (req.method === 'POST') this.posts++;
          const posts = this.posts;
          const upstream = http.request({ host: '127.0.0.1', port: this.target, path: req.url, method: req.method, headers: req.headers }, (answer) => {
            const chunks: Buffer[] = [];
            answer.on('data', (c: Buffer) => chunks.push(c));
            answer.on('end', () => {
              void (this.loseAnswer?.(req.method ?? 'GET', posts) ?? Promise.resolve(false)).then((lose) => {
                if (lose) {
                  req.socket.destroy();
                  return;
                }
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                res.end(Buffer.concat(chunks));
              });
            });
          });
          upstream.on('error', () => {
            res.writeHead(502);
            res.end();
          });
          upstream.end(Buffer.concat(chunks));
        }, this.delayMs);
      });
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
