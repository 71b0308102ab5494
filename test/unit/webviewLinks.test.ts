import * as assert from 'node:assert/strict';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import { attachLinks } from '../../src/webview/links';
import { checkFromModulePage } from '../../src/protocol/modulePage';
import { useWebviewDom } from './webviewDom';

describe('webview links', () => {
  const page = useWebviewDom();

  function setup() {
    const root = page.freshRoot();
    const article = document.createElement('article');
    article.innerHTML =
      '<h2 id="section-end">End</h2><p><a href="https://example.com/x">out</a> <a href="#section-end">in</a> <a href="#app">page id</a> <a href="mailto:a@b.example"><em>mail</em></a></p>';
    root.append(article);
    const opened: string[] = [];
    let shown = 0;
    attachLinks(document, { article, showArticle: () => shown++, open: (href) => opened.push(href) });
    return { article, opened, shown: () => shown };
  }

  function click(element: Element, type = 'click', button = 0): MouseEvent {
    const event = new (page.dom().window.MouseEvent)(type, { bubbles: true, cancelable: true, button });
    element.dispatchEvent(event);
    return event;
  }

  it('hands outside links to the host and keeps the page where it is', () => {
    const { article, opened } = setup();
    const event = click(article.querySelector('a[href^="https"]')!);
    assert.equal(event.defaultPrevented, true, 'the page does not navigate');
    assert.deepEqual(opened, ['https://example.com/x']);
    click(article.querySelector('em')!);
    assert.deepEqual(opened, ['https://example.com/x', 'mailto:a@b.example'], 'a click inside the link counts');
  });

  it('follows a link to a heading of the article, and nothing outside it', () => {
    const { article, opened, shown } = setup();
    click(article.querySelector('a[href="#section-end"]')!);
    assert.equal(shown(), 1);
    click(article.querySelector('a[href="#app"]')!);
    assert.equal(shown(), 1, 'an id outside the article is not followed');
    assert.deepEqual(opened, []);
  });

  it('opens nothing on a middle click', () => {
    const { article, opened } = setup();
    const event = click(article.querySelector('a[href^="https"]')!, 'auxclick', 1);
    assert.equal(event.defaultPrevented, true);
    assert.deepEqual(opened, []);
  });

  it('hands a relative link back to the host as the path the article wrote', () => {
    const root = page.freshRoot();
    const article = document.createElement('article');
    const renderer = new MarkdownRenderer({ relativeLinks: true });
    article.innerHTML = renderer.renderArticle('[other](../other/other%20one.md#a-heading) and [plain](notes.txt)').html;
    root.append(article);
    const opened: string[] = [];
    attachLinks(document, { article, showArticle: () => undefined, open: (href) => opened.push(href) });
    const links = [...article.querySelectorAll('a')];
    assert.equal(links.length, 2);
    for (const link of links) assert.equal(click(link).defaultPrevented, true);
    assert.deepEqual(opened, ['../other/other%20one.md#a-heading', 'notes.txt']);
  });

  it('accepts only http(s), mailto and relative links from the page', () => {
    assert.ok('message' in checkFromModulePage({ type: 'openLink', href: 'https://example.com/' }));
    assert.ok('message' in checkFromModulePage({ type: 'openLink', href: 'mailto:a@b.example' }));
    assert.ok('message' in checkFromModulePage({ type: 'openLink', href: '../other/other.md#a-heading' }));
    for (const href of [
      'javascript:alert(1)',
      'command:workbench.action.quit',
      'vscode:extension/x',
      'file:///etc/passwd',
      '/etc/passwd',
      '//evil.example/x.md',
      '\\\\server\\share',
      'a\u0000b.md',
      ' https://x',
      '',
      'https://x/' + 'a'.repeat(3000),
      42,
    ]) {
      assert.ok('problem' in checkFromModulePage({ type: 'openLink', href }), `${String(href).slice(0, 40)} is refused`);
    }
  });
});
