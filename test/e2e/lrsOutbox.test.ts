import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { extensionHostPids, repoRoot } from '../vscode/codeServer';
import { QUICK_INPUT, type Workbench } from '../vscode/workbench';
import { answerExamRight, exam, expectWebWorker } from './examSteps';
import { useWorkbench } from './useWorkbench';
import { FaultProxy, freePort, idCounts, LrsServer } from '../integration/lrsServer';

/** One full attempt of the exam: attempted, an answered per question, completed, passed. */
const PER_ATTEMPT = exam.questions.length + 3;
const EXTENSION = 'quizmodules.quiz-modules';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `Quiz: Connect to a Learning Record Store…` as a learner runs it: three boxes, then the consent dialog. */
async function connect(workbench: Workbench, endpoint: string): Promise<void> {
  const { page } = workbench;
  await workbench.runCommand('Quiz: Connect to a Learning Record Store…');
  const input = page.locator(QUICK_INPUT);
  for (const [step, value] of [
    ['(1/3)', endpoint],
    ['(2/3)', 'key'],
    ['(3/3)', 'secret'],
  ] as const) {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ timeout: 30_000 });
    await input.fill(value);
    await page.keyboard.press('Enter');
  }
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Send My Answers' }).click({ timeout: 30_000 });
  await page.locator('.notifications-toasts', { hasText: 'Connected.' }).waitFor({ timeout: 30_000 });
}

/** Takes the exam through its page, every answer right. */
async function takeExam(workbench: Workbench): Promise<void> {
  await workbench.runCommand('View: Close All Editors');
  await workbench.runCommand('Quiz: Start Quiz');
  await workbench.pickQuickItem(exam.title);
  const frame = await workbench.webviewFrame('#question-prompt');
  await answerExamRight(frame);
  await workbench.runCommand('View: Close All Editors');
}

/** Statements in the outbox on disk, from its file names (time-sequence-random-count.json). */
function outboxOnDisk(workbench: Workbench): number {
  const folder = path.join(workbench.server.userDataDir, 'User', 'globalStorage', EXTENSION, 'lrs-outbox');
  if (!existsSync(folder)) return 0;
  return readdirSync(folder).reduce((n, name) => n + Number(/^\d+-\d+-[0-9a-f]+-(\d+)\.json$/.exec(name)?.[1] ?? 0), 0);
}

/** Installs the LRS into .lrs/ when missing (once; `npm run test:integration` does the same). */
function ensureLrsInstalled(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'install-lrs.mjs')], { stdio: 'inherit' });
}

describe('The statement outbox across a window reload and an extension host crash (real workbench, real LRS)', function () {
  this.timeout(300_000);
  let lrs: LrsServer;
  let proxy: FaultProxy;
  let stateFile: string;

  before(async () => {
    // An LRS that keeps what it stored across its own restarts, behind a proxy that can lose an answer.
    ensureLrsInstalled();
    stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'qm-lrs-state-')), 'lrs.json');
    lrs = new LrsServer(repoRoot, await freePort(), stateFile);
    await lrs.start();
    proxy = new FaultProxy(await freePort(), lrs.port);
    await proxy.start();
  });
  after(async () => {
    await proxy?.stop();
    await lrs?.stop();
  });
  const workbench = useWorkbench({ fixture: 'test/fixtures/workspace', theme: 'dark' });

  it('statements queued while the LRS is down survive "Developer: Reload Window" and arrive once it is back, each once', async () => {
    await connect(workbench, proxy.endpoint);
    await lrs.stop();
    await takeExam(workbench);
    assert.equal(outboxOnDisk(workbench), PER_ATTEMPT, 'the attempt waits on disk');
    const status = workbench.page.locator('.statusbar-item', { hasText: String(PER_ATTEMPT) }).filter({ has: workbench.page.locator('.codicon-cloud-upload') });
    await status.first().waitFor({ timeout: 30_000 });
    await workbench.reload();
    assert.equal(outboxOnDisk(workbench), PER_ATTEMPT, 'still there after the reload');
    await lrs.start();
    await until('the outbox to empty', () => (outboxOnDisk(workbench) === 0 ? true : undefined), 90);
    const counts = idCounts(await lrs.statements());
    assert.equal(counts.size, PER_ATTEMPT);
    assert.ok([...counts.values()].every((n) => n === 1), 'each statement once');
  });

  it('a batch in flight when the extension host is killed (kill -9) is sent again by the restarted host, and the LRS holds each statement once', async () => {
    const before = (await lrs.statements()).length;
    await lrs.stop();
    await takeExam(workbench);
    assert.equal(outboxOnDisk(workbench), PER_ATTEMPT);
    const hosts = extensionHostPids(workbench.server.pid);
    assert.equal(hosts.length, 1, `one extension host (${hosts.join(', ')})`);
    let storedAtKill = -1;
    proxy.loseAnswer = async (method) => {
      if (method !== 'POST' || storedAtKill >= 0) return false;
      // The LRS has stored the batch; its answer never reaches the extension, whose host dies now.
      storedAtKill = (JSON.parse(readFileSync(stateFile, 'utf8')) as { statements: unknown[] }).statements.length;
      process.kill(hosts[0]!, 'SIGKILL');
      return true;
    };
    const posts = proxy.posts;
    await lrs.start();
    try {
      await until('the sender to try again and the host to be killed', () => (storedAtKill >= 0 ? true : undefined), 120);
      assert.equal(storedAtKill, before + PER_ATTEMPT, 'the LRS stored the batch before the host died');
      assert.equal(outboxOnDisk(workbench), PER_ATTEMPT, 'the outbox still holds it');
      const restarted = await until('a new extension host', () => {
        const now = extensionHostPids(workbench.server.pid).filter((pid) => pid !== hosts[0]);
        return now.length > 0 ? now : undefined;
      });
      assert.ok(restarted.length > 0);
      await until('the restarted host to send the outbox', () => (outboxOnDisk(workbench) === 0 ? true : undefined), 120);
    } finally {
      proxy.loseAnswer = undefined;
    }
    assert.ok(proxy.posts - posts >= 2, `the batch was posted again (${proxy.posts - posts} POSTs)`);
    const counts = idCounts(await lrs.statements());
    assert.equal(counts.size, before + PER_ATTEMPT);
    assert.ok([...counts.values()].every((n) => n === 1), 'each statement once');
  });
});

describe('Statements from the web worker extension host (VS Code for the Web) to a real LRS', function () {
  this.timeout(300_000);
  let lrs: LrsServer;

  before(async () => {
    ensureLrsInstalled();
    lrs = new LrsServer(repoRoot, await freePort());
    await lrs.start();
  });
  after(async () => {
    await lrs?.stop();
  });
  const workbench = useWorkbench({
    fixture: 'test/fixtures/workspace',
    theme: 'light',
    settings: { 'remote.extensionKind': { [EXTENSION]: ['ui'] } },
  });

  it('connects with fetch across origins (the LRS answers CORS) and a quiz arrives, each statement once', async () => {
    await expectWebWorker(workbench);
    await connect(workbench, lrs.endpoint);
    await takeExam(workbench);
    const counts = await until('the LRS to hold the attempt', async () => {
      const now = idCounts(await lrs.statements());
      return now.size >= PER_ATTEMPT ? now : undefined;
    });
    assert.equal(counts.size, PER_ATTEMPT);
    assert.ok([...counts.values()].every((n) => n === 1), 'each statement once');
  });
});
