import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { MarkdownRenderer } from '../../src/core/markdown/markdown';
import { percentOf } from '../../src/core/module/grading';
import { dashboard, questionStats, type AttemptPoint, type ModuleData, type QuestionInfo } from '../../src/core/scores/analytics';
import { questionRows } from '../../src/core/scores/dashboardFigures';
import type { AttemptRecord } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { english } from '../../src/core/util/translate';
import { CHART_BOX, scoresChart } from '../../src/host/scores/scoresChart';
import { duration, moduleDetailsHtml, scoresPageBody, type ScoresModuleView, type ScoresPageContext } from '../../src/host/scores/scoresPageHtml';
import { attemptsArb, recordOf } from './analyticsArbitraries';

const NOW = new Date(Date.UTC(2026, 11, 1));
const renderer = new MarkdownRenderer({ math: false, remoteImages: true });
/** One jsdom parser for every check: a new page per run would make the properties slow. */
const parser = new new JSDOM('').window.DOMParser();
const parse = (html: string): Document => parser.parseFromString(`<!DOCTYPE html><body>${html}</body>`, 'text/html');
const ctx: ScoresPageContext = { t: english, locale: 'en', inline: (markdown) => renderer.renderInline(markdown) };

function questions(texts: { prompt: string; section?: string; choice: string }): QuestionInfo[] {
  return ['q1', 'q2', 'q3', 'q4'].map((id, i) => ({
    id,
    prompt: `${texts.prompt} ${i + 1}`,
    ...(texts.section !== undefined ? { section: texts.section } : {}),
    choices: ['a', 'b', 'c', 'd'].map((key) => ({ key, text: `${texts.choice} ${key}`, correct: key === 'a' })),
  }));
}

interface PageInput {
  readonly moduleId: string;
  readonly title: string;
  readonly attempts: readonly AttemptRecord[];
  readonly questions?: readonly QuestionInfo[];
  readonly passingScore?: number;
  readonly authoring?: boolean;
}

function views(inputs: readonly PageInput[]): { board: ReturnType<typeof dashboard>; modules: ScoresModuleView[] } {
  const data: ModuleData[] = inputs.map((m) => ({ moduleId: m.moduleId, record: recordOf(m.moduleId, m.attempts), ...(m.questions ? { questions: m.questions } : {}) }));
  const board = dashboard(data, undefined, NOW, { timeZone: 'UTC' });
  const modules = data.map((d, i) => {
    const input = inputs[i]!;
    return {
      data: d,
      stats: board.modules[i]!,
      summary: summarize(d.record),
      title: input.title,
      loaded: input.questions !== undefined,
      ...(input.passingScore !== undefined ? { passingScore: input.passingScore } : {}),
      authoring: input.authoring ?? true,
      article: true,
    };
  });
  return { board, modules };
}

function page(inputs: readonly PageInput[], open: readonly string[] = [], only = false): string {
  const { board, modules } = views(inputs);
  return scoresPageBody({ board, modules, only, open: new Set(open) }, ctx);
}

const finished = (id: string, day: number, answers: Record<string, boolean>, kind?: 'practice' | 'review'): AttemptRecord => {
  const at = new Date(Date.UTC(2026, 5, day)).toISOString();
  const list = Object.entries(answers);
  const earned = list.filter(([, right]) => right).length;
  return {
    id,
    startedAt: at,
    finishedAt: new Date(Date.parse(at) + 90_000).toISOString(),
    questionOrder: list.map(([q]) => q),
    answers: Object.fromEntries(list.map(([q, right]) => [q, { picks: [right ? 'a' : 'b'], correct: right, earned: right ? 1 : 0, points: 1, answeredAt: at }])),
    result: { earned, possible: list.length, percent: Math.round((earned * 100) / list.length), passed: earned * 100 >= 70 * list.length },
    ...(kind ? { kind } : {}),
  } as AttemptRecord;
};

describe('the scores page renderer', function () {
  this.timeout(60_000);
  const texts = { prompt: 'What is *two*', section: 'basics', choice: 'Choice' };
  const attempts = [finished('a1', 1, { q1: true, q2: false, q3: true }), finished('a2', 3, { q1: true, q2: true, q3: false }), finished('p1', 4, { q2: false }, 'practice')];
  const input: PageInput = { moduleId: 'colours', title: 'Colours', attempts, questions: questions(texts), passingScore: 70 };

  it('paints each module\'s summary first, its details closed and not built', () => {
    const html = page([input]);
    assert.match(html, /<h2 id="m-colours">Colours<\/h2>/);
    assert.match(html, /<dt>Attempts<\/dt><dd>2<\/dd>/);
    assert.match(html, /<dt>Best<\/dt><dd>66.7% \(2\/3\)<\/dd>/);
    assert.match(html, /<details class="module-details" data-module="colours">/);
    assert.doesNotMatch(html, /<svg class="chart"/);
    assert.doesNotMatch(html, /Per-question accuracy/);
    assert.match(html, /role="status" aria-live="polite"/);
  });

  it('draws the details open for the modules asked, and for the one-module view', () => {
    for (const html of [page([input], ['colours']), page([input], ['colours'], true)]) {
      assert.match(html, /<details class="module-details" data-module="colours" open/);
      assert.match(html, /<svg class="chart"/);
      assert.match(html, /Per-question accuracy, over finished attempts/);
      assert.match(html, /2 finished attempts from 66.7% to 66.7%, the last 66.7%\./);
    }
  });

  it('builds a module\'s details on their own: chart, attempts table and per-question table', () => {
    const { modules } = views([input]);
    const details = moduleDetailsHtml(modules[0]!, ctx);
    const dom = parse(details);
    const rows = [...dom.querySelectorAll('table:not(.compact) tbody tr')];
    // The attempts table (3 rows, the practice one among them) then the question table (4 rows).
    assert.equal(rows.length, 7);
    assert.match(rows[2]!.textContent ?? '', /Practice/);
    const q2 = rows[4]!;
    assert.deepEqual([...q2.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent), ['2', 'What is two 2', '2', '1', '50%']);
    assert.match(q2.innerHTML, /<em>two<\/em>/, 'prompts are inline Markdown');
    assert.match(details, /Misleading/, 'the author sees the item analysis');
  });

  it('leaves the details out for a module with nothing to show (an exam under way)', () => {
    const open: AttemptRecord = { id: 'x', startedAt: NOW.toISOString(), questionOrder: ['q1'], answers: { q1: { picks: ['a'], correct: true, earned: 1, points: 1, answeredAt: NOW.toISOString() } } } as AttemptRecord;
    const html = page([{ ...input, attempts: [open] }], ['colours']);
    assert.doesNotMatch(html, /module-details|\d+%/);
    assert.match(html, /In progress/);
  });

  it('words durations from core\'s parts', () => {
    assert.equal(duration(35_000, english), '35 s');
    assert.equal(duration(250_000, english), '4 min 10 s');
    assert.equal(duration(3_900_000, english), '1 h 5 min');
  });

  /** Text as a hostile module file or record may carry it. */
  const hostile = fc.oneof(
    fc.string(),
    fc.constantFrom('<img src=x onerror=alert(1)>', '"><evil-tag x="', "' onmouseover='x", '</table><evil-tag>', '&lt;evil-tag&gt;', '<script>alert(1)</script>'),
    fc.tuple(fc.string(), fc.constantFrom('<evil-tag>', '"', "'", '&', '<')).map(([a, b]) => a + b + a),
  );

  it('escapes every text from a module file or a record, whatever it holds', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, hostile, attemptsArb, (moduleId, title, prompt, choice, section, list) => {
        const id = moduleId || 'm';
        const inputs: PageInput[] = [{ moduleId: id, title, attempts: list, questions: questions({ prompt, section, choice }) }];
        for (const html of [page(inputs, [id]), page(inputs, [], true)]) {
          const dom = parse(html);
          assert.equal(dom.querySelectorAll('evil-tag, script, img, [onerror], [onmouseover]').length, 0, html);
          // Every attribute the page has is one the renderer writes.
          const attributes = new Set([...dom.querySelectorAll('*')].flatMap((el) => el.getAttributeNames()));
          for (const name of attributes) assert.match(name, /^(class|id|aria-[a-z]+|role|tabindex|scope|data-(module|loaded|reread-module|reread-section)|href|open|viewBox|width|height|focusable|x\d?|y\d?|cx|cy|r|points|text-anchor)$/i);
          assert.ok(dom.querySelector(`section.module > h2`)?.textContent === title, 'the title is shown as text');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('shows the percentages core computes: per question, best and last', () => {
    fc.assert(
      fc.property(attemptsArb, fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), (list, passingScore) => {
        const qs = questions({ prompt: 'Q', choice: 'C' });
        const inputs: PageInput[] = [{ moduleId: 'm', title: 'M', attempts: list, questions: qs, ...(passingScore !== undefined ? { passingScore } : {}) }];
        const { modules } = views(inputs);
        const module = modules[0]!;
        const dom = parse(page(inputs, ['m']));
        const stats = new Map(questionStats(module.data).map((s) => [s.questionId, s]));
        const table = [...dom.querySelectorAll('table')].find((t) => /Per-question/.test(t.caption?.textContent ?? ''));
        if (stats.size === 0) return assert.equal(table, undefined);
        assert.ok(table);
        const rows = [...table.querySelectorAll('tbody tr')];
        assert.equal(rows.length, qs.length);
        rows.forEach((row, i) => {
          const s = stats.get(qs[i]!.id);
          const accuracy = row.querySelectorAll('td')[4]!.textContent;
          assert.equal(accuracy, s && s.answered > 0 ? `${percentOf(s.correct, s.answered)}%` : '—');
        });
        assert.deepEqual(questionRows(module.data).map((r) => r.accuracy), qs.map((q) => { const s = stats.get(q.id); return s && s.answered > 0 ? percentOf(s.correct, s.answered) : undefined; }));
        const fact = (name: string) => [...dom.querySelectorAll('dt')].find((dt) => dt.textContent === name)?.nextElementSibling?.textContent;
        const best = module.stats.best;
        assert.equal(fact('Best'), best ? `${percentOf(best.earned, best.possible, passingScore)}% (${best.earned}/${best.possible})` : '—');
        const last = module.stats.last;
        assert.equal(fact('Last'), last ? `${percentOf(last.result.earned, last.result.possible, passingScore)}% (${last.result.earned}/${last.result.possible})` : '—');
        return undefined;
      }),
      { numRuns: 100 },
    );
  });
});

describe('the scores chart', function () {
  this.timeout(60_000);
  const number = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, Infinity, -Infinity, NaN));
  const pointArb: fc.Arbitrary<AttemptPoint> = fc.record({
    id: fc.string(),
    kind: fc.constantFrom('full', 'practice', 'review'),
    startedAt: fc.constant('2026-01-01T00:00:00.000Z'),
    finishedAt: fc.constant('2026-01-01T00:10:00.000Z'),
    result: fc.record({ earned: number, possible: number, percent: number, passed: fc.boolean() }),
    activeMs: fc.nat(),
  });

  it('keeps every point, line and the pass line inside its box, for any history', () => {
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 40 }), fc.option(number, { nil: undefined }), fc.string(), (points, passing, label) => {
        const svg = parse(scoresChart(points, passing, label)).querySelector('svg')!;
        const inside = (x: number, y: number) => {
          assert.ok(Number.isFinite(x) && x >= 0 && x <= CHART_BOX.width, `x ${x}`);
          assert.ok(Number.isFinite(y) && y >= 0 && y <= CHART_BOX.height, `y ${y}`);
        };
        const circles = [...svg.querySelectorAll('circle')];
        assert.equal(circles.length, points.length);
        for (const c of circles) inside(Number(c.getAttribute('cx')), Number(c.getAttribute('cy')));
        for (const pair of svg.querySelector('polyline')?.getAttribute('points')?.split(' ') ?? []) {
          const [x, y] = pair.split(',').map(Number);
          inside(x!, y!);
        }
        for (const line of svg.querySelectorAll('line')) {
          inside(Number(line.getAttribute('x1')), Number(line.getAttribute('y1')));
          inside(Number(line.getAttribute('x2')), Number(line.getAttribute('y2')));
        }
        assert.equal(svg.getAttribute('aria-label'), label);
      }),
      { numRuns: 200 },
    );
  });
});
