import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Checked, PageMessageType } from '../../src/protocol/guard';
import { checkFromModulePage } from '../../src/protocol/modulePage';
import { checkFromPreview } from '../../src/protocol/preview';
import { checkFromReviewPage } from '../../src/protocol/reviewPage';

/** Each page's guard and the message types it lets through. */
const pages: readonly { readonly name: string; readonly check: (value: unknown) => Checked<{ readonly type: string }>; readonly types: readonly PageMessageType[] }[] = [
  {
    name: 'module page',
    check: checkFromModulePage,
    types: ['ready', 'start', 'answer', 'hint', 'retry', 'next', 'restart', 'review', 'showScores', 'openLink'],
  },
  { name: 'review page', check: checkFromReviewPage, types: ['ready', 'answer', 'next', 'hint', 'start', 'openLink'] },
  { name: 'preview', check: checkFromPreview, types: ['ready', 'openLink'] },
];

const ALL_TYPES: readonly PageMessageType[] = ['ready', 'start', 'restart', 'review', 'showScores', 'retry', 'next', 'hint', 'answer', 'openLink'];

const id = fc.string({ minLength: 1, maxLength: 30 });
const choiceKey = fc.stringMatching(/^[0-9a-z]{1,13}(?:\.[0-9]{1,2})?$/);

/** Every message some page may send, well formed. */
const wellFormed: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('ready'), timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('start', 'restart', 'review', 'showScores', 'retry') }),
  fc.record({ type: fc.constant('next'), attemptId: id }),
  fc.record({ type: fc.constant('hint'), attemptId: id, questionId: id }),
  fc.record(
    {
      type: fc.constant('answer'),
      attemptId: id,
      questionId: id,
      picks: fc.array(choiceKey, { minLength: 1, maxLength: 10 }),
      confidence: fc.constantFrom('sure', 'unsure'),
      hinted: fc.constant(true),
    },
    { requiredKeys: ['type', 'attemptId', 'questionId', 'picks'] },
  ),
  fc.record({ type: fc.constant('openLink'), href: fc.constantFrom('https://example.com/a', 'mailto:a@b.example', '../other/other.md#part', 'notes.txt') }),
);

/** Anything a broken or hostile page might post: junk, and well-formed messages bent a little. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.record({ type: fc.oneof(fc.string(), fc.constantFrom(...ALL_TYPES, '__proto__', 'constructor', 'toString')) }),
  wellFormed,
  // A field too many, a field dropped, or a field of another kind.
  fc.tuple(wellFormed, fc.string({ minLength: 1, maxLength: 10 }), fc.anything()).map(([message, key, value]) => ({ ...message, [key]: value })),
  fc.tuple(wellFormed, fc.nat()).map(([message, at]) => {
    const keys = Object.keys(message).filter((key) => key !== 'type');
    if (keys.length === 0) return message;
    const copy = { ...message };
    delete copy[keys[at % keys.length]!];
    return copy;
  }),
);

/** A problem is located: it names the message (and the field) it is about, or says the value is no message at all. */
function located(problem: string, value: unknown): boolean {
  if (problem.startsWith('a message must be an object') || problem.startsWith('unknown message type')) return true;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && problem.startsWith(`"${type}"`);
}

describe('page guards (fast-check)', () => {
  for (const page of pages) {
    describe(page.name, () => {
      it('never throws, and gives either a message of the page or a located problem', () => {
        fc.assert(
          fc.property(anyValue, (value) => {
            const checked = page.check(value);
            assert.equal(Object.keys(checked).length, 1);
            if ('message' in checked) {
              assert.ok(page.types.includes(checked.message.type as PageMessageType), `${checked.message.type} is a message of the ${page.name}`);
              // What got through is exactly a message: checked again, it comes out the same.
              assert.deepEqual(page.check(checked.message), checked);
            } else {
              assert.equal(typeof checked.problem, 'string');
              assert.ok(checked.problem.length > 0 && checked.problem.length < 200, checked.problem);
              assert.ok(located(checked.problem, value), `located: ${checked.problem}`);
            }
          }),
          { numRuns: 3000 },
        );
      });

      it('lets every well-formed message of its own through unchanged, and no other', () => {
        fc.assert(
          fc.property(wellFormed, (value) => {
            const checked = page.check(value);
            if (page.types.includes(value['type'] as PageMessageType)) assert.deepEqual(checked, { message: { ...value } });
            else assert.deepEqual(checked, { problem: `unknown message type "${String(value['type'])}"` });
          }),
          { numRuns: 1000 },
        );
      });
    });
  }

  it('keeps the module page’s own actions off the review page, and every quiz action off the preview', () => {
    for (const type of ['restart', 'review', 'showScores', 'retry']) assert.ok('problem' in checkFromReviewPage({ type }), type);
    for (const message of [{ type: 'start' }, { type: 'next', attemptId: 'a' }, { type: 'answer', attemptId: 'a', questionId: 'q', picks: ['k'] }]) {
      assert.ok('problem' in checkFromPreview(message), message.type);
      assert.ok('message' in checkFromReviewPage(message), message.type);
    }
  });
});
