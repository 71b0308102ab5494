import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { initialDataBlock, trimStylesheet } from '../../src/host/webview/pageText';

const root = path.join(__dirname, '..', '..', '..');

/** Text that would end or change a script element if it were written as it is. */
const awkward = fc.constantFrom('</script>', '</SCRIPT >', '<!--', '<script>', '-->', '\u2028', '"', '&amp;', '<img src=x onerror=alert(1)>');
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.array(fc.oneof(fc.string(), awkward), { maxLength: 4 }).map((parts) => parts.join('')),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('a page\'s first document: initial data and stylesheets', () => {
  it('carries any data in one JSON block that reads back the same and holds nothing else', () => {
    fc.assert(
      fc.property(value, (data) => {
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
