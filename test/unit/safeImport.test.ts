import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { moduleStats } from '../../src/core/scores/analytics';
import { MAX_EXPORT_ANSWERS, MAX_EXPORT_ATTEMPTS, MAX_EXPORT_MODULES, MAX_SCHEDULE_CARDS } from '../../src/core/module/limits';
import { isId } from '../../src/core/module/moduleModel';
import { pruneAttempts, type AttemptRecord, type AttemptResult, type ProgressRecord } from '../../src/core/session/progressRecord';
import { archiveOldAttempts, summarize } from '../../src/core/session/progressSummary';
import { readProgress } from '../../src/core/session/recordReader';
import { readSchedule } from '../../src/core/schedule/schedule';
import { addedBy, dumpOf, EXPORT_FORMAT, exportedDump, importIntoRecord, mergeDumps, readExport, type ModuleDump } from '../../src/core/scores/scoresExport';
import { attemptArb, attemptsArb, recordOf } from './analyticsArbitraries';
import { HOSTILE_IDS } from './hostileIds';

const answer = (correct: boolean, at: string) => ({ picks: ['k1'], correct, earned: correct ? 1 : 0, points: 1, answeredAt: at });

function finished(id: string, minute: number, percent: 0 | 100, kind?: 'practice' | 'review'): AttemptRecord {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 10, minute, s)).toISOString();
  const correct = percent === 100;
  return {
    id,
    ...(kind ? { kind } : {}),
    startedAt: at(0),
    finishedAt: at(30),
    questionOrder: ['q1', 'q2'],
    answers: { q1: answer(correct, at(10)), q2: answer(correct, at(20)) },
    result: { earned: correct ? 2 : 0, possible: 2, percent, passed: correct },
  };
}

function exportWith(module: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { format: EXPORT_FORMAT, version: 1, exportedAt: '2026-11-29T00:00:00.000Z', modules: [module], ...extra };
}

function refused(raw: unknown, reason: RegExp): void {
  const read = readExport(raw);
  assert.equal(read.ok, false, 'refused');
  assert.match((read as { reason: string }).reason, reason);
}

describe('an export is data, never a path', () => {
  it('the id check is the module format\'s id pattern, and attempt ids of every kind fit it', () => {
    assert.ok(isId('tokayev-beijing-2019'));
    assert.ok(isId(globalThis.crypto.randomUUID()), 'new attempt ids');
    for (const [name, id] of Object.entries(HOSTILE_IDS)) assert.equal(isId(id), false, name);
    assert.equal(isId(42), false);
    assert.equal(isId('a\n'), false, 'no line end slips past the end anchor');
    // Version 1 records get ids from their start time: they fit whatever the stored number.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (count, startedAt) => {
        const attempts = Array.from({ length: count }, () => ({ startedAt, finishedAt: startedAt, answers: [{ questionId: 'q', picks: [0], correct: true }] }));
        const read = readProgress({ version: 1, attempts }, 'm');
        assert.ok(read.ok, read.ok ? '' : read.reason);
        for (const attempt of read.record.attempts) assert.ok(isId(attempt.id), attempt.id);
      }),
      { numRuns: 300 },
    );
  });

  for (const [name, id] of Object.entries(HOSTILE_IDS)) {
    it(`refuses an export with a hostile id (${name}) as module, attempt, question or card id, with the reason`, () => {
      const attempt = finished('a1', 0, 100);
      const notValid = /is not a valid id \(1 to 64 lower-case letters/;
      if (id !== '') refused(exportWith({ moduleId: id, attempts: [attempt] }), notValid);
      refused(exportWith({ moduleId: 'm', attempts: [{ ...attempt, id }] }), id === '' ? /has no id/ : notValid);
      refused(exportWith({ moduleId: 'm', attempts: [{ ...attempt, answers: { [id]: attempt.answers['q1'] } }] }), notValid);
      refused(exportWith({ moduleId: 'm', attempts: [{ ...attempt, questionOrder: [id] }] }), notValid);
      refused(exportWith({ moduleId: 'm', attempts: [], unreadArchived: { attempts: 1, accuracy: { [id]: [1, 1] } } }), notValid);
      const card = { questionVersion: 'v', due: '2026-11-01T00:00:00.000Z', stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, reps: 1, lapses: 0, state: 2 };
      if (id !== '') {
        refused(exportWith({ moduleId: 'm', attempts: [] }, { schedule: { version: 1, cards: { [`${id}\u0000q`]: card } } }), notValid);
        refused(exportWith({ moduleId: 'm', attempts: [] }, { schedule: { version: 1, cards: { [`m\u0000${id}`]: card } } }), notValid);
      }
      // A saved record (workspaceState or a history file) is held to the same rule.
      const saved = readProgress({ version: 3, moduleId: 'm', attempts: [{ ...attempt, id }] }, 'm');
      assert.equal(saved.ok, false);
    });
  }

  it('names a hostile id safely in the reason: escaped, cut short', () => {
    const read = readExport(exportWith({ moduleId: `x\u0000${'/..'.repeat(200)}`, attempts: [] }));
    assert.ok(!read.ok);
    assert.ok(!read.reason.includes('\u0000'), 'no raw NUL');
    assert.ok(read.reason.length < 250, read.reason);
    assert.match(read.reason, /module 1/);
  });

  it('refuses an export over the limits before reading its records', () => {
    const attempt = finished('a1', 0, 100);
    refused({ format: EXPORT_FORMAT, version: 1, modules: Array.from({ length: MAX_EXPORT_MODULES + 1 }, () => ({})) }, /modules, more than/);
    refused(exportWith({ moduleId: 'm', attempts: new Array(MAX_EXPORT_ATTEMPTS + 1).fill(attempt) }), /attempts, more than/);
    const answers = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`q${i}`, attempt.answers['q1']]));
    const many = Math.ceil(MAX_EXPORT_ANSWERS / 10_000) + 1;
    refused(exportWith({ moduleId: 'm', attempts: Array.from({ length: many }, (_, i) => ({ ...attempt, id: `a${i}`, answers })) }), /answers an import takes/);
    const card = { questionVersion: 'v', due: '2026-11-01T00:00:00.000Z', stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, reps: 1, lapses: 0, state: 2 };
    const cards: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_SCHEDULE_CARDS; i++) cards[`m\u0000q${i}`] = card;
    const schedule = readSchedule({ version: 1, cards });
    assert.ok(!schedule.ok);
    assert.match(schedule.reason, /cards, more than/);
  });
});

// ---- Merging ----------------------------------------------------------------------------------

describe('an import merges, never loses', () => {
  it('keeps practice attempts archived here out of the full-attempt totals (12 full at 0%, 12 practice at 100%, one new 0%)', () => {
    const attempts = [...Array.from({ length: 12 }, (_, i) => finished(`p${i}`, i, 100, 'practice')), ...Array.from({ length: 12 }, (_, i) => finished(`f${i}`, 20 + i, 0))];
    // Everything but the newest goes to the history files.
    const { record, moved } = archiveOldAttempts(recordOf('m', attempts), 1, 0, 0);
    assert.ok(moved.some((a) => a.kind === 'practice'));
    assert.equal(summarize(record).finishedAttempts, 12);
    const incoming: ModuleDump = { moduleId: 'm', attempts: [finished('new', 50, 0)] };
    const merged = importIntoRecord(record, moved, incoming);
    assert.ok(merged);
    const summary = summarize(merged.record);
    assert.equal(summary.finishedAttempts, 13);
    assert.equal(summary.best?.percent, 0);
    assert.equal(summary.best?.passed, false);
    assert.equal(merged.record.archived?.sideAttempts, 12, 'the practice attempts stay practice');
    // The same through dumps: exporting that store again keeps the kinds.
    const dump = dumpOf(record, moved);
    assert.equal(dump.attempts.filter((a) => a.kind === 'practice').length, 12);
  });

  it('counts archived full attempts whose files cannot be read, whatever practice the readable files hold (12, not 5)', () => {
    const full = Array.from({ length: 12 }, (_, i) => finished(`f${i}`, i, 0));
    const practice = Array.from({ length: 7 }, (_, i) => finished(`p${i}`, 20 + i, 100, 'practice'));
    const first = archiveOldAttempts(recordOf('m', [...full, finished('keep', 15, 0)]), 1, 0, 0);
    const second = archiveOldAttempts({ ...first.record, attempts: [...first.record.attempts, ...practice, finished('last', 40, 0)] }, 1, 0, 0);
    // The file of full attempts is lost; the practice file is read.
    const stats = moduleStats({ moduleId: 'm', record: second.record, history: second.moved });
    assert.equal(stats.finished, 14);
    assert.equal(summarize(second.record).finishedAttempts, 14);
    const dump = dumpOf(second.record, second.moved);
    assert.equal(dump.unreadArchived?.attempts, 12, "the lost file held 12 full attempts");
    assert.equal(dump.unreadArchived?.sideAttempts, undefined, 'the practice attempts were read');
  });

  it('takes an attempt finished on another machine over the same attempt still open here', () => {
    const done = finished('shared', 5, 100);
    const open: AttemptRecord = { ...done, answers: { q1: done.answers['q1']! } };
    delete (open as { finishedAt?: string }).finishedAt;
    delete (open as { result?: AttemptResult }).result;
    const here = recordOf('m', [finished('old', 1, 0), open]);
    const incoming: ModuleDump = { moduleId: 'm', attempts: [done] };
    assert.deepEqual(addedBy(dumpOf(here, []), incoming), { attempts: 1, answers: 2 });
    const merged = importIntoRecord(here, [], incoming);
    assert.ok(merged, 'the import changes something');
    assert.equal(merged.added, 1);
    assert.deepEqual(merged.record.attempts.find((a) => a.id === 'shared'), done);
    assert.equal(summarize(merged.record).finishedAttempts, 2);
    // The other way round nothing changes: the finished copy here stays.
    assert.equal(importIntoRecord(merged.record, [], { moduleId: 'm', attempts: [open] }), undefined);
  });
});

// ---- Properties over random stores -------------------------------------------------------------

/** A workspace's saved scores, as ProgressStore keeps them: the record and its history files. */
interface Store {
  readonly record: ProgressRecord;
  readonly files: readonly (readonly AttemptRecord[])[];
  /** Files that cannot be read (damaged, or gone). */
  readonly unreadable: ReadonlySet<number>;
}

const readable = (store: Store) => store.files.filter((_, i) => !store.unreadable.has(i)).flat();
const exportOf = (store: Store): ModuleDump => exportedDump(store.record, readable(store));

/** A save, as ProgressStore does it: older attempts to a new history file. */
function saved(store: Store, record: ProgressRecord): Store {
  const { record: slim, moved } = archiveOldAttempts(record);
  return { ...store, record: slim, files: moved.length ? [...store.files, moved] : store.files };
}

function imported(store: Store, dump: ModuleDump): Store {
  const merged = importIntoRecord(store.record, readable(store), dump);
  return merged ? saved(store, merged.record) : store;
}

const emptyStore: Store = { record: recordOf('m', []), files: [], unreadable: new Set() };

/** A store grown in steps, each archiving with small limits so there are several history files; some unreadable. */
const storeArb: fc.Arbitrary<Store> = fc
  .record({
    attempts: attemptsArb,
    cuts: fc.array(fc.nat({ max: 25 }), { maxLength: 4 }),
    keep: fc.integer({ min: 1, max: 4 }),
    unreadable: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
  })
  .map(({ attempts, cuts, keep, unreadable }) => {
    let record = recordOf('m', []);
    const files: AttemptRecord[][] = [];
    let from = 0;
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(attempts.length)) {
      record = pruneAttempts({ ...record, attempts: [...record.attempts, ...attempts.slice(from, Math.max(from, cut))] });
      from = Math.max(from, cut);
      const { record: slim, moved } = archiveOldAttempts(record, keep, 0, 0);
      record = slim;
      if (moved.length) files.push(moved);
    }
    return { record, files, unreadable: new Set(unreadable.filter((i) => i < files.length)) };
  });

/** A local store and an export from elsewhere that shares some attempts, and finishes the open one here. */
const pairArb = fc.tuple(storeArb, attemptsArb, fc.boolean(), fc.nat(), storeArb).map(([local, theirs, finishOpen, seed, other]) => {
  const mine = exportOf(local).attempts.filter((a) => a.finishedAt !== undefined);
  const shared = mine.filter((_, i) => (i + seed) % 3 === 0);
  const open = local.record.attempts[local.record.attempts.length - 1];
  const finishedCopy: AttemptRecord[] =
    finishOpen && open && open.finishedAt === undefined
      ? [{ ...open, finishedAt: new Date(Date.parse(open.startedAt) + 60_000).toISOString(), result: { earned: 1, possible: 1, percent: 100, passed: true } }]
      : [];
  const remote = exportOf(other);
  const incoming: ModuleDump = {
    moduleId: 'm',
    attempts: [...new Map([...theirs, ...shared, ...finishedCopy, ...remote.attempts].map((a) => [a.id, a])).values()],
    ...(remote.unreadArchived ? { unreadArchived: remote.unreadArchived } : {}),
  };
  return { local, incoming };
});

const exactOf = (r: AttemptResult | undefined) => (r === undefined ? -1 : r.possible > 0 ? r.earned / r.possible : 0);

/** Side attempts a store knows of: finished ones it can read, and those counted in unread totals. */
function sideCount(store: Store): number {
  const dump = dumpOf(store.record, readable(store));
  return dump.attempts.filter((a) => a.kind !== undefined && a.finishedAt !== undefined).length + (dump.unreadArchived?.sideAttempts ?? 0);
}

export const PROPERTY_RUNS = 300;

describe('import properties over random stores (fast-check)', () => {
  it('export, import into an empty store, export again gives the same file', () => {
    fc.assert(
      fc.property(storeArb, (store) => {
        const first = exportOf(store);
        const again = imported(emptyStore, first);
        assert.equal(JSON.stringify(exportOf(again)), JSON.stringify(first));
        assert.ok(readProgress(JSON.parse(JSON.stringify(again.record)), 'm').ok, 'the saved record reads back');
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('an import never lowers a count, and practice or review never raise best or last', () => {
    fc.assert(
      fc.property(pairArb, ({ local, incoming }) => {
        const before = summarize(local.record);
        const after = imported(local, incoming);
        const now = summarize(after.record);
        assert.ok(now.finishedAttempts >= before.finishedAttempts, 'finished full attempts');
        assert.ok(now.attemptsWithAnswers >= before.attemptsWithAnswers, 'attempts with answers');
        assert.ok(sideCount(after) >= sideCount(local), 'practice and review attempts');
        assert.ok(exactOf(now.best) >= exactOf(before.best), 'best');
        // Every finished attempt of both sides is kept, and the open attempt here (abandoned
        // attempts are bounded as every save bounds them).
        const ids = new Set(dumpOf(after.record, readable(after)).attempts.map((a) => a.id));
        for (const a of exportOf(local).attempts) if (a.finishedAt !== undefined) assert.ok(ids.has(a.id), 'no finished attempt lost');
        for (const a of incoming.attempts) if (a.finishedAt !== undefined) assert.ok(ids.has(a.id), 'every finished attempt added');
        const open = local.record.attempts[local.record.attempts.length - 1];
        if (open && open.finishedAt === undefined) assert.ok(ids.has(open.id), 'the open attempt stays');
        // Only practice and review from elsewhere: best and last stay as they were.
        const sideOnly: ModuleDump = {
          moduleId: 'm',
          attempts: incoming.attempts.filter((a) => a.kind !== undefined),
          ...(incoming.unreadArchived?.sideAttempts ? { unreadArchived: { attempts: 0, sideAttempts: incoming.unreadArchived.sideAttempts, accuracy: {} } } : {}),
        };
        const side = summarize(imported(local, sideOnly).record);
        assert.equal(exactOf(side.best), exactOf(before.best), 'best');
        assert.deepEqual(side.last, before.last, 'last');
        assert.equal(side.finishedAttempts, before.finishedAttempts, 'full attempts');
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('importing twice equals importing once', () => {
    fc.assert(
      fc.property(pairArb, ({ local, incoming }) => {
        const once = imported(local, incoming);
        assert.equal(importIntoRecord(once.record, readable(once), incoming), undefined, 'the second import changes nothing');
        const base = dumpOf(once.record, readable(once));
        assert.equal(mergeDumps(base, incoming), base);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('one attempt, open here and finished there, comes back finished whichever side imports', () => {
    fc.assert(
      fc.property(attemptArb, (attempt) => {
        fc.pre(Object.keys(attempt.answers).length > 0);
        const done = { ...attempt, finishedAt: new Date(Date.parse(attempt.startedAt) + 1000).toISOString(), result: { earned: 0, possible: 1, percent: 0, passed: false } };
        const { finishedAt: _f, result: _r, ...open } = attempt;
        const here = saved(emptyStore, recordOf('m', [open]));
        const there = saved(emptyStore, recordOf('m', [done]));
        const a = exportOf(imported(here, exportOf(there)));
        const b = exportOf(imported(there, exportOf(here)));
        assert.deepEqual(a.attempts, [done]);
        assert.deepEqual(b.attempts, [done]);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
