/**
 * A jsdom page for the webview unit tests. The webview modules use the global `window` and
 * `document` only when their functions run, so a suite installs them in `before` and takes them
 * away in `after`; nothing leaks into other suites.
 */
import { JSDOM } from 'jsdom';

const NAMES = ['window', 'document'] as const;

export interface WebviewDom {
  /** The current jsdom page (valid inside the suite's tests). */
  readonly dom: () => JSDOM;
  /** A fresh `#quiz`-like container in the page, emptied of everything from the last test. */
  readonly freshRoot: () => HTMLElement;
}

/** Call inside a `describe`: gives the suite its own jsdom page, installed as the globals. */
export function useWebviewDom(): WebviewDom {
  let current: JSDOM | undefined;
  const saved = new Map<string, PropertyDescriptor | undefined>();
  before(() => {
    current = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>');
    for (const name of NAMES) {
      saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
      Object.defineProperty(globalThis, name, {
        value: name === 'window' ? current.window : current.window.document,
        configurable: true,
        writable: true,
      });
    }
  });
  after(() => {
    for (const name of NAMES) {
      const descriptor = saved.get(name);
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
    current?.window.close();
    current = undefined;
  });
  const dom = (): JSDOM => {
    if (!current) throw new Error('the jsdom page exists only inside the suite');
    return current;
  };
  return {
    dom,
    freshRoot: () => {
      const doc = dom().window.document;
      const root = doc.createElement('div');
      root.id = 'quiz';
      doc.body.replaceChildren(root);
      return root;
    },
  };
}
