import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import { isRelativePath, RELATIVE_LINK_PREFIX, splitRelativeLink } from '../../src/core/markdown/relativeLinks';

describe('relative links in articles', () => {
  it('tells plain relative paths from everything else', () => {
    for (const href of ['other.md', '../other/other.md', './a/b.md#x', 'a b.md', 'x.md?y=1#z', 'dir/']) assert.equal(isRelativePath(href), true, href);
    for (const href of ['', '#x', '/abs.md', '\\\\host\\x', '//host/x', 'http://x', 'javascript:alert(1)', 'c:/x.md', 'a:b/c', ' x.md', 'x.md ', 'a\tb', 'a\nb', 'a\u007fb']) {
      assert.equal(isRelativePath(href), false, JSON.stringify(href));
    }
  });

  it('never calls anything with a scheme relative (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9+.-]{0,8}$/), fc.string({ maxLength: 20 }), (scheme, rest) => {
        assert.equal(isRelativePath(`${scheme}:${rest}`), false);
      }),
    );
  });

  it('splits the path from the decoded fragment', () => {
    assert.deepEqual(splitRelativeLink('../o/other%20one.md#a%20b'), { path: '../o/other one.md', fragment: 'a b' });
    assert.deepEqual(splitRelativeLink('x.md?q=1'), { path: 'x.md' });
    assert.deepEqual(splitRelativeLink('x.md#'), { path: 'x.md' });
    assert.deepEqual(splitRelativeLink('%E0%A4%A.md'), { path: '%E0%A4%A.md' }, 'a bad escape is kept as written');
  });

  it('keeps a relative link only when asked, as an in-page target the sanitizer allows', () => {
    const markdown = '[see](../other/other.md#some-heading "Other") [bad](javascript:alert(1)) [abs](/etc/passwd)';
    const off = new MarkdownRenderer().renderArticle(markdown).html;
    assert.doesNotMatch(off, /<a /, 'by default a relative link is text');
    const on = new MarkdownRenderer({ relativeLinks: true }).renderArticle(markdown).html;
    const hrefs = [...on.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, [RELATIVE_LINK_PREFIX + encodeURIComponent('../other/other.md#some-heading')]);
    assert.match(on, /title="Other"/);
  });

  it('makes every relative link an in-page href with no quote or angle bracket (property)', () => {
    const renderer = new MarkdownRenderer({ relativeLinks: true });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (path) => {
        const html = renderer.renderInline(`[x](<${path.replace(/[<>\n]/g, '')}>)`);
        for (const match of html.matchAll(/href="([^"]*)"/g)) {
          const href = match[1]!;
          assert.ok(href.startsWith('#') || /^(?:https?:|mailto:)/i.test(href), href);
          assert.doesNotMatch(href, /[<>'"]/);
        }
      }),
    );
  });
});
