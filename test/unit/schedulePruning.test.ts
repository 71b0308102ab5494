import * as assert from 'node:assert/strict';
import { emptySchedule, GONE_GRACE_DAYS, rate, type ScheduleBook } from '../../src/core/schedule/schedule';
import type { QuizModule } from '../../src/core/module/moduleModel';
import { questionVersion } from '../../src/core/module/choiceKeys';
import { SchedulePruning } from '../../src/host/session/SchedulePruning';
import { question, quizModule } from './testModules';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-12-01T09:00:00Z');

function module(id: string, questions: string[]): QuizModule {
  return quizModule(questions.map((q) => question(q, [0])), { id, title: id });
}

/** The repository and schedule store as SchedulePruning sees them, in memory. */
function doubles(modules: Map<string, QuizModule>, book: ScheduleBook) {
  const listeners: (() => void)[] = [];
  const state = { book, updates: 0 };
  const repository = {
    known: Promise.resolve(),
    onDidChange: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
    get: (id: string) => {
      const m = modules.get(id);
      return m ? ({ module: m } as never) : undefined;
    },
  };
  const schedule = {
    update: async (change: (book: ScheduleBook) => ScheduleBook) => {
      state.updates++;
      state.book = change(state.book);
    },
  };
  const changed = () => listeners.forEach((l) => l());
  return { repository, schedule, state, changed, listeners };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('schedule pruning from activation on (cards of questions gone)', () => {
  it('marks the cards of gone questions once the modules are read, drops them after the grace period on a later read, and stops listening when disposed', async () => {
    const alpha = module('alpha', ['q1', 'q2']);
    let book = emptySchedule();
    for (const q of alpha.questions) book = rate(book, 'alpha', q.id, questionVersion(q), 'good', start);
    // beta is no longer in the workspace.
    book = rate(book, 'beta', 'q1', questionVersion(module('beta', ['q1']).questions[0]!), 'good', start);
    const modules = new Map([['alpha', alpha]]);
    let now = start;
    const { repository, schedule, state, changed, listeners } = doubles(modules, book);
    const pruning = new SchedulePruning(repository, schedule, () => now);
    await settle();
    assert.equal(state.updates, 1, 'pruned when the modules are first read');
    assert.equal(Object.keys(state.book.cards).length, 3, 'nothing dropped at once');
    assert.deepEqual(Object.keys(state.book.gone ?? {}).length, 1, "only beta's card is marked gone");
    now = new Date(start.getTime() + (GONE_GRACE_DAYS + 1) * DAY);
    changed();
    await settle();
    assert.equal(state.updates, 2, 'pruned again when the modules change');
    assert.equal(Object.keys(state.book.cards).length, 2, "beta's card is dropped past the grace period");
    pruning.dispose();
    assert.equal(listeners.length, 0);
  });
});
