import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttemptRecord } from '../../src/core/session/progressRecord';
import { ProgressStore } from '../../src/host/stores/ProgressStore';
import { ScoresPanel } from '../../src/host/scores/ScoresPanel';
import { api as loadedApi, extension } from './support';

const MODULE = 'fixture-exam';

/** A store of its own (workspaceState as a map), so nothing the extension saved is touched. */
function memoryStore(): ProgressStore {
  const values = new Map<string, unknown>();
  const memento: vscode.Memento = {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
  };
  return new ProgressStore(memento, () => undefined);
}

function finished(n: number, questionId: string): AttemptRecord {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, n, second)).toISOString();
  return {
    id: `s${n}`,
    startedAt: at(0),
    finishedAt: at(30),
    questionOrder: [questionId],
    answers: { [questionId]: { picks: ['k'], correct: n % 2 === 0, earned: n % 2 === 0 ? 1 : 0, points: 1, answeredAt: at(20) } },
    result: { earned: n % 2 === 0 ? 1 : 0, possible: 1, percent: n % 2 === 0 ? 100 : 0, passed: n % 2 === 0 },
  };
}

describe('The scores page\'s messages, in VS Code', () => {
  it('refuses a malformed message from the page with a logged problem, and the page keeps working', async function () {
    this.timeout(60_000);
    const api = await loadedApi();
    const question = api.repository.get(MODULE)?.module.questions[0]?.id;
    assert.ok(question, `${MODULE} is loaded`);
    const store = memoryStore();
    const logged: string[] = [];
    const scores = new ScoresPanel(extension().extensionUri, api.repository, store, api.panels, undefined, undefined, undefined, { warn: (line) => logged.push(line) });
    try {
      await store.update(MODULE, (record) => ({ ...record, attempts: [finished(2, question)] }));
      const panel = scores.show();
      await scores.rendered();
      const before = panel.webview.html;
      assert.match(before, new RegExp(`<details class="module-details" data-module="${MODULE}">`), 'the details start closed');

      const malformed: [unknown, RegExp][] = [
        [null, /a message must be an object, not null/],
        [{ type: 'details', moduleId: MODULE, open: 'yes' }, /"details": "open" must be true or false, not "yes"/],
        [{ type: 'reread', moduleId: MODULE, section: 5 }, /"reread": "section" must be a text of 1 to 200 characters, not number/],
        [{ type: 'openLink', href: 'command:workbench.action.quit' }, /unknown message type "openLink"/],
        [{ type: 'details', moduleId: MODULE, open: true, html: '<img src=x onerror=alert(1)>' }, /"details": unexpected field "html"/],
      ];
      for (const [message, problem] of malformed) {
        assert.equal(await scores.onMessage(message), false, JSON.stringify(message));
        assert.match(logged.at(-1) ?? '', problem);
        assert.match(logged.at(-1) ?? '', /^Dropped a message from the scores page that is not part of its protocol: /);
      }
      assert.equal(logged.length, malformed.length, 'one line each');
      await scores.rendered();
      assert.equal(panel.webview.html, before, 'the page is as it was');

      // The page goes on: its details open, and a page drawn again after an answer keeps them open.
      assert.equal(await scores.onMessage({ type: 'details', moduleId: MODULE, open: true }), true);
      assert.match((await scores.detailsHtml(MODULE)) ?? '', /Per-question accuracy/);
      await store.update(MODULE, (record) => ({ ...record, attempts: [...record.attempts, finished(3, question)] }));
      await scores.rendered();
      assert.match(panel.webview.html, new RegExp(`<details class="module-details" data-module="${MODULE}" open`));
      assert.match(panel.webview.html, /2 finished attempts from 0% to 100%, the last 0%\./);
      assert.equal(await scores.onMessage({ type: 'details', moduleId: 'not-shown', open: true }), false, 'a module the page does not show has no details');
    } finally {
      scores.dispose();
      store.dispose();
    }
  });
});
