import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lastListingValue, listingKey, moduleFileSegments, readLastListing, type ListedFile } from '../../src/core/module/lastListing';

const segmentArb = fc.stringMatching(/^[a-zA-Z0-9_-][a-zA-Z0-9 ._-]{0,20}$/);
/** Paths the workspace search could give: folders that are not dot-folders or node_modules, a `*.quiz.json` name. */
const modulePathArb = fc
  .tuple(fc.array(segmentArb.filter((s) => s !== 'node_modules' && !s.startsWith('.')), { maxLength: 5 }), segmentArb)
  .map(([folders, name]) => [...folders, `${name}.quiz.json`].join('/'));
const listedArb = fc.array(fc.tuple(fc.nat({ max: 3 }), modulePathArb), { maxLength: 40 });
const KEY = listingKey(['file:///work/a', 'file:///work/b', 'file:///work/c', 'file:///work/d'], '**/*.quiz.json', '{**/node_modules/**,**/.*/**}');

describe('the module files listed last time (read at the next start before the search answers)', () => {
  it('reads back every listing as it was saved, each file once (fast-check)', () => {
    fc.assert(
      fc.property(listedArb, (files) => {
        const value = lastListingValue(KEY, files);
        assert.ok(value);
        // Saved in workspaceState: only what survives JSON is kept.
        const read = readLastListing(JSON.parse(JSON.stringify(value)), KEY, 4);
        const unique = [...new Map(files.map(([folder, path]) => [`${folder}/${path}`, [folder, path] as const])).values()];
        assert.deepEqual(
          read.map(({ folder, segments }) => [folder, segments.join('/')]),
          unique,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a path that leaves its folder, enters a dot-folder or node_modules, or is not a module file, whatever was saved (fast-check)', () => {
    const anyPath = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom('..', '.', '', 'a', '.git', 'node_modules', 'x.quiz.json', 'C:', 'a\\..\\b', '\0', '%2e%2e'), { maxLength: 6 }).map((parts) => parts.join('/')),
      modulePathArb,
    );
    const entryArb = fc.oneof(fc.tuple(fc.integer({ min: -2, max: 6 }), anyPath), fc.anything());
    const savedArb = fc.oneof(
      fc.record({ version: fc.constant(1), key: fc.constant(KEY), files: fc.array(entryArb, { maxLength: 20 }) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(savedArb, (saved) => {
        for (const { folder, segments } of readLastListing(saved, KEY, 4)) {
          assert.ok(Number.isInteger(folder) && folder >= 0 && folder < 4, `folder ${folder}`);
          assert.ok(segments.length > 0);
          assert.match(segments[segments.length - 1]!, /.\.quiz\.json$/);
          for (const [index, segment] of segments.entries()) {
            assert.ok(segment !== '' && segment !== '.' && segment !== '..', JSON.stringify(segments));
            assert.ok(!/[\\\0:]/.test(segment), JSON.stringify(segments));
            if (index < segments.length - 1) assert.ok(!segment.startsWith('.') && segment !== 'node_modules', JSON.stringify(segments));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is not used for other folders or other search patterns, nor in an older shape', () => {
    const files: ListedFile[] = [[0, 'unit-1/a.quiz.json']];
    const value = lastListingValue(KEY, files);
    assert.equal(readLastListing(value, KEY, 4).length, 1);
    assert.deepEqual(readLastListing(value, listingKey(['file:///work/a'], '**/*.quiz.json', '{**/node_modules/**,**/.*/**}'), 1), []);
    assert.deepEqual(readLastListing(value, listingKey(['file:///work/a', 'file:///work/b', 'file:///work/c', 'file:///work/d'], 'exam/*.quiz.json', '{**/node_modules/**,**/.*/**}'), 4), []);
    assert.deepEqual(readLastListing({ ...value, version: 2 }, KEY, 4), []);
    // A folder index past the folders open now is skipped.
    assert.deepEqual(readLastListing(lastListingValue(KEY, [[4, 'a.quiz.json']]), KEY, 4), []);
  });

  it('keeps no listing of more files than a start should read before the search', () => {
    const many: ListedFile[] = Array.from({ length: 5001 }, (_, n) => [0, `m${n}.quiz.json`]);
    assert.equal(lastListingValue(KEY, many), undefined);
    assert.equal(lastListingValue(KEY, many.slice(1))?.files.length, 5000);
  });

  it('accepts module paths as the search gives them and refuses the rest', () => {
    assert.deepEqual(moduleFileSegments('unit-1/year-01.quiz.json'), ['unit-1', 'year-01.quiz.json']);
    assert.deepEqual(moduleFileSegments('a b/.x.quiz.json'), ['a b', '.x.quiz.json']);
    for (const refused of ['', '.quiz.json', 'a/../b.quiz.json', './b.quiz.json', '.git/b.quiz.json', 'node_modules/p/b.quiz.json', '/abs.quiz.json', 'a//b.quiz.json', 'b.json', 'c:/b.quiz.json', 'a\\b.quiz.json']) {
      assert.equal(moduleFileSegments(refused), undefined, refused);
    }
  });
});
