import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readProgress } from '../../src/core/session/recordReader';
import { CURRENT, step } from '../../src/core/session/session';
import { question, quizModule, seededRandom } from './testModules';

/** Saved records as each version of the extension wrote them. */
const shapes: Record<string, unknown> = {
  'version 1': {
    version: 1,
    best: 50,
    last: 50,
    attempts: [{ startedAt: 1_700_000_000_000, finishedAt: 1_700_000_060_000, score: 50, passed: false, answers: [{ questionId: 'a', picks: [0], correct: true }, { questionId: 'b', picks: [1], correct: false }] }],
  },
  'version 2': {
    version: 2,
    moduleId: 'test-module',
    attempts: [
      {
        id: 'x',
        startedAt: '2026-11-01T10:00:00.000Z',
        questionOrder: ['a', 'b'],
        choiceOrder: { a: [1, 0, 2, 3], b: [0, 1, 2, 3] },
        answers: { a: { picks: [0], correct: true, earned: 1, points: 1, answeredAt: '2026-11-01T10:01:00.000Z' } },
      },
    ],
  },
  'version 3': (() => {
    const module = quizModule([question('a', [0]), question('b', [1])]);
    const context = { now: () => new Date(0), random: seededRandom(1), newId: () => 'y' };
    const begun = step({ record: { version: 3, moduleId: module.id, attempts: [] }, screen: CURRENT }, module, { type: 'begin' }, context);
    return JSON.parse(JSON.stringify(begun.state.record)) as unknown;
  })(),
};

/** A JSON value with one part replaced, dropped or retyped, as a damaged file or a foreign writer would leave it. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0]! % entries.length]!;
  const next = mutate(child, path.slice(1), replacement);
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === key ? next : v));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

function checkRead(raw: unknown): void {
  const read = readProgress(raw, 'test-module');
  if (read.ok) {
    // What is accepted reads back as itself: a valid current record.
    const again = readProgress(JSON.parse(JSON.stringify(read.record)), 'test-module');
    assert.ok(again.ok, 'an accepted record reads back');
    assert.deepEqual(again.record, JSON.parse(JSON.stringify(read.record)));
  } else {
    assert.ok(read.reason.length > 0, 'a refusal says why');
  }
}

describe('saved records under damage (fast-check)', () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(`migrates ${name} and refuses its damaged forms with a reason, never throwing`, () => {
      const read = readProgress(shape, 'test-module');
      assert.ok(read.ok, `${name} is read`);
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.oneof(fc.jsonValue(), fc.constant(undefined)), (path, replacement) => {
          checkRead(mutate(shape, path, replacement));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('refuses anything else with a reason, never throwing', () => {
    fc.assert(fc.property(fc.anything(), (raw) => checkRead(raw)), { numRuns: 3000 });
  });

  it('refuses truncated JSON that a foreign writer left as a string', () => {
    const text = JSON.stringify(shapes['version 3']);
    fc.assert(
      fc.property(fc.nat(text.length - 1), (cut) => {
        const read = readProgress(text.slice(0, cut), 'test-module');
        assert.equal(read.ok, false);
      }),
    );
  });

  it('refuses an attempt with 100,000 answers quickly', () => {
    const answers = Object.fromEntries(
      Array.from({ length: 100_000 }, (_, i) => [`q${i}`, { picks: ['k'], correct: true, earned: 1, points: 1, answeredAt: '2026-11-01T10:00:00.000Z' }]),
    );
    const read = readProgress({ version: 3, moduleId: 'm', attempts: [{ id: 'a', startedAt: '2026-11-01T10:00:00.000Z', questionOrder: [], answers }] }, 'm');
    assert.ok(!read.ok);
    assert.match(read.reason, /more questions or answers than a module can have/);
  });
});
