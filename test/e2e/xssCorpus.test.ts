import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { MAX_MARKDOWN_LENGTH, markdownNestingProblem } from '../../src/core/module/limits';
import { articleHeadings, MarkdownRenderer } from '../../src/core/markdown/markdown';
import { ALLOWED_MATHML_TAGS } from '../../src/webview/sanitize';
import { loadVectors } from '../fixtures/xss/activeContent';
import { openAllScoresDetails } from './scoresDetails';
import { repoRoot } from '../vscode/codeServer';
import { useWorkbench } from './useWorkbench';

/**
 * The whole XSS corpus in the real webview: every vector in the article and in every field a
 * module shows (title, description, prompt, choice, feedback, explanation, the heading a
 * "Re-read" button names), and in a module file's name.
 */
const vectors = loadVectors();
const fits = (markdown: string) => markdown.length <= MAX_MARKDOWN_LENGTH && markdownNestingProblem(markdown) === undefined;
const usable = [...new Map(vectors.filter((v) => fits(v.markdown)).map((v) => [v.markdown, v])).values()];
const tooDeep = vectors.filter((v) => !fits(v.markdown));
const short = usable.filter((v) => v.markdown.length <= 150 && !v.markdown.includes('\n'));

/**
 * What closes a block a vector leaves open (a `<script>` HTML block, a fence, a comment), so the
 * vectors after it are read as Markdown too and not as the text of that block: the first of these
 * after which a heading is a heading again.
 */
const CLOSERS = ['', '</script></pre></style></textarea>', '```', '~~~', '-->', '?>', ']]>', '>'];
const probe = new MarkdownRenderer();
function closed(markdown: string): string {
  // A fence closes only with at least as many backticks or tildes as opened it.
  const longest = (mark: string) => Math.max(3, ...(markdown.match(new RegExp(`${mark}+`, 'g')) ?? []).map((run) => run.length));
  for (const closer of [...CLOSERS, '`'.repeat(longest('`')), '~'.repeat(longest('~'))]) {
    const text = `${markdown}\n${closer}\n\n## Probe\n`;
    if (/<h2 id="section-probe">Probe<\/h2>/.test(probe.renderArticle(text).html)) return closer ? `${markdown}\n${closer}\n` : markdown;
  }
  return markdown;
}

function article(): string {
  const parts = usable.map((v, i) => `## Vector ${i} ${i % 3 === 0 ? v.markdown.split('\n')[0]!.slice(0, 80) : ''}\n\n${closed(v.markdown)}\n`);
  return `# Hostile corpus\n\n${parts.join('\n')}\n`;
}

/** Six vectors a question: prompt, two choices with feedback, an explanation. */
function questions(sections: readonly string[]) {
  const list = [];
  for (let i = 0, n = 0; i + 5 < usable.length; i += 6, n++) {
    const [prompt, right, wrong, rightFeedback, wrongFeedback, explanation] = usable.slice(i, i + 6).map((v) => v.markdown);
    list.push({
      id: `q${n}`,
      prompt: prompt!,
      choices: [
        { text: `A ${right!}`, correct: true, feedback: rightFeedback },
        { text: `B ${wrong!}`, feedback: wrongFeedback },
      ],
      explanation,
      section: sections[(n * 7) % sections.length],
    });
  }
  return list;
}

interface Marks {
  pwned: unknown;
  active: string[];
  handlers: string[];
  links: string[];
}

async function marks(frame: Frame): Promise<Marks> {
  return frame.evaluate((mathTags) => {
    const app = document.getElementById('app')!;
    const all = [...app.querySelectorAll('*')];
    // Formulas are MathML now: a <math> is fine when it holds only the presentation elements the
    // page allows (no maction, mglyph, annotation-xml, no HTML or SVG inside).
    const allowedMath = new Set<string>(mathTags);
    const badMath = [...app.querySelectorAll('math')].flatMap((math) =>
      [...math.querySelectorAll('*')].filter((el) => !allowedMath.has(el.tagName.toLowerCase())).map((el) => `math > ${el.tagName}`),
    );
    return {
      pwned: (window as unknown as Record<string, unknown>)['pwned'] ?? (window as unknown as Record<string, unknown>)['__pwned'],
      active: [
        ...all.filter((el) => /^(script|iframe|frame|object|embed|form|base|meta|link|style|svg|template|noscript)$/i.test(el.tagName)).map((el) => el.tagName),
        ...badMath,
      ],
      handlers: all.flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name) || a.name === 'style' || a.name === 'srcdoc' || a.name === 'formaction').map((a) => `${el.tagName}[${a.name}]`),
      ),
      links: [...app.querySelectorAll('[href], [src], [action], [xlink\\:href]')].flatMap((el) =>
        ['href', 'src', 'action', 'xlink:href'].map((name) => el.getAttribute(name)).filter((v): v is string => v !== null),
      ),
    };
  }, [...ALLOWED_MATHML_TAGS]);
}

function assertInert(found: Marks, where: string): void {
  assert.equal(found.pwned, undefined, `${where}: no script ran`);
  assert.deepEqual(found.active, [], `${where}: no active element`);
  assert.deepEqual(found.handlers, [], `${where}: no handler or style attribute`);
  for (const value of found.links) {
    assert.match(value, /^(https?:|mailto:|#|vscode-webview-resource:|https:\/\/file\+\.vscode-resource)/i, `${where}: the URL ${value.slice(0, 120)}`);
  }
}

describe('The XSS corpus in the real webview', function () {
  this.timeout(600_000);
  const outside: string[] = [];

  const workbench = useWorkbench({ fixture: 'test/fixtures/empty', theme: 'dark' });
  before(async () => {
    workbench.page.on('request', (request) => {
      const url = new URL(request.url());
      // Webview resources have a vscode-cdn.net name, but the workbench's service worker answers
      // them from this machine.
      const local =
        url.hostname === '127.0.0.1' ||
        url.hostname === 'localhost' ||
        url.hostname.endsWith('.vscode-resource.vscode-cdn.net') ||
        url.protocol === 'data:' ||
        url.protocol === 'blob:';
      if (!local) outside.push(`${request.resourceType()} ${request.url()}`);
    });
    const folder = workbench.server.workspace;
    const text = article();
    const sections = articleHeadings(text).filter((h) => h.depth === 2).map((h) => h.id);
    writeFileSync(path.join(folder, 'corpus.md'), text);
    writeFileSync(
      path.join(folder, 'corpus.quiz.json'),
      JSON.stringify(
        {
          version: 1,
          id: 'xss-corpus',
          title: `Hostile corpus ${short[0]!.markdown}`.slice(0, 200),
          description: short.slice(1, 6).map((v) => v.markdown).join(' ').slice(0, 1000),
          article: 'corpus.md',
          shuffleChoices: false,
          questions: questions(sections),
        },
        null,
        2,
      ),
    );
    // Vectors over the Markdown limits make a module that is refused, at a place in the file.
    writeFileSync(
      path.join(folder, 'too-deep.quiz.json'),
      JSON.stringify({ version: 1, id: 'too-deep', title: 'Too deep', questions: [{ id: 'q', prompt: tooDeep[0]?.markdown ?? '>'.repeat(100), choices: [{ text: 'a', correct: true }, { text: 'b' }] }] }, null, 2),
    );
    // A module file whose name is markup, and broken, so its name is shown.
    writeFileSync(path.join(folder, `<img src=x onerror=alert(1)>.quiz.json`), '{ "version": 1, "id": 7 }');
    await workbench.runCommand('Quiz: Reload Modules');
  });

  it(`shows ${usable.length} vectors in the article and every field, and nothing runs, loads or navigates`, async () => {
    assert.ok(usable.length >= 150, `${usable.length} vectors fit the Markdown limits`);
    await workbench.showQuizSidebar();
    await workbench.page.locator('.monaco-list-row', { hasText: '<img src=x onerror=alert(1)>.quiz.json' }).first().waitFor({ timeout: 30_000 });
    await workbench.page.locator('.monaco-list-row', { hasText: 'too-deep.quiz.json' }).first().waitFor();
    await workbench.runCommand('Quiz: Open Module');
    await workbench.pickQuickItem('Hostile corpus');
    const frame = await workbench.webviewFrame('#article h2', 60_000);
    assertInert(await marks(frame), 'article');
    // Every rendering feature is on here: highlighted code, MathML, alerts, footnotes, copy buttons.
    for (const selector of ['pre.code-block code.hljs', 'math mfrac', '.markdown-alert', 'sup.footnote-ref', '.code-frame button.copy-code']) {
      assert.ok((await frame.locator(`#article ${selector}`).count()) > 0, `the article shows ${selector}`);
    }
    await frame.locator('#tab-quiz').click();
    await frame.locator('#start-quiz').click();
    const total = questions([]).length;
    for (let n = 0; n < total; n++) {
      await frame.locator('#check-answer').waitFor();
      // The wrong choice, so its feedback, the explanation and the section button all show.
      await frame.locator('input[data-choice]').nth(1).check({ force: true });
      await frame.locator('#check-answer').click();
      await frame.locator('#feedback-status').waitFor();
      assertInert(await marks(frame), `question ${n + 1} with feedback`);
      const reread = frame.locator('button', { hasText: 'Re-read this section' });
      if (n % 5 === 0 && (await reread.count()) > 0) {
        await reread.click();
        await workbench.page.keyboard.press('Escape');
      }
      await frame.locator('#next-question').click();
    }
    await frame.locator('.score').waitFor();
    assertInert(await marks(frame), 'result and review');
    await workbench.runCommand('Quiz: Show Scores');
    const scores = await workbench.webviewFrame('.scores');
    assert.match(await scores.locator('.scores').innerText(), /Hostile corpus/);
    // The modules' details too: their tables show every prompt and choice.
    await openAllScoresDetails(scores);
    // (The webview host adds a style element of its own to the head; the page's content is the body.)
    // Its own parts only: the one nonce'd script that posts Re-read links (the built
    // dist/webview/scores.js, inside the page or linked), and the charts drawn by the host from
    // numbers (class "chart", no script or link inside).
    const ownScript = readFileSync(path.join(repoRoot, 'dist', 'webview', 'scores.js'), 'utf8');
    const { active, own } = await scores.evaluate((ownScript) => {
      const isOwn = (el: Element) => el.tagName === 'SCRIPT' && el.hasAttribute('nonce') && (el.textContent === ownScript || /\/dist\/webview\/scores\.js$/.test(el.getAttribute('src') ?? ''));
      const found = [...document.body.querySelectorAll('script, iframe, object, embed, form, svg, math, style, foreignObject, a[href^="javascript"]')];
      return {
        own: found.filter(isOwn).length,
        active: found
          .filter((el) => !isOwn(el))
          .filter((el) => !(el.tagName.toLowerCase() === 'svg' && el.classList.contains('chart') && el.querySelector('script, a, foreignObject, [href]') === null))
          .map((el) => el.outerHTML.slice(0, 120)),
      };
    }, ownScript);
    assert.deepEqual(active, [], 'the scores page holds nothing active');
    assert.equal(own, 1, 'the scores page runs its own script once');
    assert.equal(
      await scores.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name) || a.name === 'style')).length),
      0,
      'no handler or style attribute on the scores page',
    );

    assert.deepEqual(workbench.dialogs, [], 'no dialog opened');
    // A vector that is a relative image path is looked up in the module's folder and not found:
    // the workbench logs that, which is no mark. Marks are what a vector's script would log.
    assert.deepEqual(
      workbench.console.filter((m) => /pwned/i.test(m) && !m.includes('Unable to read file')),
      [],
      'nothing logged a mark',
    );
    // Pictures over https are part of Markdown; nothing else may reach outside this machine.
    assert.deepEqual(outside.filter((r) => !r.startsWith('image ')), [], 'no request left the page');
    console.log(`      (${usable.length} vectors shown in ${total} questions and the article; ${outside.length} image requests to https hosts)`);
    assert.equal(await workbench.page.locator('.terminal-outer-container').count(), 0, 'no command opened a terminal');
    assert.ok(await workbench.page.locator('.monaco-workbench').isVisible());
  });
});
