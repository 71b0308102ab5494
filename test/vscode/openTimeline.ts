/**
 * `BENCH_TIMELINE=1` for the "open to paint" rows of `npm run bench`: where the time between the
 * Enter and the first paint goes, step by step, for each page opened. Marks are epoch
 * milliseconds taken in the page that sees the step:
 * - the workbench: the webview's frame element made, the frame's "webview-ready", the page's HTML
 *   posted to it ("content");
 * - the webview's host frame (VS Code's pre/index.html): its navigation, its service worker ready,
 *   the HTML received, the content frame made, and shown (VS Code keeps it hidden until it loads);
 * - the content frame: the HTML written into it, the heading in its DOM, its load event, its first
 *   paints, and each resource it fetched;
 * - the extension host, when it writes lines `QM-TL <name> <epoch ms>` to the file named by
 *   `BENCH_TIMELINE_HOST_LOG` (a profiling build; nothing in the extension writes these).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { median } from '../bench/rows';

/** Runs in every frame, before the frame's own scripts; keeps its marks in `window.__qmMarks`. */
function recordMarks(): void {
  type Marks = Record<string, number>;
  const w = window as unknown as { __qmMarks?: Marks };
  const marks: Marks = (w.__qmMarks ??= {});
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name: string) => {
    marks[name] ??= now();
  };
  // Told apart by their first address: a content frame's changes to its host's once VS Code
  // writes into it (document.open).
  const isHostFrame = location.pathname.endsWith('/pre/index.html');
  const isContentFrame = location.pathname.endsWith('/pre/fake.html');
  if (isContentFrame) (window as unknown as { __qmContent?: boolean }).__qmContent = true;
  const onDom = (fn: () => void) => (document.documentElement ? fn() : document.addEventListener('readystatechange', fn, { once: true }));
  // Messages through a port (the workbench and the webview's host frame talk that way).
  const described = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  if (described?.set && described.get) {
    const { set, get } = described;
    Object.defineProperty(MessagePort.prototype, 'onmessage', {
      configurable: true,
      get() {
        return get.call(this);
      },
      set(handler: ((event: MessageEvent) => void) | null) {
        set.call(
          this,
          handler &&
            ((event: MessageEvent) => {
              const channel = (event.data as { channel?: unknown } | null)?.channel;
              if (typeof channel === 'string') mark(`${isHostFrame ? 'host' : 'workbench'}: got ${channel}`);
              handler.call(this, event);
            }),
        );
      },
    });
  }
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (this: MessagePort, ...args: Parameters<MessagePort['postMessage']>) {
    const channel = (args[0] as { channel?: unknown } | null)?.channel;
    if (typeof channel === 'string') mark(`${isHostFrame ? 'host' : 'workbench'}: sent ${channel}`);
    return post.apply(this, args as never);
  } as MessagePort['postMessage'];
  if (!isHostFrame && !isContentFrame) {
    // The workbench: a webview's host frame appears.
    window.addEventListener(
      'message',
      (event) => {
        if ((event.data as { channel?: unknown } | null)?.channel === 'webview-ready') mark('workbench: webview-ready');
      },
      true,
    );
    onDom(() =>
      new MutationObserver((records) => {
        for (const r of records) for (const node of r.addedNodes) if (node instanceof HTMLIFrameElement) mark('workbench: webview frame element');
      }).observe(document.documentElement, { childList: true, subtree: true }),
    );
    return;
  }
  if (isHostFrame) {
    marks['host: navigation start'] ??= performance.timeOrigin;
    navigator.serviceWorker?.addEventListener('message', (event) => {
      if ((event.data as { channel?: unknown } | null)?.channel === 'version') mark('host: service worker ready');
    });
    onDom(() =>
      new MutationObserver((records) => {
        for (const r of records) {
          for (const node of r.addedNodes) if (node instanceof HTMLIFrameElement) mark('host: content frame made');
          if (r.type === 'attributes' && r.target instanceof HTMLIFrameElement && r.target.id === 'active-frame') mark('host: content frame shown');
        }
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] }),
    );
    return;
  }
  // The content frame: VS Code writes the page's HTML into it.
  marks['content: fake.html start'] ??= performance.timeOrigin;
  const write = Document.prototype.write;
  Document.prototype.write = function (this: Document, ...text: string[]) {
    mark('content: write start');
    marks['content: html chars'] = text.join('').length;
    write.apply(this, text);
    mark('content: write end');
    window.addEventListener('load', () => mark('content: load event'), { once: true });
    this.addEventListener('DOMContentLoaded', () => mark('content: DOMContentLoaded'), { once: true });
    new MutationObserver(() => {
      if (this.querySelector('#article h1, #article h2, #floor-heading, #scores-title')) mark('content: heading in DOM');
    }).observe(this, { childList: true, subtree: true });
  };
}

async function framesMarks(page: Page): Promise<Record<string, number>[]> {
  const all: Record<string, number>[] = [];
  for (const frame of page.frames()) all.push(await marksOf(frame));
  return all;
}

async function marksOf(frame: Frame): Promise<Record<string, number>> {
  try {
    // Known by the address it was loaded from: VS Code writes the page into it (document.open).
    const isContent = frame.url().includes('/pre/fake.html');
    return await frame.evaluate((content) => {
      const marks: Record<string, number> = { ...((window as unknown as { __qmMarks?: Record<string, number> }).__qmMarks ?? {}) };
      if (content) {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (navigation) {
          marks['content: fake.html response end'] = performance.timeOrigin + navigation.responseEnd;
          marks['content: fake.html load end'] = performance.timeOrigin + navigation.loadEventEnd;
        }
        for (const paint of performance.getEntriesByType('paint')) marks[`content: ${paint.name}`] = performance.timeOrigin + paint.startTime;
        for (const resource of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
          const name = resource.name.split('/').pop()!.split('?')[0]!.slice(0, 40);
          marks[`content: resource ${name} start`] = performance.timeOrigin + resource.startTime;
          marks[`content: resource ${name} end`] = performance.timeOrigin + resource.responseEnd;
        }
      }
      return marks;
    }, isContent);
  } catch (error) {
    if (process.env['BENCH_TIMELINE'] === 'debug') console.log(`[timeline] no marks from ${frame.url()}: ${String(error)}`);
    return {};
  }
}

/** The marks of one open, relative to its Enter, collected from the page and its frames. */
export class OpenTimeline {
  private readonly runs = new Map<string, Record<string, number>[]>();
  private hostSeen = 0;

  private constructor(private readonly page: Page) {}

  private hostLines(): string[] {
    const file = process.env['BENCH_TIMELINE_HOST_LOG'];
    return file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  static async attach(page: Page): Promise<OpenTimeline> {
    await page.context().addInitScript(recordMarks);
    // The workbench itself is loaded already.
    await page.evaluate(recordMarks);
    return new OpenTimeline(page);
  }

  /** Called before each open: marks kept so far are cleared, the host's lines read from here. */
  async reset(): Promise<void> {
    for (const frame of this.page.frames()) {
      await frame
        .evaluate(() => {
          // Emptied in place: the frame's recorder holds this object.
          const marks = (window as unknown as { __qmMarks?: Record<string, number> }).__qmMarks ?? {};
          for (const key of Object.keys(marks)) delete marks[key];
        })
        .catch(() => undefined);
    }
    this.hostSeen = this.hostLines().length;
  }

  /** After the heading painted: keeps this open's marks, relative to `enterAt`. */
  async collect(name: string, enterAt: number, paintedAt: number, counted: boolean): Promise<void> {
    const marks: Record<string, number> = {};
    for (const frameMarks of await framesMarks(this.page)) Object.assign(marks, frameMarks);
    if (process.env['BENCH_TIMELINE'] === 'debug') console.log(`[timeline] ${name}: frames ${this.page.frames().map((f) => f.url().slice(-60)).join(' | ')}`);
    for (const line of this.hostLines().slice(this.hostSeen)) {
      const match = /QM-TL (\S+) (\d+(?:\.\d+)?)/.exec(line);
      if (match) marks[`ext host: ${match[1]}`] ??= Number(match[2]);
    }
    const relative: Record<string, number> = {};
    for (const [key, at] of Object.entries(marks)) relative[key] = key.endsWith('chars') ? at : at - enterAt;
    relative['measured: heading painted'] = paintedAt - enterAt;
    if (!counted) return;
    const list = this.runs.get(name) ?? [];
    list.push(relative);
    this.runs.set(name, list);
  }

  /** Prints, for each page, every mark's median over the runs, in order. */
  print(): void {
    for (const [name, runs] of this.runs) {
      const keys = new Set(runs.flatMap((r) => Object.keys(r)));
      const rows = [...keys].map((key) => {
        const values = runs.map((r) => r[key]).filter((v): v is number => v !== undefined);
        return { key, median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
      });
      rows.sort((a, b) => a.median - b.median);
      console.log(`[timeline] ${name} (${runs.length} runs; ms after the Enter, median (min..max))`);
      for (const row of rows) {
        const figure = row.key.endsWith('chars') ? `${row.median.toFixed(0)}` : `${row.median.toFixed(1).padStart(7)} (${row.min.toFixed(0)}..${row.max.toFixed(0)})`;
        console.log(`[timeline]   ${figure.padEnd(24)} ${row.key}${row.n < runs.length ? ` [${row.n}/${runs.length}]` : ''}`);
      }
    }
  }
}
