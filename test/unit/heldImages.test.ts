import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { setHtml } from '../../src/webview/dom';
import { HeldImages } from '../../src/webview/HeldImages';
import { useWebviewDom } from './webviewDom';

/** Pieces of host HTML and of hostile content around images, joined at random. */
const piece = fc.constantFrom(
  '<p>Text</p>',
  '<h2 id="section-map">Map</h2>',
  '<img src="https://file%2B.vscode-resource.vscode-cdn.net/m/map.svg" alt="A map">',
  '<img src="https://example.com/a.png" alt="remote" title="t">',
  '<img alt="no address">',
  '<img src="" alt="empty">',
  '<img src="javascript:alert(1)" alt="script">',
  '<img src="data:image/png;base64,AA==" alt="data">',
  '<img src="x" onerror="window.pwned = 1" alt="handler">',
  '<img data-qm-src="javascript:alert(1)" alt="forged hold">',
  '<img src="https://example.com/b.png" data-qm-src="https://evil.example/c.png" alt="forged beside">',
  '<table><tr><td><img src="https://example.com/cell.png" alt="in a cell"></td></tr></table>',
  '<math><mi>x</mi></math>',
  '<a href="#section-map">back</a>',
);
const html = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('\n'));

describe('webview: article images held until the page has loaded', () => {
  const page = useWebviewDom();

  it('gives no image an address before the release, and after it the same page as without holding', () => {
    fc.assert(
      fc.property(html, (text) => {
        const expected = page.freshRoot();
        setHtml(expected, text);
        const root = page.freshRoot();
        const held = new HeldImages();
        held.setHtml(root, text);
        assert.equal(root.querySelectorAll('img[src]').length, 0, 'no image asks for its address while the page loads');
        assert.equal(root.querySelectorAll('img').length, expected.querySelectorAll('img').length);
        void held.release(root);
        // Equal as DOM trees (the address comes back as the last attribute).
        assert.ok(root.isEqualNode(expected), `${root.innerHTML}\n!=\n${expected.innerHTML}`);
        assert.equal(root.querySelectorAll('[data-qm-src]').length, 0);
      }),
    );
  });

  it('keeps alt text while held, and holds nothing once released', () => {
    const root = page.freshRoot();
    const held = new HeldImages();
    held.setHtml(root, '<p><img src="https://example.com/a.png" alt="A map"></p>');
    const image = root.querySelector('img')!;
    assert.equal(image.getAttribute('alt'), 'A map');
    assert.equal(image.getAttribute('src'), null);
    void held.release(root);
    assert.equal(image.getAttribute('src'), 'https://example.com/a.png');
    held.setHtml(root, '<img src="https://example.com/b.png" alt="later">');
    assert.equal(root.querySelector('img')!.getAttribute('src'), 'https://example.com/b.png', 'an article set after the load loads at once');
  });

  it('settles the release once every released image has loaded or failed', async () => {
    const root = page.freshRoot();
    const held = new HeldImages();
    held.setHtml(root, '<img src="https://example.com/a.png" alt="a"><img src="https://example.com/b.png" alt="b">');
    let settled = false;
    const release = held.release(root).then(() => (settled = true));
    const [first, second] = [...root.querySelectorAll('img')];
    const win = page.dom().window as unknown as typeof globalThis;
    first!.dispatchEvent(new win.Event('load'));
    await Promise.resolve();
    assert.equal(settled, false, 'one image is still loading');
    second!.dispatchEvent(new win.Event('error'));
    await release;
    assert.equal(settled, true);
  });
});
