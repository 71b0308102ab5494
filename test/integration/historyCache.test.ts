import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AttemptRecord } from '../../src/core/session/progressRecord';
import { HistoryArchive } from '../../src/host/stores/HistoryArchive';
import { ProgressStore } from '../../src/host/stores/ProgressStore';
import { ScoresPanel } from '../../src/host/scores/ScoresPanel';
import { api as extensionApi, extension, MemoryMemento } from './support';

/** The real history files, with every read of them counted by module. */
class CountingArchive extends HistoryArchive {
  readonly reads: string[] = [];
  override read(moduleId: string): Promise<{ attempts: AttemptRecord[]; unreadable: string[] }> {
    this.reads.push(moduleId);
    return super.read(moduleId);
  }
}

function finished(n: number): AttemptRecord {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, n, second)).toISOString();
  const right = n % 3 !== 0;
  return {
    id: `a${n}`,
    startedAt: at(0),
    finishedAt: at(30),
    questionOrder: ['q'],
    answers: { q: { picks: ['k'], correct: right, earned: right ? 1 : 0, points: 1, answeredAt: at(20), version: 'v' } },
    result: { earned: right ? 1 : 0, possible: 1, percent: right ? 100 : 0, passed: right },
  };
}

describe('History files and the scores page', () => {
  it('reads a module history again only after a save of that module moved attempts into it', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const archive = new CountingArchive(vscode.Uri.file(mkdtempSync(path.join(tmpdir(), 'qm-history-'))));
    const store = new ProgressStore(new MemoryMemento(), () => undefined, archive);
    const scores = new ScoresPanel(extension().extensionUri, api.repository, store);
    let next = 1;
    const add = async (moduleId: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const attempt = finished(next++);
        await store.update(moduleId, (record) => ({ ...record, attempts: [...record.attempts, attempt] }));
      }
    };
    try {
      // Both modules past the point where older attempts move to the history files.
      await add('cache-a', 60);
      await add('cache-b', 60);
      assert.ok(store.get('cache-a').archived && store.get('cache-b').archived, 'both modules have history files');

      scores.show();
      await scores.rendered();
      const firstPage = scores.webviewPanel!.webview.html;
      assert.match(firstPage, /cache-a/);
      archive.reads.length = 0;

      // An answer that moves nothing: the page is drawn again from what was read before.
      await add('cache-b', 1);
      await scores.rendered();
      assert.deepEqual(archive.reads, [], 'no history file is read for a save that moved nothing');

      // Enough attempts in one module to move a batch: only that module's files are read again.
      await add('cache-a', 50);
      await scores.rendered();
      assert.ok(archive.reads.length > 0, 'the changed module is read again');
      assert.deepEqual([...new Set(archive.reads)], ['cache-a'], 'only the module whose history changed is read');
      assert.equal((await store.archivedAttempts('cache-a')).length + store.get('cache-a').attempts.length, 110, 'every attempt is still known');

      // A reset forgets what was read.
      archive.reads.length = 0;
      await store.reset('cache-b');
      assert.deepEqual(await store.archivedAttempts('cache-b'), []);
      assert.deepEqual(archive.reads, ['cache-b']);
    } finally {
      scores.dispose();
      store.dispose();
    }
  });
});
