import * as assert from 'node:assert/strict';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import { renderExtras } from '../../src/core/markdown/renderExtras';
import { activeContent, loadVectors, sanitize, type XssVector } from '../fixtures/xss/activeContent';

/**
 * Every vector of the XSS corpus (test/fixtures/xss/vectors.json) through each way the host
 * renders Markdown, then through the webview's DOMPurify pass: neither the host's HTML nor the
 * page's may hold anything that runs, loads, navigates, submits or restyles.
 */

/** The categories the corpus must cover, one per family of attack. */
const REQUIRED_CATEGORIES = [
  'script-tag',
  'event-handler',
  'javascript-url',
  'vbscript-url',
  'data-url',
  'svg-mathml-mutation',
  'parser-confusion',
  'embedded-content',
  'css-overlay',
  'editor-scheme',
  'autolink-reference',
  'attribute-breakout',
  'entities-malformed',
  'unicode-trick',
  'deep-nesting',
];

const vectors = loadVectors();

/**
 * The host's renderers: one without an image resolver, one whose resolver passes any relative path
 * through unchanged (worse than the real one, which keeps images inside the module's folder), so
 * the image path reaches the HTML and its escaping is tested too.
 */
const plain = new MarkdownRenderer();
const resolving = new MarkdownRenderer({ resolveImage: (relative) => `https://file+.vscode-resource.vscode-cdn.net/module/${relative}` });

/** Every feature on: highlighting, formulas, alerts, footnotes. */
const featured = new MarkdownRenderer({ extras: () => renderExtras, math: true });

const RENDERS: ReadonlyArray<[string, (markdown: string) => string]> = [
  ['renderArticle', (md) => plain.renderArticle(md).html],
  ['renderArticle+features', (md) => featured.renderArticle(md).html],
  ['renderBlock+features', (md) => featured.renderBlock(md)],
  ['renderInline+features', (md) => featured.renderInline(md)],
  ['renderBlock', (md) => plain.renderBlock(md)],
  ['renderInline', (md) => plain.renderInline(md)],
  ['renderArticle+resolver', (md) => resolving.renderArticle(md).html],
  ['renderBlock+resolver', (md) => resolving.renderBlock(md)],
  ['renderInline+resolver', (md) => resolving.renderInline(md)],
];

function short(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

describe('XSS corpus', () => {
  describe('the corpus', () => {
    it('has at least 160 vectors, each with a name, a category and Markdown', () => {
      assert.ok(vectors.length >= 160, `only ${vectors.length} vectors`);
      for (const vector of vectors) {
        assert.equal(typeof vector.name, 'string', JSON.stringify(vector));
        assert.ok(vector.name.length > 0, JSON.stringify(vector));
        assert.equal(typeof vector.category, 'string', vector.name);
        assert.equal(typeof vector.markdown, 'string', vector.name);
        assert.ok(vector.markdown.length > 0, vector.name);
      }
    });

    it('gives every vector a unique name', () => {
      const seen = new Set<string>();
      const duplicates = vectors.map((v) => v.name).filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
      assert.deepEqual(duplicates, []);
    });

    it('covers every required category and no other', () => {
      const categories = new Set(vectors.map((v) => v.category));
      for (const category of REQUIRED_CATEGORIES) assert.ok(categories.has(category), `no vector in ${category}`);
      assert.deepEqual([...categories].filter((c) => !REQUIRED_CATEGORIES.includes(c)), [], 'unknown categories');
    });

    it('puts each dangerous scheme in links, images, autolinks, reference definitions and raw HTML, encoded several ways', () => {
      const contexts: Record<string, RegExp> = {
        link: /(?<!!)\[[^\]]*\]\(/,
        image: /!\[[^\]]*\]/,
        autolink: /^<[a-z]+(?::|&#)/i,
        'reference definition': /^\[[^\]]+\]: /m,
        'raw HTML attribute': /<[a-z]+ [^>]*(?:href|src|data|formaction)=/i,
      };
      const encodings: Record<string, RegExp> = {
        'entity-encoded': /&(?:#\d+|#x[0-9a-f]+|[a-z]+);?/i,
        'percent-encoded': /%[0-9a-f]{2}/i,
        // eslint-disable-next-line no-control-regex -- the point is control characters in URLs
        'whitespace or control character': /[\u0000-\u001f]|\( +[a-z]|" [a-z]/i,
      };
      for (const category of ['javascript-url', 'vbscript-url', 'data-url']) {
        const markdown = vectors.filter((v) => v.category === category).map((v) => v.markdown);
        for (const [context, pattern] of Object.entries({ ...contexts, ...encodings })) {
          assert.ok(markdown.some((md) => pattern.test(md)), `${category} has no ${context} vector`);
        }
      }
    });
  });

  describe('the active-content check', () => {
    // The check must not pass by seeing nothing: each of these is flagged.
    const flagged: Array<[string, string]> = [
      ['script', '<script>1</script>'],
      ['handler', '<b onclick="x">b</b>'],
      ['style attribute', '<p style="position:fixed">p</p>'],
      ['srcdoc', '<i srcdoc="x">i</i>'],
      ['data attribute', '<span data-choice-key="k">s</span>'],
      ['page id', '<h2 id="quiz">q</h2>'],
      ['javascript link', '<a href="javascript:x">a</a>'],
      ['entity-encoded scheme', '<a href="java&#x09;script&colon;x">a</a>'],
      ['leading control characters', '<a href="&#x01; javascript:x">a</a>'],
      ['command link', '<a href="command:workbench.action.terminal.new">a</a>'],
      ['relative link', '<a href="page.html">a</a>'],
      ['a no-break space before a fragment', '<a href="&nbsp;#section-a">a</a>'],
      ['control character hiding a relative URL', '<a href="ht\u0001tp://example.com">a</a>'],
      ['http image', '<img src="http://example.com/a.png">'],
      ['data image', '<img src="data:image/png;base64,AA==">'],
      ['form action', '<div><form action="https://example.com"></form></div>'],
      ['svg link', '<svg><a href="https://example.com"><text>t</text></a></svg>'],
      ['script in a template', '<template><script>1</script></template>'],
      ['xlink:href', '<svg><image xlink:href="javascript:x"></image></svg>'],
    ];
    for (const [what, html] of flagged) {
      it(`flags ${what}`, () => assert.notDeepEqual(activeContent(html), [], html));
    }

    it('passes what the host itself writes', () => {
      const html =
        '<h2 id="section-a">A</h2><p><a href="https://example.com" title="t">x</a> <a href="mailto:a@b.example">m</a> ' +
        '<a href="#section-a">in page</a> <img src="https://example.com/a.png" alt="a"></p>' +
        '<ul><li><input checked="" disabled="" type="checkbox"> task</li></ul><pre><code class="language-js">x</code></pre>';
      assert.deepEqual(activeContent(html), []);
    });
  });

  describe('found by these tests', () => {
    const renderer = new MarkdownRenderer();

    // A control character inside a scheme makes the browser read the URL as relative (into the
    // webview's own origin), though dropping it spells "http:".
    for (const [what, md] of [
      ['a unit separator inside http', '[x](<h\u001fttp://example.com>)'],
      ['a C1 control before https', '[x](<\u0085https://example.com>)'],
      ['a NUL before https', '[x](<\u0000https://example.com>)'],
    ] as const) {
      it(`drops a link with ${what}`, () => {
        for (const html of [renderer.renderBlock(md), renderer.renderInline(md)]) {
          assert.doesNotMatch(html, /<a /, html);
        }
      });
    }

    it('still reads tabs and newlines in a scheme as the browser does', () => {
      assert.doesNotMatch(renderer.renderInline('[x](<java\tscript:alert(1)>)'), /<a /);
      assert.doesNotMatch(renderer.renderInline('[x](<\u0001javascript:alert(1)>)'), /<a /);
      // A control character before the scheme is dropped by the browser: the link stays.
      assert.equal(renderer.renderInline('[x](<\u0001https://example.com>)'), '<a href="\u0001https://example.com">x</a>');
    });

    // marked hands the text after an inline <pre>, <code>, <kbd> or <script> tag on as raw HTML;
    // a tag it does not itself recognise (one without its closing bracket) came out live.
    it('escapes the text after an inline <kbd>, <code>, <pre> or <script> tag', () => {
      for (const tag of ['kbd', 'code', 'pre', 'script']) {
        const md = `Press <${tag}><img src=x onerror=alert(1)// and &amp; more`;
        const expected = `Press &lt;${tag}&gt;&lt;img src=x onerror=alert(1)// and &amp;amp; more`;
        assert.equal(renderer.renderInline(md), expected);
        assert.equal(renderer.renderBlock(md), `<p>${expected}</p>\n`);
      }
      // Text elsewhere is escaped as before, entities kept.
      assert.equal(renderer.renderInline('a &amp; <b>b</b> &copy;'), 'a &amp; &lt;b&gt;b&lt;/b&gt; &copy;');
    });

    // Thousands of nested quotes, lists or emphasis overflow marked's recursion; the render shows
    // the text escaped instead of throwing.
    for (const [what, md] of [
      ['quotes', '>'.repeat(10000) + ' <b>x</b>'],
      ['list markers', '- '.repeat(5000) + '<b>x</b>'],
      ['emphasis', '*'.repeat(6000) + '<b>x</b>' + '*'.repeat(6000)],
    ] as const) {
      it(`shows ${what} nested past marked's recursion limit as escaped text`, () => {
        const article = renderer.renderArticle(`# Title\n\n${md}`);
        assert.ok(article.html.startsWith('<pre>'), short(article.html));
        assert.ok(article.html.includes('&lt;b&gt;x&lt;/b&gt;'));
        assert.deepEqual(article.headings, []);
        assert.ok(renderer.renderBlock(md).startsWith('<pre>'));
        assert.ok(!renderer.renderInline(md).includes('<b>'));
        // The renderer still works afterwards.
        assert.deepEqual(renderer.renderArticle('## After').headings.map((h) => h.anchor), ['section-after']);
      });
    }
  });

  describe('the webview pass on its own', () => {
    // Should the host ever let raw HTML through, DOMPurify alone must still stop everything that
    // runs, navigates or restyles (inert leftovers such as a bare `<input>` are accepted here).
    it('leaves nothing active of any vector read as raw HTML', () => {
      const failures: string[] = [];
      for (const vector of vectors) {
        const page = sanitize(vector.markdown);
        const found = activeContent(page, { inertLeftovers: true });
        if (found.length > 0) failures.push(`${vector.name}: ${found.join('; ')} in ${short(page)}`);
      }
      assert.deepEqual(failures, []);
    });
  });

  const byCategory = new Map<string, XssVector[]>();
  for (const vector of vectors) byCategory.set(vector.category, [...(byCategory.get(vector.category) ?? []), vector]);

  for (const [category, members] of byCategory) {
    describe(category, () => {
      for (const vector of members) {
        it(vector.name, function () {
          // The deep-nesting vectors make big pages, slow for jsdom to parse (not for the renderer).
          this.timeout(10000);
          // The resolver only changes relative images; other vectors need not go through it twice.
          const renders = vector.markdown.includes('![') ? RENDERS : RENDERS.slice(0, 6);
          for (const [method, render] of renders) {
            let host: string;
            try {
              host = render(vector.markdown);
            } catch (error) {
              assert.fail(`${vector.name}: ${method} threw ${String(error)}`);
            }
            assert.deepEqual(activeContent(host), [], `${vector.name}: ${method} host output: ${short(host)}`);
            const page = sanitize(host);
            assert.deepEqual(activeContent(page), [], `${vector.name}: ${method} after DOMPurify: ${short(page)}`);
          }
        });
      }
    });
  }
});
