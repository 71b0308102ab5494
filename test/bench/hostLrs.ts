/**
 * Runs inside the extension host for `npm run bench` (scripts/bench.mjs starts it as the "tests"
 * of an extension development window, with the LRS's endpoint in QUIZ_BENCH_LRS_ENDPOINT): a
 * backlog of 10,000 statements goes through the extension's own durable outbox, one file per save
 * as answers make them, and its own sender delivers it once the learner connects. Prints the time,
 * the requests and the extension host's memory while sending, as rows for the bench's table.
 */
import * as vscode from 'vscode';
import type { AttemptRecord } from '../../src/core/session/progressRecord';
import { attemptStatements, type Statement } from '../../src/core/xapi/xapi';
import { benchInHost } from './inHost';
import { emit } from './rows';

const BACKLOG = 10_000;
const MiB = 1048576;

/**
 * The backlog as the saves of 40 learners' 25 full attempts of 8 questions would queue it: the
 * first answer with `attempted`, one answer a save, the last with `completed` and the result.
 */
function backlogSaves(): Statement[][] {
  const questions = Array.from({ length: 8 }, (_, q) => ({ id: `q${q}`, prompt: `Question ${q}`, choices: ['a', 'b', 'c'].map((key, i) => ({ key, text: key, correct: i === 0 })) }));
  const module = { moduleId: 'bench', title: 'Bench', questions };
  const saves: Statement[][] = [];
  let count = 0;
  for (let learner = 0; count < BACKLOG; learner++) {
    for (let a = 0; a < 25 && count < BACKLOG; a++) {
      const start = Date.UTC(2026, 0, 1) + (learner * 25 + a) * 3_600_000;
      const answers = Object.fromEntries(
        questions.map((q, i) => [q.id, { picks: [i % 3 === 0 ? 'b' : 'a'], correct: i % 3 !== 0, earned: i % 3 !== 0 ? 1 : 0, points: 1, answeredAt: new Date(start + (i + 1) * 20_000).toISOString() }]),
      );
      const attempt: AttemptRecord = {
        id: globalThis.crypto.randomUUID(),
        startedAt: new Date(start).toISOString(),
        finishedAt: new Date(start + 200_000).toISOString(),
        questionOrder: questions.map((q) => q.id),
        answers,
        result: { earned: 5, possible: 8, percent: 63, passed: false },
      };
      const statements = attemptStatements(module, attempt, { homePage: 'https://example.org', name: `learner-${learner}` }).slice(0, BACKLOG - count);
      count += statements.length;
      if (statements.length <= 4) {
        saves.push(statements);
        continue;
      }
      const last = statements.length - 2;
      saves.push(statements.slice(0, 2), ...statements.slice(2, last).map((s) => [s]), statements.slice(last));
    }
  }
  return saves;
}

export function run(): Promise<void> {
  return benchInHost('lrs', 'backlog through the outbox, in the extension host: failed', async (api) => {
    const endpoint = process.env['QUIZ_BENCH_LRS_ENDPOINT'];
    if (!endpoint) throw new Error('QUIZ_BENCH_LRS_ENDPOINT is not set');
    const { outbox, sender } = api.lrs;
    if ((await outbox.pending()) !== 0) throw new Error('the outbox is not empty at the start');

    // Queued while offline (not connected): one file a save, as answers make them; sixteen at a
    // time, as a class's worth of windows would, so that setting up the backlog stays short.
    const saves = backlogSaves();
    const queueStart = performance.now();
    for (let i = 0; i < saves.length; i += 16) await Promise.all(saves.slice(i, i + 16).map((save) => outbox.add(save)));
    const queueMs = performance.now() - queueStart;
    const queued = await outbox.pending();
    if (queued !== BACKLOG) throw new Error(`the outbox holds ${queued} statements, not ${BACKLOG}`);
    emit('lrs', `backlog of ${BACKLOG.toLocaleString('en')} statements queued in the outbox`, `${(queueMs / 1000).toFixed(1)} s`, `${saves.length} saves, one file each (temporary name, then rename), 16 at a time, in the extension host`);

    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 50);
    const requestsBefore = sender.figures.requests;
    const sentBefore = sender.figures.sent;
    const started = performance.now();
    const connected = await vscode.commands.executeCommand('quizModules.connectLrs', { endpoint, key: 'key', secret: 'secret', consent: true });
    if (connected !== true) throw new Error('could not connect to the LRS');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await sender.settled();
      if (sender.current === 'idle' && (await outbox.pending()) === 0) break;
      if (sender.current === 'paused' || sender.current === 'stopped') throw new Error(`the sender is ${sender.current}`);
      if (performance.now() - started > 10 * 60_000) throw new Error('not delivered within 10 minutes');
    }
    const sendMs = performance.now() - started;
    clearInterval(sample);
    const requests = sender.figures.requests - requestsBefore;
    const sent = sender.figures.sent - sentBefore;
    emit(
      'lrs',
      `backlog of ${BACKLOG.toLocaleString('en')} statements delivered by the outbox's sender`,
      `${(sendMs / 1000).toFixed(1)} s`,
      `${requests} requests, ${sent} statements stored, ${Math.round(sent / (sendMs / 1000))} statements/s; connect included; ${sender.figures.keptAside} kept aside`,
    );
    emit(
      'memory',
      'extension host delivering the backlog: peak RSS / peak heap used',
      `${(peakRss / MiB).toFixed(0)} MiB / ${(peakHeap / MiB).toFixed(0)} MiB`,
      `before: ${(before.rss / MiB).toFixed(0)} MiB / ${(before.heapUsed / MiB).toFixed(0)} MiB; sampled every 50 ms; process maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (lifetime)`,
    );
  });
}
