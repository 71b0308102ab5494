/**
 * The hooks every e2e suite needs, written once: one workbench for the enclosing `describe`,
 * opened before its tests, closed after them, and a screenshot of the moment a test failed.
 */
import { Workbench, type WorkbenchOptions } from '../vscode/workbench';

/**
 * Registers the hooks and returns the suite's workbench. The value returned stands for the
 * workbench opened in `before` (it forwards to it), so a suite uses it as it is, in tests and in
 * hooks registered after this call; used before `before` ran, it throws.
 */
export function useWorkbench(options: WorkbenchOptions | (() => WorkbenchOptions), failurePrefix = 'failed-'): Workbench {
  let opened: Workbench | undefined;
  before(async () => {
    opened = await Workbench.open(typeof options === 'function' ? options() : options);
  });
  after(async () => {
    await opened?.close();
    opened = undefined;
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && opened) await opened.screenshot(`${failurePrefix}${test.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  const current = (): Workbench => {
    if (!opened) throw new Error('The workbench is used before its suite opened it, or after it closed.');
    return opened;
  };
  return new Proxy({} as Workbench, {
    get(_target, key) {
      const workbench = current();
      const value: unknown = Reflect.get(workbench, key, workbench);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(workbench) : value;
    },
  });
}
