import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { cardKey, emptySchedule, rate, reviewCard, type ScheduleBook, type ScheduleCard } from '../../src/core/schedule/schedule';
import { encodeSchedule, isoTime, planScheduleStart, readSavedSchedule, readScheduleFileText, scheduleFileText } from '../../src/core/schedule/scheduleFile';

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
/** Any time a `Date` holds, mostly near now; its ISO text (as `toISOString` writes it) reads back the same. */
const time = fc.oneof(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.integer({ min: -8.64e15, max: 8.64e15 }));
const iso = time.map((t) => new Date(t).toISOString());
const nonNegative = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
const count = fc.nat({ max: 10_000 });

const card: fc.Arbitrary<ScheduleCard> = fc
  .record({
    questionVersion: fc.constantFrom('1x2y3z4', 'abc', 'v1', 'a long version string ✓'),
    due: iso,
    stability: nonNegative,
    difficulty: nonNegative,
    elapsedDays: nonNegative,
    scheduledDays: nonNegative,
    reps: count,
    lapses: count,
    state: fc.integer({ min: 0, max: 3 }),
    lastReview: fc.option(iso, { nil: undefined }),
  })
  .map(({ lastReview, ...rest }) => ({ ...rest, ...(lastReview !== undefined ? { lastReview } : {}) }));

/** Random books: cards of random modules and questions, some marked gone. */
const book: fc.Arbitrary<ScheduleBook> = fc
  .array(fc.tuple(id, id, card, fc.option(iso, { nil: undefined })), { maxLength: 40 })
  .map((rows) => {
    const cards: Record<string, ScheduleCard> = {};
    const gone: Record<string, string> = {};
    for (const [m, q, c, g] of rows) {
      cards[cardKey(m, q)] = c;
      if (g !== undefined) gone[cardKey(m, q)] = g;
      else delete gone[cardKey(m, q)];
    }
    return { version: 1 as const, cards, ...(Object.keys(gone).length > 0 ? { gone } : {}) };
  });

function fsrsBook(): ScheduleBook {
  let b = emptySchedule();
  const start = Date.UTC(2026, 0, 1, 8, 30, 12, 345);
  for (const m of ['alpha', 'beta']) for (let q = 0; q < 5; q++) b = rate(b, m, `q${q}`, 'v1', q % 2 ? 'good' : 'again', new Date(start + q * 86_400_000));
  return b;
}

describe('the saved schedule (compact encoding in a file)', () => {
  it('reads back every random book as it was, card for card and mark for mark (fast-check)', () => {
    fc.assert(
      fc.property(book, (b) => {
        const read = readScheduleFileText(scheduleFileText(b));
        assert.ok(read.ok, read.ok ? '' : read.reason);
        assert.deepEqual(read.book, b);
      }),
      { numRuns: 400 },
    );
  });

  it('encodes the same book to the same text, and a read book encodes back to the text it was read from (fast-check)', () => {
    fc.assert(
      fc.property(book, (b) => {
        const text = scheduleFileText(b);
        const read = readScheduleFileText(text);
        assert.ok(read.ok);
        assert.equal(scheduleFileText(read.book), text);
      }),
      { numRuns: 200 },
    );
  });

  it('writes every time a Date holds as toISOString does (fast-check)', () => {
    fc.assert(
      fc.property(time, (ms) => {
        assert.equal(isoTime(ms), new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const ms of [-8.64e15, 8.64e15, -1, 0, 999, Date.UTC(-1, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1)]) assert.equal(isoTime(ms), new Date(ms).toISOString());
  });

  it('is much smaller than the plain book for real FSRS cards', () => {
    const cards: Record<string, ScheduleCard> = {};
    for (let m = 0; m < 20; m++) for (let q = 0; q < 100; q++) cards[cardKey(`module-${m}`, `question-${q}`)] = reviewCard(undefined, '1x2y3z4', 'good', new Date(Date.UTC(2026, 0, 1 + (q % 30))));
    const b: ScheduleBook = { version: 1, cards };
    const compact = scheduleFileText(b).length;
    const plain = JSON.stringify(b).length;
    assert.ok(compact < plain / 2, `${compact} bytes against ${plain}`);
    const read = readScheduleFileText(scheduleFileText(b));
    assert.ok(read.ok);
    assert.deepEqual(read.book, b);
  });

  it('reads the plain book older versions saved, so it can be moved', () => {
    const b = fsrsBook();
    const read = readSavedSchedule(JSON.parse(JSON.stringify(b)));
    assert.ok(read.ok);
    assert.deepEqual(read.book, b);
  });

  it('refuses a damaged file with where and why, and reads nothing of it', () => {
    const good = encodeSchedule(fsrsBook());
    const cases: [unknown, RegExp][] = [
      [[], /expected an object, found an array/],
      [{ ...good, version: 3 }, /newer version/],
      [{ ...good, version: 'x' }, /unknown schedule version/],
      [{ ...good, versions: [''] }, /question versions/],
      [{ ...good, modules: {} }, /no list of modules/],
      [{ ...good, modules: [{ id: '../../etc', cards: [] }] }, /the id of module 1 of the schedule, "..\/..\/etc", is not a valid id/],
      [{ ...good, modules: [good.modules[0], good.modules[0]] }, /module "alpha" appears twice/],
      [{ ...good, modules: [{ id: 'alpha', cards: [['Q/1', ...good.modules[0]!.cards[0]!.slice(1)]] }] }, /question id of card 1 of module "alpha"/],
      [{ ...good, modules: [{ id: 'alpha', cards: [good.modules[0]!.cards[0], good.modules[0]!.cards[0]] }] }, /question "q0" in module "alpha" appears twice/],
      [{ ...good, modules: [{ id: 'alpha', cards: [['q0', 9, ...good.modules[0]!.cards[0]!.slice(2)]] }] }, /"q0" in module "alpha" names no question version/],
      [{ ...good, modules: [{ id: 'alpha', cards: [['q0', 0, 1e300, ...good.modules[0]!.cards[0]!.slice(3)]] }] }, /no valid due date/],
      [{ ...good, modules: [{ id: 'alpha', cards: [['q0', 0, 0, -1, ...good.modules[0]!.cards[0]!.slice(4)]] }] }, /invalid stability/],
      [{ ...good, modules: [{ id: 'alpha', cards: [[...good.modules[0]!.cards[0]!.slice(0, 9), 7, null]] }] }, /unknown state/],
      [{ ...good, modules: [{ id: 'alpha', cards: [[...good.modules[0]!.cards[0]!.slice(0, 11), 'soon']] }] }, /when its question went/],
      [{ ...good, modules: [{ id: 'alpha', cards: [good.modules[0]!.cards[0]!.slice(0, 5)] }] }, /not a row of 11 or 12 values/],
    ];
    for (const [raw, reason] of cases) {
      const read = readSavedSchedule(raw);
      assert.ok(!read.ok, `refused: ${JSON.stringify(raw).slice(0, 80)}`);
      assert.match(read.reason, reason);
    }
    const notJson = readScheduleFileText('{"version": 2, "modu');
    assert.ok(!notJson.ok);
    assert.match(notJson.reason, /it is not JSON/);
  });
});

describe('moving the schedule from workspaceState to its file at start', () => {
  const old = fsrsBook();

  it('moves a book from workspaceState: write the file, then clear the old value', () => {
    const start = planScheduleStart(undefined, JSON.parse(JSON.stringify(old)));
    assert.deepEqual(start.book, old);
    assert.equal(start.writeFile, true);
    assert.equal(start.clearSaved, true);
    assert.equal(start.fileProblem, undefined);
  });

  it('uses the file alone once moved, and writes nothing', () => {
    const start = planScheduleStart(scheduleFileText(old), undefined);
    assert.deepEqual(start.book, old);
    assert.equal(start.writeFile, false);
    assert.equal(start.clearSaved, false);
  });

  it('finishes a move stopped after the file was written: the same cards, the old value cleared', () => {
    const start = planScheduleStart(scheduleFileText(old), JSON.parse(JSON.stringify(old)));
    assert.deepEqual(start.book, old);
    assert.equal(start.writeFile, false, 'the file already holds every card');
    assert.equal(start.clearSaved, true);
  });

  it('keeps a corrupt file aside and still moves the old value', () => {
    const start = planScheduleStart('{ not json', JSON.parse(JSON.stringify(old)));
    assert.match(start.fileProblem ?? '', /not JSON/);
    assert.deepEqual(start.book, old);
    assert.equal(start.writeFile, true);
    assert.equal(start.clearSaved, true);
  });

  it('keeps an unreadable old value aside and does not clear it as moved', () => {
    const start = planScheduleStart(scheduleFileText(old), { version: 1, cards: { nonsense: { due: 'never' } } });
    assert.match(start.savedProblem ?? '', /has no module and question id/);
    assert.deepEqual(start.book, old);
    assert.equal(start.clearSaved, false);
    assert.equal(start.writeFile, false);
  });

  it('starts empty with nothing saved', () => {
    const start = planScheduleStart(undefined, undefined);
    assert.deepEqual(start.book, emptySchedule());
    assert.equal(start.writeFile, false);
    assert.equal(start.clearSaved, false);
  });

  it('never loses a card: every readable card of the file or the old value is in the book, the later review where both have one (fast-check)', () => {
    fc.assert(
      fc.property(fc.option(book, { nil: undefined }), fc.option(book, { nil: undefined }), (inFile, inState) => {
        const start = planScheduleStart(inFile && scheduleFileText(inFile), inState && JSON.parse(JSON.stringify(inState)));
        const keys = new Set([...Object.keys(inFile?.cards ?? {}), ...Object.keys(inState?.cards ?? {})]);
        assert.deepEqual(new Set(Object.keys(start.book.cards)), keys);
        const reviewed = (c?: ScheduleCard) => (c?.lastReview === undefined ? -Infinity : Date.parse(c.lastReview));
        for (const key of keys) {
          const got = start.book.cards[key]!;
          const best = Math.max(reviewed(inFile?.cards[key]), reviewed(inState?.cards[key]));
          assert.equal(reviewed(got), best);
        }
        // What was only in workspaceState reaches the file before that value is cleared.
        const differs = [...keys].some((k) => !isDeepStrictEqual(inFile?.cards[k], start.book.cards[k]));
        assert.equal(start.writeFile, inState !== undefined && differs);
        assert.equal(start.clearSaved, inState !== undefined);
      }),
      { numRuns: 300 },
    );
  });
});
