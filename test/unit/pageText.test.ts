import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { escapeHtml } from '../../src/core/markdown/markdown';
import { asciiHtml, initialDataBlock, trimStylesheet } from '../../src/host/webview/pageText';

const root = path.join(__dirname, '..', '..', '..');

/** Text that would end or change a script element if it were written as it is. */
const awkward = fc.constantFrom('</script>', '</SCRIPT >', '<!--', '<script>', '-->', '\u2028', '"', '&amp;', '<img src=x onerror=alert(1)>', '\u2014', '\u00e9', '\u{1F600}', '\ud800');
/** Any text: every plane of Unicode, and lone surrogates as a broken file can hold. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
/** A character beyond ASCII: a string without one is kept by V8 in one byte per character. */
const BEYOND_ASCII = /[\u0080-\uffff]/;
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.array(fc.oneof(text, awkward), { maxLength: 4 }).map((parts) => parts.join('')),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(text, tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('a page\'s first document: initial data and stylesheets', () => {
  it('carries any data in one JSON block, in ASCII, that reads back the same and holds nothing else', () => {
    fc.assert(
      fc.property(value, (data) => {
        assert.doesNotMatch(initialDataBlock(data), BEYOND_ASCII);
        const { document } = new JSDOM(`<!DOCTYPE html><body><div id="app"></div>${initialDataBlock(data)}<p id="after"></p></body>`).window;
        const block = document.getElementById('qm-initial');
        assert.ok(block);
        assert.equal(block.tagName, 'SCRIPT');
        assert.equal(block.getAttribute('type'), 'application/json');
        assert.deepEqual(JSON.parse(block.textContent ?? ''), JSON.parse(JSON.stringify(data)));
        // The text could not end the element early: everything after it is still there, as it was.
        assert.deepEqual([...document.body.children].map((e) => e.id), ['app', 'qm-initial', 'after']);
      }),
    );
  });

  it('writes any markup as ASCII that HTML reads as the same text and attribute values', () => {
    // The page reaches the webview as UTF-8, which holds no lone surrogate: it reads as U+FFFD.
    const asUtf8 = (s: string) => s.replace(/[\ud800-\udfff]/gu, '\ufffd');
    const read = (html: string) => {
      const { document } = new JSDOM(`<!DOCTYPE html><body>${html}</body>`).window;
      const p = document.querySelector('p');
      return [p?.textContent, p?.getAttribute('title')];
    };
    fc.assert(
      fc.property(text, text, (content, attribute) => {
        const html = `<p title="${escapeHtml(attribute)}">${escapeHtml(content)}</p>`;
        assert.doesNotMatch(asciiHtml(html), BEYOND_ASCII);
        assert.deepEqual(read(asciiHtml(html)), read(asUtf8(html)));
      }),
    );
  });

  it('trims the inlined stylesheets to the same rules', () => {
    for (const file of ['media/base.css', 'media/quiz.css', 'media/scores.css', 'node_modules/@vscode/codicons/dist/codicon.css']) {
      const text = readFileSync(path.join(root, file), 'utf8');
      const rules = (css: string) => {
        const { document } = new JSDOM(`<!DOCTYPE html><style>${css}</style>`).window;
        // Compared with runs of white space as one: the serializer keeps a selector list's line breaks.
        return [...document.styleSheets[0]!.cssRules].map((rule) => rule.cssText.replace(/\s+/g, ' '));
      };
      const trimmed = trimStylesheet(text);
      assert.ok(trimmed.length < text.length, file);
      assert.ok(!trimmed.includes('/*'), file);
      assert.deepEqual(rules(trimmed), rules(text), file);
    }
  });
});
