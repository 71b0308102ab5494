import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import { formulaErrors } from '../../src/core/markdown/formulas';
import { contentLint, finishModuleCheck } from '../../src/core/checks/moduleCheck';
import { renderExtras } from '../../src/core/markdown/renderExtras';
import { validateModuleText } from '../../src/core/checks/validateModule';
import { ALLOWED_HTML_TAGS, ALLOWED_MATHML_TAGS } from '../../src/webview/sanitize';
import { sanitize } from '../fixtures/xss/activeContent';

/** Code, math, alerts and footnotes: each feature and each fallback of the host's renderer. */

const extras = () => renderExtras;
const doc = new JSDOM('').window.document;
function parse(html: string): HTMLElement {
  const div = doc.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('Markdown features', () => {
  describe('code', () => {
    const renderer = new MarkdownRenderer({ extras });
    const samples: Record<string, string> = {
      ts: 'const x: number = 1;',
      typescript: 'interface A { b?: string }',
      js: 'let a = [1, 2].map((n) => n * 2);',
      python: 'def f(x):\n    return x[1:3]  # slice',
      rust: 'fn main() { let v: Vec<u8> = vec![]; }',
      go: 'func main() { fmt.Println("hi") }',
      java: 'public class A { int b; }',
      c: 'int main(void) { return 0; }',
      cpp: 'std::vector<int> v;',
      csharp: 'var x = new List<int>();',
      bash: 'echo "$HOME" | grep -v x',
      sh: 'ls -la',
      shell: 'export A=1',
      json: '{"a": [1, true, null]}',
      yaml: 'a: 1\nb: [x, y]',
      html: '<div class="a">x</div>',
      css: '.a { color: red; }',
      sql: 'SELECT a FROM b WHERE c = 1;',
      diff: '- old\n+ new',
    };
    for (const [fence, code] of Object.entries(samples)) {
      it(`highlights ${fence} and keeps its text`, () => {
        const html = renderer.renderBlock(`\`\`\`${fence}\n${code}\n\`\`\``);
        const pre = parse(html).querySelector('pre.code-block code')!;
        assert.match(pre.className, /^hljs language-[a-z]+$/, html);
        assert.ok(pre.querySelector('span[class^="hljs-"]'), `no highlighted token in ${html}`);
        assert.equal(pre.textContent, `${code}\n`);
      });
    }

    it('shows an unknown language, no language, and a fence without extras as plain text', () => {
      for (const [md, r] of [
        ['```klingon\nqapla <b>\n```', renderer],
        ['```\nplain <b>\n```', renderer],
        ['```ts\nconst a = 1;\n```', new MarkdownRenderer()],
      ] as const) {
        const html = r.renderBlock(md);
        const code = parse(html).querySelector('pre.code-block code')!;
        assert.equal(code.className, '', html);
        assert.equal(code.children.length, 0, html);
      }
    });

    it('never changes the text of code, whatever the language and content (property)', () => {
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(samples), 'klingon', ''), fc.string({ unit: 'binary', maxLength: 200 }), (lang, raw) => {
          // NUL is the HTML parser's business (dropped in the page), not the highlighter's.
          const code = raw.replace(/`/g, "'").replace(/[\r\0]/g, '');
          const html = renderer.renderBlock(`\`\`\`\`${lang}\n${code}\n\`\`\`\``);
          const element = parse(html).querySelector('pre code');
          // marked drops a trailing run of newlines; compare what Markdown keeps.
          const expected = code.replace(/\n+$/, '');
          assert.equal(element?.textContent?.replace(/\n+$/, ''), expected, html);
        }),
        { numRuns: 300 },
      );
    });

    it('loads nothing for a document without a fence or a formula', () => {
      let asked = 0;
      const counting = new MarkdownRenderer({ extras: () => (asked++, renderExtras) });
      counting.renderArticle('# Title\n\nText with `code` and a price of 5 dollars.\n\n    indented code\n');
      counting.renderBlock('```\nno language\n```');
      assert.equal(asked, 0);
      counting.renderBlock('```py\nx = 1\n```');
      assert.ok(asked > 0);
    });
  });

  describe('math', () => {
    it('renders $…$ inline and $$…$$ as a display formula, as MathML', () => {
      const renderer = new MarkdownRenderer({ extras });
      const html = renderer.renderArticle('Area $\\pi r^2$ here.\n\n$$\n\\frac{a}{b}\n$$\n').html;
      const root = parse(html);
      const maths = root.querySelectorAll('math');
      assert.equal(maths.length, 2, html);
      assert.equal(maths[1]!.getAttribute('display'), 'block');
      assert.ok(root.querySelector('mfrac'), html);
      assert.doesNotMatch(html, /style=/);
    });

    it('leaves dollar amounts, escaped dollars and code spans alone', () => {
      const renderer = new MarkdownRenderer({ extras });
      for (const md of ['It costs $5 and $10.', 'A \\$x\\$ escaped', 'Code `$x$` here', '$ x$ and $x $']) {
        assert.doesNotMatch(renderer.renderBlock(md), /<math/, md);
      }
    });

    it('shows a formula that fails as its source and reports it', () => {
      const errors: string[] = [];
      const renderer = new MarkdownRenderer({ extras, onMathError: (tex, message) => errors.push(`${tex}: ${message}`) });
      const html = renderer.renderBlock('Bad $\\frac{a$ formula');
      const code = parse(html).querySelector('code.math-source')!;
      assert.equal(code.textContent, '$\\frac{a$');
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /^\\frac\{a: /);
    });

    it('with the setting off, dollars are plain text and nothing is loaded', () => {
      let asked = 0;
      const renderer = new MarkdownRenderer({ extras: () => (asked++, renderExtras), math: false });
      const html = renderer.renderBlock('Area $\\pi r^2$ and $$x$$');
      assert.doesNotMatch(html, /<math|math-source/);
      assert.match(html, /\$\\pi r\^2\$/);
      assert.equal(asked, 0);
    });

    it('refuses TeX that would link, style or add ids', () => {
      const renderer = new MarkdownRenderer({ extras });
      for (const tex of ['\\href{https://example.com}{x}', '\\class{a}{b}', '\\htmlId{app}{x}', '\\style{color:red}{x}', '\\includegraphics{x.png}']) {
        const html = renderer.renderInline(`$${tex}$`);
        assert.match(html, /math-source/, tex);
      }
    });

    it('locates a failed formula in the article and in a question field as a warning', () => {
      const text = JSON.stringify(
        {
          version: 1,
          id: 'm',
          title: 'M',
          article: 'm.md',
          questions: [{ id: 'q', prompt: 'What is $\\sqrt{$?', choices: [{ text: 'a', correct: true }, { text: '$x$', feedback: 'no' }], explanation: 'e' }],
        },
        null,
        2,
      );
      const validation = validateModuleText(text, 'm.quiz.json');
      const check = finishModuleCheck({ module: validation.module!, validation, text, file: 'm.quiz.json', article: { kind: 'text', markdown: '# M\n\nok $x$\n\nbad $\\frac{a$' }, extras });
      const math = check.problems.filter((p) => /formula/.test(p.message));
      assert.equal(math.length, 2, JSON.stringify(math));
      assert.ok(math.every((p) => p.severity === 'warning'));
      assert.match(math[0]!.message, /line 5, column 6 of the article "m\.md"/);
      assert.match(text.slice(math[1]!.offset, math[1]!.offset + math[1]!.length), /What is/);
      const off = finishModuleCheck({ module: validation.module!, validation, text, file: 'm.quiz.json', article: { kind: 'text', markdown: 'bad $\\frac{a$' } });
      assert.equal(off.problems.filter((p) => /formula/.test(p.message)).length, 0, 'no check with math off');
      // A window's start shows the module first and checks its formulas with the content lint.
      const first = finishModuleCheck({ module: validation.module!, validation, text, file: 'm.quiz.json', article: { kind: 'text', markdown: '# M\n\nok $x$\n\nbad $\\frac{a$' }, extras, lint: false });
      assert.equal(first.problems.filter((p) => /formula/.test(p.message)).length, 0, 'no formula check before the lint');
      const later = contentLint({ module: validation.module!, validation, text, file: 'm.quiz.json', problems: first.problems, headings: first.headings, ...(first.articleText !== undefined ? { articleText: first.articleText } : {}), extras });
      assert.deepEqual(later.filter((p) => /formula/.test(p.message)), math, 'the lint finds the same formula warnings');
    });

    it('finds formulas in ```math fences and skips text without dollars', () => {
      assert.equal(formulaErrors('```math\n\\frac{a\n```', extras).length, 1);
      assert.deepEqual(formulaErrors('no formulas here', () => assert.fail('not loaded')), []);
    });
  });

  describe('alerts', () => {
    const renderer = new MarkdownRenderer({ strings: { warning: 'Achtung' } });
    for (const [kind, icon] of [
      ['NOTE', 'info'],
      ['TIP', 'lightbulb'],
      ['IMPORTANT', 'report'],
      ['WARNING', 'warning'],
      ['CAUTION', 'stop-circle'],
    ] as const) {
      it(`renders [!${kind}] with its codicon and title`, () => {
        const root = parse(renderer.renderBlock(`> [!${kind}]\n> Body **text**.`));
        const alert = root.querySelector(`div.markdown-alert.markdown-alert-${kind.toLowerCase()}`)!;
        assert.ok(alert, root.innerHTML);
        assert.equal(alert.getAttribute('role'), 'note');
        assert.ok(alert.querySelector(`.markdown-alert-title .codicon-${icon}[aria-hidden="true"]`));
        assert.equal(alert.querySelector('strong')?.textContent, 'text');
        assert.doesNotMatch(alert.textContent ?? '', /\[!/);
      });
    }

    it('uses translated titles', () => {
      assert.match(renderer.renderBlock('> [!WARNING]\n> x'), /Achtung/);
    });

    it('keeps a nested marker, an unknown kind and a marker not at the start as plain quotes', () => {
      const nested = parse(renderer.renderBlock('> quote\n>\n> > [!NOTE]\n> > inner'));
      assert.equal(nested.querySelectorAll('.markdown-alert').length, 0, nested.innerHTML);
      assert.equal(nested.querySelectorAll('blockquote blockquote').length, 1);
      assert.equal(parse(renderer.renderBlock('> [!BOGUS]\n> x')).querySelectorAll('.markdown-alert').length, 0);
      assert.equal(parse(renderer.renderBlock('> text [!NOTE]\n> x')).querySelectorAll('.markdown-alert').length, 0);
    });

    it('allows an alert inside an alert only as a quote', () => {
      const root = parse(renderer.renderBlock('> [!NOTE]\n> > [!TIP]\n> > inner'));
      assert.equal(root.querySelectorAll('.markdown-alert').length, 1, root.innerHTML);
      assert.match(root.querySelector('.markdown-alert blockquote')?.textContent ?? '', /\[!TIP\]/);
    });
  });

  describe('footnotes', () => {
    const renderer = new MarkdownRenderer();
    it('numbers references in order and lists the notes at the end with links both ways', () => {
      const root = parse(renderer.renderArticle('First[^b], second[^a], again[^b].\n\n[^a]: Note A.\n[^b]: Note *B*.').html);
      const refs = [...root.querySelectorAll('sup.footnote-ref a')];
      assert.deepEqual(refs.map((a) => a.textContent), ['1', '2', '1']);
      const items = [...root.querySelectorAll('section.footnotes li')];
      assert.deepEqual(items.map((li) => li.textContent?.trim().replace(/\s*↩$/, '')), ['Note B.', 'Note A.']);
      for (const ref of refs) assert.ok(root.querySelector(ref.getAttribute('href')!), `target of ${ref.outerHTML}`);
      for (const back of root.querySelectorAll('a.footnote-back')) assert.ok(root.querySelector(back.getAttribute('href')!));
      const ids = [...root.querySelectorAll('[id]')].map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('shows a reference without a definition as written, and a note nobody refers to not at all', () => {
      const html = renderer.renderArticle('Missing[^x] here.\n\n[^unused]: Never shown.').html;
      assert.match(html, /Missing\[\^x\] here/);
      assert.doesNotMatch(html, /Never shown|footnotes/);
    });

    it('keeps each render on its own: notes do not leak into the next document', () => {
      renderer.renderBlock('A[^1]\n\n[^1]: one');
      assert.doesNotMatch(renderer.renderBlock('B[^1]'), /footnote/);
    });
  });

  it('any random input, features on, leaves only allowed elements after DOMPurify (property)', () => {
    const allowed = new Set<string>([...ALLOWED_HTML_TAGS, ...ALLOWED_MATHML_TAGS]);
    const renderer = new MarkdownRenderer({ extras });
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('$x^2$', '$$\\frac{1}{2}$$', '\n```ts\nlet a = 1;\n```\n', '\n> [!NOTE]\n> n\n', 'r[^1]\n\n[^1]: d\n', '<math><mglyph/></math>', '<svg><a>x</a></svg>', '\n```math\n\\sqrt{2}\n```\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const md = pieces.join(' ');
        for (const html of [renderer.renderArticle(md).html, renderer.renderBlock(md), renderer.renderInline(md)]) {
          const page = parse(sanitize(html));
          for (const element of page.querySelectorAll('*')) assert.ok(allowed.has(element.tagName.toLowerCase()), `${element.tagName} in ${page.innerHTML}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
