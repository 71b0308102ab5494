import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { dumpOf } from '../../src/core/scores/scoresExport';
import { isFinished, type AttemptRecord, type ProgressRecord } from '../../src/core/session/progressRecord';
import { asideFileName, mergeSavedRecords, moduleIdOfFileName, planRecordStart, readRecordFileText, recordFileName, recordFileText } from '../../src/core/scores/recordFile';
import { attemptsArb, recordOf } from './analyticsArbitraries';

const idArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/);
/** Records as saves leave them: attempts oldest first, an open one (if any) last. */
const recordArb = (moduleId: string): fc.Arbitrary<ProgressRecord> =>
  attemptsArb.map((attempts) => recordOf(moduleId, [...attempts.filter(isFinished), ...attempts.filter((a) => !isFinished(a)).slice(-1)]));

const finishedIds = (record: ProgressRecord): Set<string> => new Set(record.attempts.filter(isFinished).map((a) => a.id));
const answerCount = (attempts: readonly AttemptRecord[], id: string): number => Object.keys(attempts.find((a) => a.id === id)?.answers ?? {}).length;

describe('record files (one module record per file)', () => {
  it('reads back every random record as it was written (fast-check)', () => {
    fc.assert(
      fc.property(idArb, idArb.chain(recordArb), (moduleId, record) => {
        const mine = { ...record, moduleId };
        const read = readRecordFileText(recordFileText(mine), moduleId);
        assert.ok(read.ok, read.ok ? '' : read.reason);
        assert.deepEqual(read.record, mine);
        assert.equal(read.migratedFrom, undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('names a file only after a valid id, and reads a module id only from a name it could have written (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        const id = moduleIdOfFileName(name);
        if (id !== undefined) assert.equal(recordFileName(id), name);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(idArb, fc.nat(), (id, at) => {
        assert.equal(moduleIdOfFileName(recordFileName(id)), id);
        assert.equal(moduleIdOfFileName(asideFileName(id, at)), undefined, 'a file kept aside is never read as a record');
        assert.equal(moduleIdOfFileName(`${recordFileName(id)}.${at}-abc.tmp`), undefined, 'nor is a temporary');
      }),
      { numRuns: 200 },
    );
    for (const hostile of ['../up', '..', 'a/b', 'a\\b', '', 'A', '%2e%2e', 'x'.repeat(65), 'a\u0000', 'а']) {
      assert.throws(() => recordFileName(hostile), /is not a valid id/, hostile);
    }
  });

  describe('a damaged file is refused with its reason', () => {
    const good = recordFileText({ version: 3, moduleId: 'm', attempts: [] });
    const cases: [string, string, RegExp][] = [
      ['cut short', good.slice(0, good.length - 3), /not JSON/],
      ['empty', '', /not JSON/],
      ['null', 'null', /holds null/],
      ['a list', '[]', /expected an object/],
      ['a number', '42', /expected an object/],
      ['no attempts', '{"version":3,"moduleId":"m"}', /no list of attempts/],
      ['a newer version', '{"version":9,"moduleId":"m","attempts":[]}', /newer version/],
      ['an unknown version', '{"version":"x","moduleId":"m","attempts":[]}', /unknown record version/],
      ['another module', '{"version":3,"moduleId":"other","attempts":[]}', /record of module "other"/],
      ['a hostile module id', '{"version":3,"moduleId":"../x","attempts":[]}', /not a valid id/],
      ['a bad attempt id', '{"version":3,"moduleId":"m","attempts":[{"id":"../x","startedAt":"2026-01-01T00:00:00.000Z","questionOrder":[],"answers":{}}]}', /not a valid id/],
      ['bytes that are not UTF-8 JSON', '\uFFFD\uFFFD', /not JSON/],
    ];
    for (const [what, text, reason] of cases) {
      it(what, () => {
        const read = readRecordFileText(text, 'm');
        assert.equal(read.ok, false);
        assert.match(read.ok ? '' : read.reason, reason);
      });
    }

    it('an older version is read and marked for rewriting', () => {
      const v2 = { version: 2, moduleId: 'm', attempts: [{ id: 'x', startedAt: '2026-11-01T10:00:00.000Z', questionOrder: ['a'], choiceOrder: { a: [0, 1] }, answers: {} }] };
      const start = planRecordStart('m', JSON.stringify(v2), undefined);
      assert.equal(start.record.version, 3);
      assert.equal(start.writeFile, true);
      assert.equal(start.fileProblem, undefined);
    });
  });

  describe('the start plan (files and the old workspaceState values)', () => {
    it('loses no attempt and keeps a finished copy over an open one, whichever side holds what (fast-check)', () => {
      fc.assert(
        fc.property(recordArb('m'), recordArb('m'), fc.boolean(), (fileRecord, savedRecord, hasFile) => {
          const start = planRecordStart('m', hasFile ? recordFileText(fileRecord) : undefined, JSON.parse(JSON.stringify(savedRecord)));
          assert.equal(start.fileProblem, undefined);
          assert.equal(start.savedProblem, undefined);
          assert.equal(start.clearSaved, true, 'a readable old value is cleared (once the file is written)');
          const kept = dumpOf(start.record, []).attempts;
          const keptIds = new Set(kept.map((a) => a.id));
          const sides = hasFile ? [fileRecord, savedRecord] : [savedRecord];
          for (const side of sides) {
            for (const id of finishedIds(side)) {
              assert.ok(keptIds.has(id), `finished attempt ${id} is kept`);
              assert.ok(isFinished(kept.find((a) => a.id === id)!), `attempt ${id} stays finished`);
            }
            for (const attempt of side.attempts.filter((a) => !isFinished(a) && Object.keys(a.answers).length > 0)) {
              if (keptIds.has(attempt.id)) assert.ok(answerCount(kept, attempt.id) >= answerCount(side.attempts, attempt.id) || isFinished(kept.find((a) => a.id === attempt.id)!));
            }
          }
          if (!hasFile) assert.deepEqual(start.record, savedRecord, 'a record only in workspaceState moves as it is');
          // Not writing is safe only when the file already holds the record to use.
          if (hasFile && !start.writeFile) assert.deepEqual(start.record, fileRecord);
          if (!hasFile) assert.equal(start.writeFile, true);
        }),
        { numRuns: 300 },
      );
    });

    it('a start cut off after the file was written merges to the same record and writes nothing (fast-check)', () => {
      fc.assert(
        fc.property(recordArb('m'), (record) => {
          const start = planRecordStart('m', recordFileText(record), JSON.parse(JSON.stringify(record)));
          assert.deepEqual(start.record, record);
          assert.equal(start.writeFile, false);
          assert.equal(start.clearSaved, true);
        }),
        { numRuns: 200 },
      );
    });

    it('merging twice equals merging once (fast-check)', () => {
      fc.assert(
        fc.property(recordArb('m'), recordArb('m'), (a, b) => {
          const once = mergeSavedRecords(a, b);
          assert.deepEqual(mergeSavedRecords(once, b), once);
        }),
        { numRuns: 200 },
      );
    });

    it('keeps an unreadable file aside and still moves a readable old value', () => {
      const saved = recordOf('m', []);
      const start = planRecordStart('m', '{not json', { ...saved, attempts: [] });
      assert.match(start.fileProblem ?? '', /not JSON/);
      assert.equal(start.writeFile, true);
      assert.equal(start.clearSaved, true);
    });

    it('keeps an unreadable old value aside (not cleared by the plan) and keeps the file', () => {
      const file = recordOf('m', []);
      const start = planRecordStart('m', recordFileText(file), { version: 3, attempts: 'not a list' });
      assert.match(start.savedProblem ?? '', /no module id|no list of attempts/);
      assert.equal(start.clearSaved, false);
      assert.equal(start.writeFile, false);
      assert.deepEqual(start.record, file);
    });

    it('refuses an old value that holds another module', () => {
      const start = planRecordStart('m', undefined, recordOf('other', []));
      assert.match(start.savedProblem ?? '', /record of module "other"/);
      assert.equal(start.clearSaved, false);
    });

    it('nothing anywhere gives an empty record and writes nothing', () => {
      const start = planRecordStart('m', undefined, undefined);
      assert.deepEqual(start.record, recordOf('m', []));
      assert.equal(start.writeFile, false);
      assert.equal(start.clearSaved, false);
    });
  });
});
