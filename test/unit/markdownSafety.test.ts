import * as assert from 'node:assert/strict';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { MarkdownRenderer, articleHeadings } from '../../src/core/markdown/markdown';
import { PURIFY_CONFIG } from '../../src/webview/sanitize';

/**
 * Hostile Markdown, written for these tests: each tries to run script, load something, or leave
 * an event handler or a dangerous URL in the page.
 */
const hostile: string[] = [
  '<script>window.pwned = 1</script>',
  '<img src=x onerror="window.pwned = 1">',
  '<svg><script>window.pwned=1</script></svg>',
  '<svg onload="window.pwned=1"></svg>',
  '<iframe src="https://attacker.example/"></iframe>',
  '<a href="javascript:window.pwned=1">click</a>',
  '[click](javascript:window.pwned=1)',
  '[click](JAVASCRIPT:window.pwned=1)',
  '[click](java\tscript:window.pwned=1)',
  '[click](  javascript:window.pwned=1  )',
  '[click](jav&#x61;script:window.pwned=1)',
  '[click](&#106;avascript:window.pwned=1)',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html,<script>window.pwned=1</script>)',
  '[click](command:workbench.action.terminal.new)',
  '[click](vscode:extension/evil.ext)',
  '[click](file:///etc/passwd)',
  '![x](javascript:window.pwned=1)',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '![x](http://tracker.example/pixel.png)',
  '[ref]\n\n[ref]: javascript:window.pwned=1',
  '<javascript:window.pwned=1>',
  '<details open ontoggle="window.pwned=1"><summary>x</summary></details>',
  '<style>body { display: none }</style>',
  '<form action="https://attacker.example"><input name=x></form>',
  '<meta http-equiv="refresh" content="0;url=https://attacker.example">',
  '<base href="https://attacker.example/">',
  '<object data="x.swf"></object>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '`<script>` in code is text',
  '```html\n<script>window.pwned=1</script>\n```',
  '# Heading <img src=x onerror=alert(1)>',
  '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '<!-- comment --><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '*emphasis <b onclick="alert(1)">bold</b>*',
];

const purify = createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]);

/** The webview's second pass, with its own configuration. */
function sanitize(html: string): string {
  return purify.sanitize(html, PURIFY_CONFIG);
}

/** Every element of the rendered page, with anything that could run or load. */
function dangers(html: string): string[] {
  const dom = new JSDOM(`<body>${html}</body>`);
  const found: string[] = [];
  for (const element of dom.window.document.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'style', 'form', 'meta', 'base', 'link', 'svg', 'math'].includes(tag)) found.push(`<${tag}>`);
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (name === 'style') found.push(`${tag}[style]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)) {
        // eslint-disable-next-line no-control-regex -- browsers ignore these characters inside URLs
        const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (!/^(https:|http:|mailto:|#)/.test(value) || (name === 'src' && !value.startsWith('https:'))) {
          found.push(`${tag}[${name}=${attribute.value}]`);
        }
      }
    }
  }
  return found;
}

describe('Markdown safety', () => {
  const renderer = new MarkdownRenderer();

  for (const input of hostile) {
    it(`neutralises ${JSON.stringify(input).slice(0, 70)}`, () => {
      const hostHtml = renderer.renderBlock(input);
      assert.deepEqual(dangers(hostHtml), [], `host output: ${hostHtml}`);
      assert.deepEqual(dangers(sanitize(hostHtml)), [], 'after the webview pass');
      const inline = renderer.renderInline(input);
      assert.deepEqual(dangers(inline), [], `inline output: ${inline}`);
    });
  }

  it('shows raw HTML as text rather than dropping what the author wrote', () => {
    const html = renderer.renderBlock('Before <b>bold</b> after');
    assert.match(html, /&lt;b&gt;bold&lt;\/b&gt;/);
  });

  it('keeps ordinary Markdown: links, emphasis, lists, tables, code', () => {
    const html = renderer.renderBlock('A [link](https://example.com "t") and *em*.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`');
    assert.match(html, /<a href="https:\/\/example.com" title="t">link<\/a>/);
    assert.match(html, /<em>em<\/em>/);
    assert.match(html, /<li>one<\/li>/);
    assert.match(html, /<table>/);
    assert.match(html, /<code>code<\/code>/);
  });

  it('keeps in-page links and mailto links', () => {
    // Heading ids are namespaced in the page, so in-page links follow.
    assert.match(renderer.renderInline('[see](#the-visit)'), /href="#section-the-visit"/);
    assert.match(renderer.renderInline('[mail](mailto:a@b.example)'), /href="mailto:a@b.example"/);
  });

  it('drops relative links it cannot open, keeping their text', () => {
    assert.equal(renderer.renderInline('[other](other.md)'), 'other');
  });

  it('resolves relative images only through the host resolver', () => {
    const withResolver = new MarkdownRenderer({ resolveImage: (p) => (p === 'ok.png' ? 'https://res.example/ok.png' : undefined) });
    assert.match(withResolver.renderInline('![a](ok.png)'), /<img src="https:\/\/res.example\/ok.png" alt="a">/);
    assert.equal(withResolver.renderInline('![outside](../secret.png)'), 'outside');
    assert.equal(renderer.renderInline('![no resolver](ok.png)'), 'no resolver');
  });

  it('gives headings GitHub-style ids, unique within an article', () => {
    const article = renderer.renderArticle('# Kazakhstan & China: 2019!\n\n## The Visit\n\n## The Visit\n\n### Who is Tokayev?');
    assert.deepEqual(
      article.headings.map((h) => h.id),
      ['kazakhstan--china-2019', 'the-visit', 'the-visit-1', 'who-is-tokayev'],
    );
    assert.match(article.html, /<h2 id="section-the-visit">The Visit<\/h2>/);
    assert.deepEqual(articleHeadings('## Résumé of ties').map((h) => h.id), ['résumé-of-ties']);
  });

  it('namespaces heading ids, so no article takes an id of the page itself', () => {
    const article = renderer.renderArticle('## Article\n\n## Quiz\n\n## Announcer\n\n## App');
    for (const heading of article.headings) assert.equal(heading.anchor, `section-${heading.id}`);
    assert.doesNotMatch(article.html, /id="(article|quiz|announcer|app)"/);
  });

  it('lists the same headings without rendering as when rendering, nested ones included', () => {
    const markdown = '# Top\n\n> ## Quoted\n\n- item\n\n  ### In a list\n\n## Top\n\n```\n## not a heading\n```';
    assert.deepEqual(articleHeadings(markdown), [...renderer.renderArticle(markdown).headings]);
    assert.deepEqual(articleHeadings(markdown).map((h) => h.id), ['top', 'quoted', 'in-a-list', 'top-1']);
  });

  it('starts slugs afresh for each article', () => {
    renderer.renderArticle('## Same');
    assert.deepEqual(renderer.renderArticle('## Same').headings.map((h) => h.id), ['same']);
  });
});
