import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import GithubSlugger, { slug as githubSlug } from 'github-slugger';
import { Slugger, slugOf } from '../../src/core/slug';

/** Characters assigned in Unicode (the ones a heading can hold in practice). */
const assigned = /\P{Cn}/u;

/** Code points on which our slug differs from github-slugger's, one character at a time. */
function differences(): number[] {
  const found: number[] = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const text = String.fromCodePoint(code);
    if (assigned.test(text) && slugOf(text) !== githubSlug(text)) found.push(code);
  }
  return found;
}

describe('heading slugs (src/core/slug.ts)', function () {
  this.timeout(60_000);
  const differ = new Set(differences());

  it('match github-slugger on every character, except letters of newer Unicode, which we keep', () => {
    for (const code of differ) {
      const text = String.fromCodePoint(code);
      assert.equal(githubSlug(text), '', `github-slugger drops U+${code.toString(16)}`);
      assert.match(text, /\p{Alphabetic}|\p{M}|\p{Nd}/u, `U+${code.toString(16)} is a letter, mark or digit`);
    }
    // Its tables end at an older Unicode; the letters added since are a minority of all letters.
    assert.ok(differ.size < 20_000, `${differ.size} characters differ`);
  });

  it('number repeated headings the way github-slugger does, on any run of headings (fast-check)', () => {
    const known = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((t) => [...t].every((c) => !differ.has(c.codePointAt(0)!)));
    const heading = fc.oneof(known, fc.constantFrom('Intro', 'intro', 'Intro 1', 'intro-1', 'Intro-2', '', ' ', '__proto__', 'Café — naïve', '😀 Hi', 'x²'));
    fc.assert(
      fc.property(fc.array(heading, { maxLength: 30 }), (headings) => {
        const ours = new Slugger();
        const theirs = new GithubSlugger();
        assert.deepEqual(headings.map((h) => ours.slug(h)), headings.map((h) => theirs.slug(h)));
        ours.reset();
        theirs.reset();
        assert.deepEqual(headings.map((h) => ours.slug(h)), headings.map((h) => theirs.slug(h)));
      }),
      { numRuns: 2000 },
    );
  });
});
