import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QuizModule } from '../../src/core/module/moduleModel';
import type { AttemptRecord } from '../../src/core/session/progressRecord';
import { attemptStatements, type Statement, XAPI_ANSWERED, XAPI_ATTEMPTED, XAPI_COMPLETED, XAPI_FAILED, XAPI_PASSED } from '../../src/core/xapi/xapi';
import type { QuizModulesTestApi } from '../../src/extension';
import { questionInfo } from '../../src/host/scores/scoresTransfer';
import { StatementOutbox } from '../../src/host/lrs/StatementOutbox';
import { FaultProxy, freePort, idCounts, LrsServer } from './lrsServer';
import { api, extension, listen, picksFor } from './support';

const COLOURS = 'fixture-colours';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Takes one full attempt of the colours module through the module page: right, wrong, right, wrong. */
async function takeQuiz(exports: QuizModulesTestApi, timings?: number[]): Promise<string> {
  const module: QuizModule = exports.repository.get(COLOURS)!.module;
  const panel = await exports.panels.open(COLOURS, 'quiz');
  const recorder = listen(panel);
  try {
    await panel.receive({ type: 'ready' });
    await panel.receive({ type: 'start' });
    for (let i = 0; i < module.questions.length; i++) {
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const picks = picksFor(module, state.question.id, i % 2 === 0);
      const started = Date.now();
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks });
      timings?.push(Date.now() - started);
      await panel.receive({ type: 'next', attemptId: state.attemptId });
    }
    const summary = recorder.lastQuiz();
    assert.ok(summary.phase === 'summary');
    return summary.attemptId;
  } finally {
    recorder.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}

/** `count` statements of made-up full attempts of the colours module, as the core writes them for this learner. */
async function backlog(exports: QuizModulesTestApi, count: number): Promise<Statement[]> {
  const module = { moduleId: COLOURS, title: exports.repository.get(COLOURS)!.module.title, questions: questionInfo(exports.repository.get(COLOURS)!.module) };
  const who = await exports.lrs.identity();
  const statements: Statement[] = [];
  for (let n = 0; statements.length < count; n++) {
    const start = Date.UTC(2026, 0, 1) + n * 3_600_000;
    const answers = Object.fromEntries(
      module.questions.map((q, i) => [q.id, { picks: [q.choices[0]!.key], correct: q.choices[0]!.correct, earned: q.choices[0]!.correct ? 1 : 0, points: 1, answeredAt: new Date(start + (i + 1) * 10_000).toISOString() }]),
    );
    const attempt: AttemptRecord = {
      id: globalThis.crypto.randomUUID(),
      startedAt: new Date(start).toISOString(),
      finishedAt: new Date(start + 60_000).toISOString(),
      questionOrder: module.questions.map((q) => q.id),
      answers,
      result: { earned: 1, possible: module.questions.length, percent: 25, passed: false },
    };
    statements.push(...attemptStatements(module, attempt, who, { lang: vscode.env.language }));
  }
  return statements.slice(0, count);
}

describe('Statements to a real learning record store (xapi-statements)', function () {
  this.timeout(180_000);
  let exports: QuizModulesTestApi;
  let lrs: LrsServer;
  let proxy: FaultProxy;

  /** The statements the core makes for the attempts of the colours module with these ids. */
  async function expected(attemptIds: readonly string[]): Promise<Map<string, string>> {
    const loaded = exports.repository.get(COLOURS)!;
    const module = { moduleId: COLOURS, title: loaded.module.title, questions: questionInfo(loaded.module) };
    const who = await exports.lrs.identity();
    const attempts = (await exports.store.dump(COLOURS)).attempts.filter((a) => attemptIds.includes(a.id));
    assert.equal(attempts.length, attemptIds.length);
    const all = attempts.flatMap((a) => attemptStatements(module, a, who, { lang: vscode.env.language }));
    return new Map(all.map((s) => [s['id'] as string, (s['verb'] as { id: string }).id]));
  }

  async function holds(ids: ReadonlyMap<string, string>): Promise<Record<string, unknown>[]> {
    return until(`the LRS to hold ${ids.size} statements`, async () => {
      const stored = await lrs.statements();
      const found = stored.filter((s) => ids.has(s['id'] as string));
      return found.length >= ids.size ? stored : undefined;
    });
  }

  before(async () => {
    exports = await api();
    lrs = new LrsServer(extension().extensionPath, await freePort());
    await lrs.start();
    proxy = new FaultProxy(await freePort(), lrs.port);
    await proxy.start();
  });

  after(async () => {
    await exports?.lrs.disconnect();
    await proxy?.stop();
    await lrs?.stop();
  });

  it('connects with the argument form, and a quiz taken online arrives exactly: attempted, 4 answered, completed, failed', async () => {
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: lrs.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    await exports.store.reset(COLOURS);
    const attemptId = await takeQuiz(exports);
    const ids = await expected([attemptId]);
    assert.deepEqual([...ids.values()].sort(), [XAPI_ANSWERED, XAPI_ANSWERED, XAPI_ANSWERED, XAPI_ANSWERED, XAPI_ATTEMPTED, XAPI_COMPLETED, XAPI_FAILED].sort());
    const stored = await holds(ids);
    const ours = stored.filter((s) => ids.has(s['id'] as string));
    assert.equal(ours.length, 7, 'each statement once');
    for (const s of ours) {
      assert.equal((s['verb'] as { id: string }).id, ids.get(s['id'] as string));
      assert.equal((s['context'] as { registration: string }).registration, attemptId);
    }
    assert.ok(!stored.some((s) => (s['verb'] as { id: string }).id === XAPI_PASSED && ids.has(s['id'] as string)));
    // The sender deletes a batch's files once the LRS has answered, which may be a moment after
    // the LRS holds its statements.
    assert.equal(await until('the outbox to be empty', async () => ((await exports.lrs.outbox.pending()) === 0 ? 0 : undefined), 10), 0, 'the outbox is empty once sent');
  });

  it('keeps 20 answers given while the LRS is down, then delivers all of them once it is back, none twice', async () => {
    await lrs.stop();
    const attemptIds: string[] = [];
    for (let i = 0; i < 5; i++) attemptIds.push(await takeQuiz(exports));
    await until('the sender to notice the LRS is down', async () => (exports.lrs.sender.current === 'waiting' ? true : undefined));
    assert.ok(exports.lrs.statusBar.visible, 'the status bar says statements wait');
    assert.ok((await exports.lrs.outbox.pending()) >= 20);
    assert.match(exports.lrs.statusBar.text, /\d+/);
    await lrs.start();
    exports.lrs.sender.retryNow();
    const ids = await expected(attemptIds);
    assert.equal([...ids.values()].filter((v) => v === XAPI_ANSWERED).length, 20);
    const stored = await holds(ids);
    const counts = new Map<string, number>();
    for (const s of stored) counts.set(s['id'] as string, (counts.get(s['id'] as string) ?? 0) + 1);
    assert.ok([...ids.keys()].every((id) => counts.get(id) === 1), 'every statement exactly once');
    await until('the outbox to empty', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined));
    await until('the status bar to hide', async () => (!exports.lrs.statusBar.visible ? true : undefined));
  });

  it('never blocks the quiz behind a slow LRS (5 s per request)', async () => {
    proxy.delayMs = 5000;
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: proxy.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    const timings: number[] = [];
    const attemptId = await takeQuiz(exports, timings);
    assert.ok(Math.max(...timings) < 2000, `each answer was saved and acknowledged at once (${timings.join(', ')} ms)`);
    await holds(await expected([attemptId]));
    proxy.delayMs = 0;
  });

  it('keeps aside a statement refused with 400 or 409, with the LRS\'s reason, and sends the rest', async () => {
    const before = await exports.lrs.outbox.keptAsideCount();
    const good = (await expected([await takeQuiz(exports)])).keys().next().value!;
    const ours = (await lrs.statements()).find((s) => s['id'] === good)!;
    const conflicting = { ...ours, id: globalThis.crypto.randomUUID(), object: { objectType: 'Activity', id: 'urn:quiz-modules:module:elsewhere' } };
    assert.equal(await lrs.post([conflicting]), 200);
    const { stored: _s, authority: _a, version: _v, ...mine } = ours;
    const clash = { ...mine, id: conflicting['id'], timestamp: new Date().toISOString() };
    const bad = { ...mine, id: 'not-a-uuid' };
    const fine = { ...mine, id: globalThis.crypto.randomUUID() };
    assert.equal(await exports.lrs.outbox.add([clash, bad, fine]), 3);
    exports.lrs.sender.retryNow();
    await until('the refused statements to be kept aside', async () => ((await exports.lrs.outbox.keptAsideCount()) === before + 2 ? true : undefined));
    const reasons = await Promise.all(
      (await vscode.workspace.fs.readDirectory(exports.lrs.outbox.keptAside)).map(async ([name]) => JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(exports.lrs.outbox.keptAside, name)))) as { reason: string; statement: { id: string } }),
    );
    assert.match(reasons.find((r) => r.statement.id === clash.id)?.reason ?? '', /^409: .*conflicting/);
    assert.match(reasons.find((r) => r.statement.id === 'not-a-uuid')?.reason ?? '', /^400: .*statements\.0\.id/);
    await until('the good one to arrive', async () => ((await lrs.statements()).some((s) => s['id'] === fine['id']) ? true : undefined));
    await until('the outbox to empty', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined));
  });

  it('pauses sending when the LRS refuses the key (401) and keeps every statement', async () => {
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: proxy.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    proxy.refuse = true;
    await takeQuiz(exports);
    await until('sending to pause', async () => (exports.lrs.sender.current === 'paused' ? true : undefined));
    assert.equal(await exports.lrs.outbox.pending(), 7, 'the attempt waits whole');
    // What a window opened after a reload or a crash finds: the same statements, from the files alone.
    assert.equal(await new StatementOutbox(exports.lrs.outbox.folder).pending(), 7);
    assert.equal((await new StatementOutbox(exports.lrs.outbox.folder).take(100)).statements.length, 7);
    assert.ok(exports.lrs.statusBar.visible);
    proxy.refuse = false;
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: lrs.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    await until('the outbox to empty after reconnecting', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined));
    // Disconnecting says how many wait, and nothing more is queued.
    assert.equal(await vscode.commands.executeCommand('quizModules.disconnectLrs'), 0);
    await takeQuiz(exports);
    assert.equal(await exports.lrs.outbox.pending(), 0, 'nothing is queued once disconnected');
  });

  it('the class report read from the LRS (quiz-modules report --lrs) equals the report of the same learner\'s export', async () => {
    await lrs.stop();
    await lrs.start();
    await exports.store.reset(COLOURS);
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: lrs.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    const attemptIds = [await takeQuiz(exports), await takeQuiz(exports)];
    await holds(await expected(attemptIds));
    const folder = mkdtempSync(path.join(tmpdir(), 'quiz-lrs-report-'));
    const file = path.join(folder, 'scores.json');
    await vscode.commands.executeCommand('quizModules.exportScores', { format: 'json', uri: vscode.Uri.file(file) });
    const cli = path.join(extension().extensionPath, 'dist', 'cli.js');
    const report = (args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [cli, 'report', ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', QUIZ_LRS_KEY: 'key', QUIZ_LRS_SECRET: 'secret' } }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}: ${stderr}`)) : resolve(stdout),
        ),
      );
    const fromExport = await report([file]);
    const fromLrs = await report(['--lrs', lrs.endpoint]);
    assert.match(fromLrs, /\| Fixture: colours \| .+ \| 1 \| 2 \| \d+% \|/, `one learner, two full attempts of every question:\n${fromLrs}`);
    assert.equal(fromLrs, fromExport);
    assert.equal(await report(['--lrs', lrs.endpoint, '--format', 'csv']), await report(['--format', 'csv', file]));
  });

  it('the LRS killed mid-batch, after storing a request and before answering it, then started again: each of 200 statements arrives exactly once', async () => {
    // An LRS that keeps what it stored across a restart, as one over a database does.
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'quiz-lrs-state-')), 'lrs.json');
    const durable = new LrsServer(extension().extensionPath, await freePort(), stateFile);
    await durable.start();
    const cut = new FaultProxy(await freePort(), durable.port);
    await cut.start();
    try {
      assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: cut.endpoint, key: 'key', secret: 'secret', consent: true }), true);
      await exports.lrs.sender.settled();
      const statements = await backlog(exports, 200);
      // Twenty saves of ten: the sender takes ten files (100 statements) a request.
      for (let i = 0; i < statements.length; i += 10) assert.equal(await exports.lrs.outbox.add(statements.slice(i, i + 10)), 10);
      let storedBeforeKill = -1;
      cut.loseAnswer = async (method, posts) => {
        if (method !== 'POST' || posts !== 2) return false;
        await durable.stop();
        storedBeforeKill = (JSON.parse(readFileSync(stateFile, 'utf8')) as { statements: unknown[] }).statements.length;
        return true;
      };
      exports.lrs.sender.retryNow();
      await until('the LRS to be killed during the second request', async () => (storedBeforeKill >= 0 ? true : undefined));
      assert.equal(storedBeforeKill, 200, 'the LRS had stored the second request before it died unanswered');
      assert.ok((await exports.lrs.outbox.pending()) >= 100, 'the unanswered batch is still in the outbox');
      await until('the sender to wait for the LRS', async () => (exports.lrs.sender.current === 'waiting' ? true : undefined));
      await sleep(1000);
      await durable.start();
      await until('the outbox to empty after the restart', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined), 90);
      assert.ok(cut.posts >= 3, `the unanswered batch was sent again (${cut.posts} POSTs)`);
      const counts = idCounts(await durable.statements());
      assert.equal(counts.size, 200);
      assert.ok(
        statements.every((s) => counts.get(s['id'] as string) === 1),
        'every statement exactly once',
      );
    } finally {
      cut.loseAnswer = undefined;
      await cut.stop();
      await durable.stop();
    }
  });

  it('a full outbox says so, loses nothing it holds, and queues no new answer until there is room (as the README says)', async () => {
    assert.equal(await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint: lrs.endpoint, key: 'key', secret: 'secret', consent: true }), true);
    await until('the outbox to be empty', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined));
    const limit = exports.lrs.outbox.limit;
    const warnings = exports.lrs.fullWarnings;
    exports.lrs.outbox.limit = 10;
    await lrs.stop();
    try {
      await exports.store.reset(COLOURS);
      // Seven statements an attempt: the first whole, the second's first three saves (2 + 1 + 1), then full.
      const attemptIds = [await takeQuiz(exports), await takeQuiz(exports), await takeQuiz(exports)];
      assert.equal(await exports.lrs.outbox.pending(), 10, 'the outbox holds its bound');
      assert.equal(exports.lrs.fullWarnings, warnings + 1, 'the learner was told once, not at every answer');
      await until('the status bar to say the outbox is full', async () => (exports.lrs.statusBar.visible && /full/.test(exports.lrs.statusBar.tooltip) ? true : undefined));
      assert.match(exports.lrs.statusBar.text, /\b10\b/);
      // The scores themselves are all saved.
      const saved = (await exports.store.dump(COLOURS)).attempts.filter((a) => attemptIds.includes(a.id) && a.result);
      assert.equal(saved.length, 3, 'every attempt is saved in VS Code');
      const queued = (await exports.lrs.outbox.take(1000)).statements.map((s) => (s as Statement)['id'] as string);
      const all = await expected(attemptIds);
      const first = await expected([attemptIds[0]!]);
      assert.ok([...first.keys()].every((id) => queued.includes(id)), 'the first attempt is queued whole');
      assert.equal(queued.filter((id) => all.has(id)).length, 10);

      await lrs.start();
      exports.lrs.sender.retryNow();
      await until('the outbox to empty', async () => ((await exports.lrs.outbox.pending()) === 0 ? true : undefined));
      const counts = idCounts(await lrs.statements());
      assert.ok(queued.every((id) => counts.get(id) === 1), 'each of the ten queued arrives exactly once');
      assert.equal([...all.keys()].filter((id) => counts.has(id)).length, 10, 'answers given while it was full were not sent');
      await until('the status bar to hide', async () => (!exports.lrs.statusBar.visible ? true : undefined));
      // With room again, new answers are queued and sent.
      const later = await expected([await takeQuiz(exports)]);
      await holds(later);
    } finally {
      exports.lrs.outbox.limit = limit;
      if (!lrs.running) await lrs.start();
    }
  });
});
