import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyRatings, emptySchedule, type AnswerRating } from '../../src/core/schedule/schedule';
import { JOURNAL_VERSION, journalText, readJournalText, replayJournal, type JournalEntry } from '../../src/core/schedule/scheduleJournal';

const start = Date.UTC(2026, 0, 1);
const ratingArb: fc.Arbitrary<AnswerRating> = fc.record({
  questionId: fc.constantFrom('q1', 'q2', 'q3'),
  questionVersion: fc.constantFrom('v1', 'v2'),
  outcome: fc.constantFrom('again' as const, 'hard' as const, 'good' as const),
  at: fc.integer({ min: 0, max: 200 * 86_400_000 }).map((ms) => new Date(start + ms).toISOString()),
});
/** Entries as answers leave them: later steps later. */
const entriesArb: fc.Arbitrary<JournalEntry[]> = fc
  .array(fc.tuple(fc.constantFrom('alpha', 'beta'), fc.array(ratingArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 86_400_000 })), { maxLength: 30 })
  .map((steps) => {
    let at = start;
    return steps.map(([m, ratings, gap]): JournalEntry => [m, ratings, (at += gap + 1)]);
  });

describe('the schedule journal (ratings since the book was written whole)', () => {
  it('reads back what it wrote, and replaying it gives the book each answer gave (fast-check)', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const read = readJournalText(journalText({ version: JOURNAL_VERSION, base: '123-456', entries }));
        assert.ok(read.ok, read.ok ? '' : read.reason);
        assert.deepEqual(read.journal.entries, JSON.parse(JSON.stringify(entries)));
        let book = emptySchedule();
        for (const [m, ratings, at] of entries) book = applyRatings(book, m, ratings, new Date(at));
        assert.deepEqual(replayJournal(emptySchedule(), read.journal.entries), book);
      }),
      { numRuns: 300 },
    );
  });

  it('replaying twice gives what replaying once gives: a crash before the fold rates nothing twice (fast-check)', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const once = replayJournal(emptySchedule(), entries);
        assert.deepEqual(replayJournal(once, entries), once);
      }),
      { numRuns: 300 },
    );
  });

  describe('a damaged journal is refused whole, with its reason', () => {
    const good = { questionId: 'q1', questionVersion: 'v1', outcome: 'good', at: '2026-01-01T00:00:00.000Z' };
    const cases: [string, string, RegExp][] = [
      ['cut short', journalText({ version: 1, base: 'b', entries: [['alpha', [good as AnswerRating], 1]] }).slice(0, -4), /not JSON/],
      ['not an object', '[]', /not an object/],
      ['an unknown version', '{"version":2,"base":"b","entries":[]}', /unknown journal version/],
      ['no base', '{"version":1,"entries":[]}', /names no schedule file/],
      ['no entries', '{"version":1,"base":"b"}', /no list of entries/],
      ['an entry of two', `{"version":1,"base":"b","entries":[["alpha",[]]]}`, /entry 1 is not/],
      ['a hostile module id', `{"version":1,"base":"b","entries":[["../x",[],1]]}`, /entry 1 has no valid module id/],
      ['a hostile question id', `{"version":1,"base":"b","entries":[["alpha",[${JSON.stringify({ ...good, questionId: '../q' })}],1]]}`, /no valid question id/],
      ['an unknown outcome', `{"version":1,"base":"b","entries":[["alpha",[${JSON.stringify({ ...good, outcome: 'easy' })}],1]]}`, /no valid outcome/],
      ['a bad date', `{"version":1,"base":"b","entries":[["alpha",[${JSON.stringify({ ...good, at: 'soon' })}],1]]}`, /no valid date/],
      ['a bad time', `{"version":1,"base":"b","entries":[["alpha",[],"later"]]}`, /no valid time/],
    ];
    for (const [what, text, reason] of cases) {
      it(what, () => {
        const read = readJournalText(text);
        assert.equal(read.ok, false);
        assert.match(read.ok ? '' : read.reason, reason);
      });
    }
  });
});
