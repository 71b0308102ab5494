import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardKey, emptySchedule, forgetModule, GONE_GRACE_DAYS, pruneGoneCards, rate, readSchedule, type LiveCard, type ScheduleBook } from '../../src/core/schedule/schedule';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-12-01T09:00:00Z');

function book(): ScheduleBook {
  let b = emptySchedule();
  for (const m of ['alpha', 'beta']) for (const q of ['q1', 'q2', 'q3']) b = rate(b, m, q, 'v1', 'good', start);
  return b;
}

describe('cards of removed questions and modules (the schedule keeps no dead cards)', () => {
  it('drops the cards of a removed module and a removed question after the grace period, not before', () => {
    // beta is gone, and alpha lost q3.
    const live: LiveCard = (m, q, v) => m === 'alpha' && q !== 'q3' && v === 'v1';
    let b = pruneGoneCards(book(), live, start);
    assert.equal(Object.keys(b.cards).length, 6, 'nothing is dropped at once (a broken file, a branch switch)');
    assert.equal(Object.keys(b.gone ?? {}).length, 4);
    b = pruneGoneCards(b, live, new Date(start.getTime() + (GONE_GRACE_DAYS - 1) * DAY));
    assert.equal(Object.keys(b.cards).length, 6, 'still kept within the grace period');
    b = pruneGoneCards(b, live, new Date(start.getTime() + (GONE_GRACE_DAYS + 1) * DAY));
    assert.deepEqual(Object.keys(b.cards).sort(), [cardKey('alpha', 'q1'), cardKey('alpha', 'q2')].sort());
    assert.equal(b.gone, undefined, 'no marks are left');
    assert.ok(readSchedule(JSON.parse(JSON.stringify(b))).ok, 'the pruned book reads back');
  });

  it('keeps a card whose question comes back within the grace period, and unmarks it', () => {
    const none: LiveCard = () => false;
    const all: LiveCard = () => true;
    let b = pruneGoneCards(book(), none, start);
    b = pruneGoneCards(b, all, new Date(start.getTime() + 10 * DAY));
    assert.equal(b.gone, undefined);
    b = pruneGoneCards(b, none, new Date(start.getTime() + 20 * DAY));
    b = pruneGoneCards(b, none, new Date(start.getTime() + (GONE_GRACE_DAYS + 15) * DAY));
    assert.equal(Object.keys(b.cards).length, 6, 'the grace period starts again when it leaves again');
  });

  it('reads old books (no marks) and changes nothing when every card is live', () => {
    const old = JSON.parse(JSON.stringify(book())) as unknown;
    const read = readSchedule(old);
    assert.ok(read.ok);
    assert.equal(pruneGoneCards(read.book, () => true, start), read.book);
    assert.equal(forgetModule(pruneGoneCards(read.book, () => false, start), 'alpha').gone?.[cardKey('alpha', 'q1')], undefined, 'a reset drops its marks too');
  });

  it('never drops a live card, and drops a gone one only after the grace period (fast-check)', () => {
    let droppedInAll = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 })), { maxLength: 12 }), (looks) => {
        let b = book();
        const keys = Object.keys(b.cards);
        let day = 0;
        /** Key -> the day since which it has been gone without a break. */
        const goneSince = new Map<string, number>();
        const done = new Set<string>();
        for (const [days, liveness] of looks) {
          day += days;
          const isLive = (key: string) => liveness[keys.indexOf(key)] === true;
          b = pruneGoneCards(b, (m, q) => isLive(cardKey(m, q)), new Date(start.getTime() + day * DAY));
          for (const key of keys) {
            if (done.has(key)) continue;
            if (isLive(key)) goneSince.delete(key);
            else if (!goneSince.has(key)) goneSince.set(key, day);
            const present = Object.hasOwn(b.cards, key);
            if (present) continue;
            droppedInAll++;
            const since = goneSince.get(key);
            assert.ok(since !== undefined, 'a card live now is never dropped');
            assert.ok(day - since > GONE_GRACE_DAYS, 'dropped only after the grace period');
            // Once dropped it stays dropped.
            done.add(key);
          }
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(droppedInAll > 50, `the runs dropped ${droppedInAll} cards`);
  });
});
