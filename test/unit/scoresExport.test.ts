import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { moduleStats, questionStats } from '../../src/core/scores/analytics';
import type { ScheduleBook } from '../../src/core/schedule/schedule';
import { mergeSchedules } from '../../src/core/schedule/scheduleMerge';
import { KEEP_FINISHED_ATTEMPTS, ARCHIVE_BATCH, pruneAttempts, type AttemptRecord } from '../../src/core/session/progressRecord';
import { archiveOldAttempts, summarize } from '../../src/core/session/progressSummary';
import { addedBy, dumpOf, EXPORT_FORMAT, mergeDumps, readExport, recordFor, type ModuleDump, type ScoresExport } from '../../src/core/scores/scoresExport';
import { csvField, CSV_COLUMNS, toCsv } from '../../src/core/scores/scoresCsv';
import { parseCsv } from './csv';
import { answerArb, attemptsArb, recordOf } from './analyticsArbitraries';
import { sampleAttempt } from './sampleAttempts';

/** Every attempt of these tests is saved as not passed. */
const finishedAttempt = (id: string, day: number, correct: boolean, extra: Partial<AttemptRecord> = {}) => sampleAttempt(id, day, correct, extra, false);

const sample: ScoresExport = {
  format: EXPORT_FORMAT,
  version: 1,
  exportedAt: '2026-11-29T00:00:00.000Z',
  modules: [
    {
      moduleId: 'm',
      title: 'Module, "quoted"',
      questions: [
        {
          id: 'q1',
          prompt: 'Pick two\nlines',
          section: 's',
          choices: [
            { key: 'k1', text: 'One', correct: true },
            { key: 'k2', text: 'Two', correct: true },
            { key: 'k3', text: '-1', correct: false },
          ],
        },
      ],
      attempts: [finishedAttempt('3f2b8a64-1c7e-4d2a-9b3e-5a6c7d8e9f01', 1, true), finishedAttempt('a2', 2, false)],
    },
  ],
};

describe('scores export: CSV, xAPI, the JSON reader and the merge of an import', () => {
  describe('CSV', () => {
    it('quotes fields as RFC 4180 says and keeps spreadsheet formulas as text', () => {
      assert.equal(csvField('plain'), 'plain');
      assert.equal(csvField('a,b'), '"a,b"');
      assert.equal(csvField('say "hi"'), '"say ""hi"""');
      assert.equal(csvField('two\nlines'), '"two\nlines"');
      assert.equal(csvField('=1+2'), "'=1+2");
      assert.equal(csvField('+1'), "'+1");
      assert.equal(csvField('-1'), "'-1");
      assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(csvField('=A1,"x"'), '"\'=A1,""x"""');
      assert.equal(csvField(-3), '-3', 'numbers stay numbers');
      assert.equal(csvField(true), 'true');
      assert.equal(csvField(undefined), '');
    });

    it('writes one row per answer that parses back, with CRLF line ends', () => {
      const csv = toCsv(sample);
      assert.ok(csv.endsWith('\r\n'));
      const rows = parseCsv(csv);
      assert.deepEqual(rows[0], [...CSV_COLUMNS]);
      assert.equal(rows.length, 1 + 4);
      const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
      const first = rows[1]!;
      assert.equal(first[col('module_title')], 'Module, "quoted"');
      assert.equal(first[col('question')], 'Pick two\nlines');
      assert.equal(first[col('picked_keys')], 'k2 k1');
      assert.equal(first[col('picked_text')], 'Two | One');
      assert.equal(first[col('seconds')], '30');
      assert.equal(rows[2]![col('picked_keys')], '\'=HYPERLINK("x")');
      assert.equal(rows[2]![col('seconds')], '75.5');
      for (const row of rows) assert.equal(row.length, CSV_COLUMNS.length);
    });

    it('any text survives a CSV round trip, with a formula guard added only in front (fast-check)', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (fields) => {
          const line = `${fields.map(csvField).join(',')}\r\n`;
          const [row] = parseCsv(line);
          assert.equal(row!.length, fields.length);
          row!.forEach((value, i) => {
            const original = fields[i]!;
            assert.equal(value, /^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
          });
        }),
      );
    });
  });

  describe('reading an export', () => {
    it('reads back what was written, and refuses what is not ours with the reason', () => {
      const read = readExport(JSON.parse(JSON.stringify(sample)));
      assert.ok(read.ok);
      assert.deepEqual(read.value, sample);
      const refuse = (value: unknown, reason: RegExp) => {
        const result = readExport(value);
        assert.equal(result.ok, false);
        assert.match((result as { reason: string }).reason, reason);
      };
      refuse({ version: 3, moduleId: 'm', attempts: [] }, /not a Quiz Modules scores export/);
      refuse([1, 2], /not a Quiz Modules scores export/);
      refuse({ ...sample, version: 9 }, /newer version/);
      refuse({ ...sample, modules: [{ moduleId: 'm', attempts: [{ id: 'x' }] }] }, /module "m": attempt 1 has no valid start date/);
      refuse({ ...sample, modules: [sample.modules[0], sample.modules[0]] }, /appears twice/);
      refuse({ ...sample, schedule: { version: 1, cards: { bad: {} } } }, /schedule is invalid/);
    });
  });

  describe('merging an import', () => {
    // Records as the store keeps them: bounded by pruneAttempts, as every save bounds them.
    const stored = (attempts: readonly AttemptRecord[]) => pruneAttempts(recordOf('m', attempts));
    const dumpArb = attemptsArb.map((attempts): ModuleDump => dumpOf(stored(attempts), []));

    it('is idempotent: merging a dump into itself changes nothing (fast-check)', () => {
      fc.assert(
        fc.property(dumpArb, (a) => {
          assert.equal(mergeDumps(a, a), a);
          assert.deepEqual(mergeDumps(a, JSON.parse(JSON.stringify(a)) as ModuleDump), a);
          assert.deepEqual(addedBy(a, a), { attempts: 0, answers: 0 });
        }),
      );
    });

    it('loses no attempt, adds each once, keeps them oldest first and the open attempt last (fast-check)', () => {
      fc.assert(
        fc.property(attemptsArb, attemptsArb, fc.array(fc.nat(), { maxLength: 10 }), (mine, theirs, shared) => {
          // Some attempts are on both sides, as after an earlier import.
          const both = shared.map((i) => mine[i % Math.max(1, mine.length)]).filter((a): a is AttemptRecord => a !== undefined);
          const a = dumpOf(stored(mine), []);
          const b = dumpOf(stored([...theirs, ...both]), []);
          const merged = mergeDumps(a, b);
          const ids = merged.attempts.map((x) => x.id);
          assert.equal(new Set(ids).size, ids.length, 'no attempt twice');
          // Every finished attempt of either side is kept; unfinished ones left behind are bounded as every save bounds them.
          for (const x of [...a.attempts, ...b.attempts]) if (x.finishedAt !== undefined) assert.ok(ids.includes(x.id), 'no finished attempt lost');
          assert.equal(pruneAttempts(recordOf('m', merged.attempts)).attempts.length, merged.attempts.length, 'within the bound');
          for (const x of merged.attempts) assert.ok(a.attempts.some((y) => y.id === x.id) || b.attempts.some((y) => y === x), 'nothing from nowhere');
          // The open attempt here stays open (last); without one, the open attempt of the import does.
          const openOf = (list: readonly AttemptRecord[]) => {
            const last = list[list.length - 1];
            return last && last.finishedAt === undefined ? last : undefined;
          };
          const mineOpen = openOf(a.attempts);
          const theirOpen = openOf(b.attempts);
          const open = mineOpen && merged.attempts.includes(mineOpen) ? mineOpen : theirOpen && !a.attempts.some((x) => x.id === theirOpen.id) && merged.attempts.includes(theirOpen) ? theirOpen : undefined;
          const rest = merged.attempts.filter((x) => x !== open);
          for (let i = 1; i < rest.length; i++) assert.ok(rest[i - 1]!.startedAt <= rest[i]!.startedAt, 'oldest first');
          if (open) assert.equal(merged.attempts[merged.attempts.length - 1], open, 'the open attempt stays last');
          // Merging again adds nothing.
          assert.deepEqual(mergeDumps(merged, b), merged);
        }),
      );
    });

    it('takes an attempt open on both sides from the side with more answers, this side on a tie; idempotent, and never fewer answers (fast-check)', () => {
      const openPair = fc.record({
        before: attemptsArb,
        start: fc.integer({ min: 0, max: 60 * 60 * 1000 }),
        mine: fc.dictionary(fc.constantFrom('q1', 'q2', 'q3', 'q4'), answerArb, { maxKeys: 4 }),
        theirs: fc.dictionary(fc.constantFrom('q1', 'q2', 'q3', 'q4'), answerArb, { maxKeys: 4 }),
        kind: fc.constantFrom(undefined, 'practice' as const),
      });
      fc.assert(
        fc.property(openPair, ({ before, start, mine, theirs, kind }) => {
          // One attempt started here, exported, answered further on one side or both.
          const finished = before.filter((a) => a.finishedAt !== undefined);
          const startedAt = new Date(Date.UTC(2027, 0, 1) + start).toISOString();
          const open = (answers: Record<string, AttemptRecord['answers'][string]>): AttemptRecord => ({ id: 'shared-open', startedAt, questionOrder: ['q1', 'q2', 'q3', 'q4'], answers, ...(kind ? { kind } : {}) });
          const here = dumpOf(stored([...finished, open(mine)]), []);
          const there = dumpOf(stored([...finished, open(theirs)]), []);
          const merged = mergeDumps(here, there);
          const copy = merged.attempts.find((a) => a.id === 'shared-open');
          const count = (a?: AttemptRecord) => Object.keys(a?.answers ?? {}).length;
          const mineCount = Object.keys(mine).length;
          const theirCount = Object.keys(theirs).length;
          if (mineCount === 0 && theirCount === 0) return;
          assert.ok(copy, 'the open attempt is kept');
          assert.equal(copy.finishedAt, undefined, 'still open');
          assert.deepEqual(copy.answers, theirCount > mineCount ? theirs : mine, theirCount > mineCount ? 'the copy that went further' : 'this copy');
          assert.equal(count(copy), Math.max(mineCount, theirCount), 'never fewer answers than either side');
          assert.equal(merged.attempts[merged.attempts.length - 1], copy, 'the open attempt stays last, where the session resumes it');
          assert.equal(addedBy(here, there).attempts, theirCount > mineCount ? 1 : 0, 'the dialog counts a continued attempt');
          // Importing the same file again changes nothing; the other way round gives the same copy.
          assert.deepEqual(mergeDumps(merged, there), merged);
          assert.deepEqual(mergeDumps(there, here).attempts.find((a) => a.id === 'shared-open')!.answers, mineCount > theirCount ? mine : theirs);
        }),
        { numRuns: 300 },
      );
    });

    it('an export imported into an empty workspace exports the same, within the archive limits and with the same totals (fast-check)', () => {
      const manyArb = fc.array(fc.nat({ max: 3 }), { minLength: 0, maxLength: 70 }).chain((marks) =>
        attemptsArb.map((extra) => [
          ...marks.map((m, i) => finishedAttempt(`f${i}`, 1 + (i % 28), m > 1, { startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() })),
          ...extra,
        ]),
      );
      fc.assert(
        fc.property(manyArb, (attempts) => {
          const source = recordOf('m', attempts);
          const exported = dumpOf(source, []);
          const empty = dumpOf(recordOf('m', []), []);
          const { record, moved } = recordFor(mergeDumps(empty, exported), new Set());
          const finishedKept = record.attempts.filter((a) => a.finishedAt !== undefined).length;
          assert.ok(finishedKept <= KEEP_FINISHED_ATTEMPTS + ARCHIVE_BATCH || moved.length === 0 || finishedKept <= KEEP_FINISHED_ATTEMPTS);
          const again = dumpOf(record, moved);
          // Every finished attempt comes back; nothing comes back that was not exported.
          const againIds = new Set(again.attempts.map((a) => a.id));
          for (const a of exported.attempts) if (a.finishedAt !== undefined) assert.ok(againIds.has(a.id));
          for (const id of againIds) assert.ok(exported.attempts.some((a) => a.id === id));
          const order = again.attempts.filter((a) => a.finishedAt !== undefined).map((a) => a.id);
          assert.deepEqual(order, exported.attempts.filter((a) => a.finishedAt !== undefined).map((a) => a.id), 'the same order');
          // The dashboard figures agree.
          const before = moduleStats({ moduleId: 'm', record: source });
          const after = moduleStats({ moduleId: 'm', record, history: moved });
          assert.equal(after.finished, before.finished);
          assert.deepEqual(after.best, before.best);
          assert.equal(after.average, before.average);
          assert.equal(summarize(record).finishedAttempts, summarize(source).finishedAttempts);
          const sort = (s: ReturnType<typeof questionStats>) => [...s].sort((x, y) => x.questionId.localeCompare(y.questionId));
          assert.deepEqual(sort(questionStats({ moduleId: 'm', record })), sort(questionStats({ moduleId: 'm', record: source })));
          // Importing the same export again adds no finished attempt.
          assert.equal(addedBy(again, { ...exported, attempts: exported.attempts.filter((a) => a.finishedAt !== undefined) }).attempts, 0);
        }),
        { numRuns: 60 },
      );
    });

    it('keeps archived attempts whose files could not be read, as totals, without counting them twice', () => {
      const attempts = Array.from({ length: 60 }, (_, i) => finishedAttempt(`a${i}`, 1 + (i % 28), i % 3 === 0, { startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
      const { record, moved } = archiveOldAttempts(recordOf('m', attempts));
      // The history files are lost: only their totals remain.
      const lost = dumpOf(record, []);
      assert.equal(lost.unreadArchived?.attempts, moved.length);
      // With part of them readable, only the rest stays as totals.
      const partly = dumpOf(record, moved.slice(0, 5));
      assert.equal(partly.unreadArchived?.attempts, moved.length - 5);
      const merged = mergeDumps(lost, lost);
      assert.equal(merged.unreadArchived?.attempts, moved.length, 'the same totals twice count once');
      const stored = recordFor(merged, new Set());
      assert.equal(summarize(stored.record).finishedAttempts, 60);
    });

    it('merges review schedules by card, the later review winning', () => {
      const card = (lastReview: string | undefined, due: string) => ({ questionVersion: 'v', due, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, reps: 1, lapses: 0, state: 2, ...(lastReview ? { lastReview } : {}) });
      const mine: ScheduleBook = { version: 1, cards: { 'm\u0000q1': card('2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z'), 'm\u0000q2': card('2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z') } };
      const theirs: ScheduleBook = { version: 1, cards: { 'm\u0000q1': card('2026-11-15T00:00:00Z', '2026-11-30T00:00:00Z'), 'm\u0000q2': card('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), 'n\u0000q': card(undefined, '2026-11-02T00:00:00Z') } };
      const merged = mergeSchedules(mine, theirs)!;
      assert.equal(merged.cards['m\u0000q1']!.due, '2026-11-30T00:00:00Z');
      assert.equal(merged.cards['m\u0000q2']!.due, '2026-11-25T00:00:00Z');
      assert.ok(merged.cards['n\u0000q']);
      assert.equal(mergeSchedules(merged, theirs), merged, 'idempotent');
      assert.equal(mergeSchedules(mine, undefined), mine);
    });
  });
});
