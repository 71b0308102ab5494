/**
 * One part of the extension's code that the Node extension host loads only when it is first
 * needed: a file of its own beside the extension bundle (dist/NAME.js, esbuild.mjs), required by
 * path on the first `load()`. In the compiled sources (out/, the unit and integration tests) the
 * part is the compiled module itself, found from this file's folder. The web worker host cannot
 * require a second file; its loaders bundle the part instead (`bundledCode`).
 */
interface CodeOnDemand<T> {
  /** The part's exports, required on the first call. */
  load(): T;
  /** Whether the part was asked for in this extension host (tests check what activation loads). */
  loaded(): boolean;
}

/**
 * @param bundleFile the part's file beside the bundle, for example `start.js`
 * @param compiledPath the compiled module, relative to this file's folder (src/host/util), for
 *   example `../start/start.js`
 */
export function codeBeside<T>(bundleFile: string, compiledPath: string): CodeOnDemand<T> {
  let loaded: T | undefined;
  return {
    load: () => {
      if (loaded === undefined) {
        // Paths the bundler leaves alone: they are required at run time. In the bundle,
        // `__dirname` is dist/, where the part's file is; in out/ it is this file's folder.
        const load = require as (id: string) => T;
        try {
          loaded = load(`${__dirname}/${bundleFile}`);
        } catch (error) {
          // Only the part's own file missing means "not a bundle"; any other failure is the part's.
          // Node names the module it could not find on the message's first line (the lines after
          // it list who required it, the part among them when a module the part needs is missing).
          const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).split('\n', 1)[0]?.includes(bundleFile) === true;
          if (!missing) throw error;
          loaded = load(`${__dirname}/${compiledPath}`);
        }
      }
      return loaded;
    },
    loaded: () => loaded !== undefined,
  };
}

/** The web worker host's form: the part is in the bundle already, and only counted as asked for. */
export function bundledCode<T>(code: T): CodeOnDemand<T> {
  let used = false;
  return {
    load: () => {
      used = true;
      return code;
    },
    loaded: () => used,
  };
}
