import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { checkFromScoresPage, isToScoresPage, type FromScoresPage, type ToScoresPage } from '../../src/protocol/scoresPage';
import { startScoresPage } from '../../src/webview/scores';

const name = fc.string({ minLength: 1, maxLength: 200 });
const validArb: fc.Arbitrary<FromScoresPage> = fc.oneof(
  fc.constantFrom('UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+12').map((timeZone) => ({ type: 'timeZone' as const, timeZone })),
  fc.record({ type: fc.constant('reread' as const), moduleId: name, section: name }).map((m) => ({ ...m })),
  fc.record({ type: fc.constant('details' as const), moduleId: name, open: fc.boolean() }).map((m) => ({ ...m })),
);

describe('the scores page protocol', () => {
  it('accepts each of its messages as they are', () => {
    fc.assert(
      fc.property(validArb, (message) => {
        assert.deepEqual(checkFromScoresPage(message), { message });
      }),
    );
  });

  it('never throws: any value is a message of the protocol or a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), validArb.chain((m) => fc.record({ [Object.keys(m)[1]!]: fc.anything() }).map((extra) => ({ ...m, ...extra })))), (value) => {
        const checked = checkFromScoresPage(value);
        if ('message' in checked) {
          assert.equal(typeof checked.message.type, 'string');
          assert.deepEqual(checkFromScoresPage(checked.message), checked, 'a message accepted once is accepted again');
        } else {
          assert.equal(typeof checked.problem, 'string');
          assert.ok(checked.problem.length > 0 && checked.problem.length < 300, checked.problem);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('says what is wrong and where', () => {
    const problem = (value: unknown) => {
      const checked = checkFromScoresPage(value);
      assert.ok('problem' in checked, JSON.stringify(value));
      return checked.problem;
    };
    assert.equal(problem(null), 'a message must be an object, not null');
    assert.equal(problem([1]), 'a message must be an object, not an array');
    assert.equal(problem({ type: 'openLink', href: 'command:x' }), 'unknown message type "openLink"');
    assert.equal(problem({ type: 'reread', moduleId: 'm', section: 's', extra: 1 }), '"reread": unexpected field "extra"');
    assert.equal(problem({ type: 'reread', moduleId: 42, section: 's' }), '"reread": "moduleId" must be a text of 1 to 200 characters, not number');
    assert.equal(problem({ type: 'reread', moduleId: 'm', section: '' }), '"reread": "section" must be a text of 1 to 200 characters, not ""');
    assert.equal(problem({ type: 'details', moduleId: 'm', open: 'yes' }), '"details": "open" must be true or false, not "yes"');
    assert.equal(problem({ type: 'timeZone', timeZone: 'Europe/Paris; x' }), '"timeZone": "timeZone" must be a time zone name, not "Europe/Paris; x"');
    assert.equal(problem({ type: 'details', moduleId: 'x'.repeat(201), open: true }).slice(0, 60), '"details": "moduleId" must be a text of 1 to 200 characters,');
  });

  it('lets the page act only on the host\'s details message', () => {
    assert.equal(isToScoresPage({ type: 'details', moduleId: 'm', html: '<p>x</p>', announcement: 'shown' }), true);
    for (const value of [null, 'details', { type: 'details', moduleId: 'm', html: 1, announcement: '' }, { type: 'other' }]) assert.equal(isToScoresPage(value), false);
  });
});

describe('the scores page script', () => {
  function pageWith(body: string): { doc: Document; sent: FromScoresPage[]; receive: (data: unknown) => void; window: JSDOM['window'] } {
    const dom = new JSDOM(`<!DOCTYPE html><body>${body}</body>`);
    const sent: FromScoresPage[] = [];
    const receive = startScoresPage(dom.window.document, (m) => sent.push(m));
    return { doc: dom.window.document, sent, receive, window: dom.window };
  }
  const body = `<section class="module"><h2 id="m-a">A</h2>
<details class="module-details" data-module="a"><summary>Attempts</summary><div class="details-body"><p class="details-loading">Loading…</p></div></details>
<a href="#reread" class="reread" data-reread-module="a" data-reread-section="intro">Re-read</a></section>
<p id="scores-status" role="status" aria-live="polite"></p>`;

  it('tells the time zone first, and asks for a module\'s details when they are opened', async () => {
    const { doc, sent, window } = pageWith(body);
    assert.equal(sent[0]?.type, 'timeZone');
    const details = doc.querySelector('details')!;
    details.open = true;
    // jsdom fires `toggle` in a task of its own, as browsers do.
    await new Promise((resolve) => window.setTimeout(resolve, 10));
    assert.deepEqual(sent.slice(1), [{ type: 'details', moduleId: 'a', open: true }]);
    details.open = false;
    await new Promise((resolve) => window.setTimeout(resolve, 10));
    assert.deepEqual(sent.at(-1), { type: 'details', moduleId: 'a', open: false });
  });

  it('fills the details the host sends, says so in its live region, and keeps the focus', () => {
    const { doc, receive } = pageWith(body);
    const summary = doc.querySelector('summary')!;
    summary.tabIndex = 0;
    summary.focus();
    const reply: ToScoresPage = { type: 'details', moduleId: 'a', html: '<table><caption>Per-question accuracy</caption></table>', announcement: 'The details of "A" are shown.' };
    receive(reply);
    assert.equal(doc.querySelector('.details-body caption')?.textContent, 'Per-question accuracy');
    assert.equal(doc.querySelector('.details-loading'), null);
    assert.equal(doc.getElementById('scores-status')?.textContent, 'The details of "A" are shown.');
    assert.equal(doc.activeElement, summary);
    receive({ type: 'details', moduleId: 'a', html: 5 });
    receive({ type: 'details', moduleId: 'unknown', html: '<b>x</b>', announcement: 'x' });
    assert.equal(doc.querySelector('.details-body caption')?.textContent, 'Per-question accuracy', 'anything else changes nothing');
  });

  it('asks for details opened before it ran, and not for those drawn open with their content', () => {
    const early = body.replace('<details class="module-details" data-module="a">', '<details class="module-details" data-module="a" open>');
    const drawn = `<details class="module-details" data-module="b" open data-loaded=""><summary>B</summary><div class="details-body"><table></table></div></details>`;
    const { sent } = pageWith(early + drawn);
    assert.deepEqual(sent.slice(1), [{ type: 'details', moduleId: 'a', open: true }]);
  });

  it('posts the module and section a "Re-read" link names', () => {
    const { doc, sent, window } = pageWith(body);
    const link = doc.querySelector('a.reread')!;
    const click = new window.MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    assert.equal(click.defaultPrevented, true);
    assert.deepEqual(sent.at(-1), { type: 'reread', moduleId: 'a', section: 'intro' });
  });
});
