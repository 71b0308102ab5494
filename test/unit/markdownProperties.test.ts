import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { articleHeadings, HEADING_ID_PREFIX, MarkdownRenderer } from '../../src/core/markdown/markdown';
import { renderExtras } from '../../src/core/markdown/renderExtras';
import { activeContent, elementIds, loadVectors, pageShape, sanitize } from '../fixtures/xss/activeContent';

/**
 * Properties of the host's Markdown renderer over random Markdown: pieces of Markdown syntax,
 * hostile URLs and tags, vectors from the XSS corpus and random text of every kind, mixed.
 */

// ---- Random Markdown ----------------------------------------------------------------------------

/** Corpus vectors small enough to mix freely (the deep-nesting ones have their own test). */
const VECTORS = loadVectors()
  .map((v) => v.markdown)
  .filter((md) => md.length <= 2000);

/** Characters that mean something to Markdown or HTML, to make random text dense with syntax. */
const SYNTAX_CHARS = [...'*_[]()<>!#`"\'&;:=/\\|-~+.\n\t >@%'];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...SYNTAX_CHARS), maxLength: 16 }),
  fc.constantFrom('x', 'Title', 'The Visit', 'a-1', 'section-a', '', '!!', 'café', 'ＡＢ', '\u202eevil', 'a\u200bb'),
);

/** Characters browsers or parsers may drop or decode inside a URL's scheme. */
const schemeNoise = fc.constantFrom('', '', '', '\t', '\n', ' ', '\u0000', '\u0001', '\u001f', '\u00a0', '\u200b', '\ufeff', '&#x09;', '&Tab;', '%09');

const scheme = fc.constantFrom(
  'javascript', 'JaVaScRiPt', 'vbscript', 'data', 'command', 'vscode', 'vscode-webview', 'vscode-resource', 'file',
  'http', 'https', 'mailto', 'ftp', 'blob', 'ｊａｖａｓｃｒｉｐｔ',
);

const colon = fc.constantFrom(':', ':', ':', '&#58;', '&#x3a;', '&colon;', '%3A', '\\:', '：');

/** A URL built to look harmless, hostile, or both: a scheme with noise spliced in, or a relative path. */
const url = fc.oneof(
  fc
    .tuple(scheme, schemeNoise, fc.nat(), schemeNoise, colon, fc.constantFrom('', '//', '///'), text)
    .map(([s, noiseA, at, noiseB, c, slashes, rest]) => {
      const cut = at % (s.length + 1);
      return `${noiseA}${s.slice(0, cut)}${noiseB}${s.slice(cut)}${c}${slashes}${rest}`;
    }),
  fc.tuple(fc.constantFrom('#', '//', './', '../', '/', '', 'img/', '\\\\'), text).map(([p, rest]) => p + rest),
  fc.constantFrom('https://example.com/a.png', 'http://example.com', 'mailto:a@b.example', '#the-visit', 'pic.png', 'javascript:alert(1)'),
);

const title = fc.option(
  fc.tuple(fc.constantFrom('"', "'", '('), text).map(([q, t]) => ` ${q}${t}${q === '(' ? ')' : q}`),
  { nil: '' },
);

const tagName = fc.constantFrom('script', 'img', 'a', 'svg', 'math', 'iframe', 'style', 'div', 'b', 'form', 'template', 'textarea', 'noscript', 'details', 'meta', 'base');
const attrName = fc.constantFrom('onerror', 'onload', 'onclick', 'href', 'src', 'style', 'srcdoc', 'xlink:href', 'formaction', 'action', 'data-key', 'id', 'title');

/** One piece of Markdown. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 3, arbitrary: fc.constantFrom(...VECTORS) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '# ', '## ', '###### ', '- ', '* ', '1. ', '> ', '>> ', '    ', '```\n', '```js\n', '~~~\n', '`', '``', '*', '**', '_', '__', '~~',
      '[', ']', '(', ')', '![', '<', '>', '</', '/>', '"', "'", '&', '&#', '&amp;', '&lt;', ';', '\\', '|', '| a | b |\n|---|---|\n',
      '---\n', '\n', '\n\n', '  \n', '- [ ] ', '- [x] ', '<!--', '-->', '<![CDATA[', ']]>', 'www.example.com', 'https://example.com/x',
    ),
  },
  { weight: 2, arbitrary: fc.tuple(text, url, title).map(([t, u, ti]) => `[${t}](${u}${ti})`) },
  { weight: 2, arbitrary: fc.tuple(text, url, title).map(([t, u, ti]) => `![${t}](${u}${ti})`) },
  { weight: 1, arbitrary: fc.tuple(text, url).map(([t, u]) => `[${t}](<${u}>)`) },
  { weight: 1, arbitrary: url.map((u) => `<${u}>`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('r', 'R', 'evil', '1'), text, url, title, fc.boolean())
      .map(([label, t, u, ti, image]) => `${image ? '!' : ''}[${t}][${label}]\n\n[${label}]: ${u}${ti}\n`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(tagName, attrName, fc.oneof(url, text), text)
      .map(([tag, attr, value, body]) => `<${tag} ${attr}="${value.replace(/"/g, '&quot;')}">${body}</${tag}>`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), text).map(([level, t]) => `\n${'#'.repeat(level)} ${t}\n`) },
  // The features beyond GFM: fences in known and unknown languages, formulas (TeX commands that
  // are refused or that nest), alerts and footnotes, with random text inside.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('ts', 'python', 'rust', 'html', 'css', 'diff', 'sql', 'bash', 'json', 'yaml', 'klingon', 'math', ''), fc.array(text, { maxLength: 4 }))
      .map(([lang, lines]) => `\n\`\`\`${lang}\n${lines.join('\n')}\n\`\`\`\n`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('$', '$$', '\n$$\n'),
        fc.oneof(text, fc.constantFrom('x^2', '\\frac{a}{b}', '\\href{javascript:alert(1)}{x}', '\\class{a}{b}', '\\text{<img src=x onerror=alert(1)>}', '\\sqrt{', '\\color{red}{x}', '\\begin{matrix}a&b\\end{matrix}')),
      )
      .map(([d, tex]) => `${d}${tex}${d}`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION', 'note', 'BOGUS'), text).map(([kind, t]) => `\n> [!${kind}]\n> ${t}\n`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('1', 'a', 'X y', '<b>', 'section-a'), text).map(([label, t]) => `[^${label}] ${t}\n\n[^${label}]: ${t}\n`) },
);

const separator = fc.constantFrom('', '', ' ', '\n', '\n\n', '\n> ', '\n- ', '\n    ');

const markdown = fc.array(fc.tuple(piece, separator), { maxLength: 8 }).map((parts) => parts.map(([p, s]) => p + s).join(''));

// ---- Renderers ----------------------------------------------------------------------------------

/** Passes every relative image path into the page unchanged: the hardest case for escaping. */
const resolveImage = (relative: string) => `https://file+.vscode-resource.vscode-cdn.net/module/${relative}`;
/** The highlighter and math renderer, as the extension host loads them. */
const extras = () => renderExtras;

type Method = 'renderArticle' | 'renderBlock' | 'renderInline';
const METHODS: readonly Method[] = ['renderArticle', 'renderBlock', 'renderInline'];

function render(renderer: MarkdownRenderer, method: Method, md: string): string {
  return method === 'renderArticle' ? renderer.renderArticle(md).html : renderer[method](md);
}

function short(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** Renders `md` by every method, checks that the host's output holds no active content, and hands it on. */
function renderEach(renderer: MarkdownRenderer, md: string, then: (method: (typeof METHODS)[number], host: string) => void): void {
  for (const method of METHODS) {
    const host = render(renderer, method, md);
    assert.deepEqual(activeContent(host), [], `${method} host output: ${short(host)}`);
    then(method, host);
  }
}

// ---- Properties ---------------------------------------------------------------------------------

describe('Markdown rendering properties', function () {
  this.timeout(60000);

  it('never throws and never leaves active content, on the host or after DOMPurify', () => {
    // A throw inside the property fails it as much as a failed assertion does. Every feature on.
    const renderer = new MarkdownRenderer({ resolveImage, extras });
    fc.assert(
      fc.property(markdown, (md) =>
        renderEach(renderer, md, (method, host) => {
          const page = sanitize(host);
          assert.deepEqual(activeContent(page), [], `${method} after DOMPurify: ${short(page)}`);
        }),
      ),
      { numRuns: 1000 },
    );
  });

  it('renders the same Markdown the same way, with a fresh renderer or a used one', () => {
    const used = new MarkdownRenderer({ resolveImage });
    fc.assert(
      fc.property(markdown, markdown, (md, before) => {
        // Whatever the used renderer rendered last must not leak into the next output.
        used.renderArticle(before);
        used.renderInline(before);
        const fresh = new MarkdownRenderer({ resolveImage });
        assert.deepEqual(used.renderArticle(md), fresh.renderArticle(md));
        assert.deepEqual(used.renderArticle(md), fresh.renderArticle(md), 'the second time');
        for (const method of ['renderBlock', 'renderInline'] as const) {
          const once = used[method](md);
          assert.equal(once, fresh[method](md), method);
          assert.equal(used[method](md), once, `${method}, the second time`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prefixes every heading id with section- and keeps them unique within an article', () => {
    const headingText = fc.oneof(
      text,
      fc.constantFrom('The Visit', 'the visit', 'The  Visit!', 'a', 'a-1', 'a 1', 'A', '', '!!!', '-', 'section-a', 'Résumé', '日本語', '<b>x</b>', '`code`'),
    );
    const block = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 6 }), headingText).map(([level, t]) => `${'#'.repeat(level)} ${t}`),
      headingText.map((t) => `${t}\n===`),
      headingText.map((t) => `> ## ${t}`),
      headingText.map((t) => `- item\n\n  ### ${t}`),
      piece,
    );
    const article = fc.array(block, { maxLength: 12 }).map((blocks) => blocks.join('\n\n'));
    const renderer = new MarkdownRenderer({ resolveImage });
    fc.assert(
      fc.property(article, (md) => {
        const { html, headings } = renderer.renderArticle(md);
        for (const heading of headings) {
          assert.equal(heading.anchor, HEADING_ID_PREFIX + heading.id, `anchor of ${JSON.stringify(heading.text)}`);
        }
        const anchors = headings.map((h) => h.anchor);
        assert.equal(new Set(anchors).size, anchors.length, `duplicate anchors ${JSON.stringify(anchors)}`);
        // And in the page: every id is a heading's anchor, in order, each once, or a footnote's.
        const ids = elementIds(html);
        assert.deepEqual(ids.filter((id) => !id.startsWith('footnote-')), anchors);
        assert.equal(new Set(ids).size, ids.length, `duplicate ids ${JSON.stringify(ids)}`);
        // Listing headings without rendering gives the same ids.
        assert.deepEqual(articleHeadings(md), [...headings]);
      }),
      { numRuns: 300 },
    );
  });

  it('writes host HTML that is safe by itself: DOMPurify has nothing to repair', () => {
    const renderer = new MarkdownRenderer({ resolveImage, extras });
    fc.assert(
      fc.property(markdown, (md) =>
        renderEach(renderer, md, (method, host) => {
          // The webview pass keeps every element and all the text; at most it drops attributes
          // (see the test below for the presentational ones it must keep).
          const before = pageShape(host);
          const after = pageShape(sanitize(host));
          const where = `${method}: DOMPurify changed ${short(host)}`;
          assert.deepEqual(after.elements.map((e) => e.tag), before.elements.map((e) => e.tag), where);
          assert.equal(after.text, before.text, where);
          after.elements.forEach((element, i) => {
            for (const [name, value] of element.attributes) {
              assert.equal(value, before.elements[i]!.attributes.get(name), `${where}: ${element.tag}[${name}]`);
            }
          });
        }),
      ),
      { numRuns: 300 },
    );
  });

  // DOMPurify applies ALLOWED_URI_REGEXP to every attribute outside its URI-safe list, so without
  // ADD_URI_SAFE_ATTR harmless values such as type="checkbox", align="left" and start="3" were
  // dropped: task-list boxes became text boxes, columns lost their alignment, lists their start.
  it('keeps presentational attributes through the webview pass', () => {
    const renderer = new MarkdownRenderer();
    for (const md of ['- [x] done', '3. three', '| a | b |\n|:-|-:|\n| 1 | 2 |']) {
      const host = renderer.renderBlock(md);
      assert.deepEqual(pageShape(sanitize(host)), pageShape(host), host);
    }
  });
});
