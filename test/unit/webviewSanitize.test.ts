import * as assert from 'node:assert/strict';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { setHtml } from '../../src/webview/dom';
import { PURIFY_CONFIG, sanitizeToFragment } from '../../src/webview/sanitize';
import { useWebviewDom } from './webviewDom';

/** What the config itself does, with a DOMPurify made for a separate jsdom window. */
const purify = createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]);
function clean(html: string): string {
  return purify.sanitize(html, PURIFY_CONFIG);
}

describe('webview sanitizing', () => {
  const page = useWebviewDom();

  it('forbids data attributes and keeps the other options', () => {
    assert.equal(PURIFY_CONFIG.ALLOW_DATA_ATTR, false);
    assert.deepEqual(PURIFY_CONFIG.FORBID_ATTR, ['style']);
    assert.ok(PURIFY_CONFIG.FORBID_TAGS?.includes('style'));
    assert.ok(PURIFY_CONFIG.FORBID_TAGS?.includes('form'));
    assert.ok(Object.isFrozen(PURIFY_CONFIG));
  });

  it('strips script elements', () => {
    const out = clean('<p>before<script>window.pwned = 1</script>after</p>');
    assert.ok(!/<script/i.test(out), out);
    assert.ok(!out.includes('pwned'), out);
    assert.equal(out, '<p>beforeafter</p>');
  });

  it('strips event handler attributes such as onerror', () => {
    const out = clean('<img src="https://example.com/a.png" alt="a" onerror="window.pwned = 1">');
    assert.ok(!/onerror/i.test(out), out);
    assert.ok(out.includes('src="https://example.com/a.png"'), out);
  });

  it('strips javascript: links but keeps web and in-page links', () => {
    for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)']) {
      const out = clean(`<a href="${href}">x</a>`);
      assert.ok(!/href/i.test(out), `${href} -> ${out}`);
      assert.ok(!/script:/i.test(out), `${href} -> ${out}`);
    }
    assert.equal(clean('<a href="https://example.com/">web</a>'), '<a href="https://example.com/">web</a>');
    assert.equal(clean('<a href="#section-intro">here</a>'), '<a href="#section-intro">here</a>');
    assert.ok(!clean('<a href="command:workbench.action.terminal.new">x</a>').includes('command:'));
  });

  it('strips data-* attributes', () => {
    const out = clean('<span data-choice="forged" data-key="1" title="kept">x</span>');
    assert.ok(!out.includes('data-'), out);
    assert.equal(out, '<span title="kept">x</span>');
  });

  it('strips style attributes and style elements', () => {
    const out = clean('<div style="background:url(javascript:alert(1))">x</div><style>body{display:none}</style>');
    assert.ok(!/style/i.test(out), out);
    assert.equal(out, '<div>x</div>');
  });

  it('sanitizeToFragment and setHtml apply the same config in the page', () => {
    const hostile = '<p data-x="1" style="color:red" onclick="alert(1)">hi<script>alert(1)</script></p><a href="javascript:alert(1)">a</a>';
    const holder = page.dom().window.document.createElement('div');
    holder.append(sanitizeToFragment(hostile));
    assert.equal(holder.innerHTML, clean(hostile));
    assert.equal(holder.innerHTML, '<p>hi</p><a>a</a>');
    const target = page.dom().window.document.createElement('div');
    setHtml(target, hostile);
    assert.equal(target.innerHTML, '<p>hi</p><a>a</a>');
    assert.equal(target.querySelector('script'), null);
  });
});
