/**
 * Where the Node extension host gets the start code (start.ts: the repository, the stores, the
 * sidebar data, the due count). It is a file of its own next to the extension bundle
 * (dist/start.js), required right after activate() has registered the contributions, so
 * activation compiles only the registrations. The web worker host, which cannot require a second
 * file, bundles it (startLoader.web.ts).
 */
import type * as Start from './start';

type StartCode = typeof Start;

let loaded: StartCode | undefined;

/** Whether the start code was loaded in this extension host, for tests. */
export function startCodeLoaded(): boolean {
  return loaded !== undefined;
}

export function loadStartCode(): StartCode {
  // A path the bundler leaves alone: the bundle requires dist/start.js at run time; in the compiled
  // sources (out/) start.js sits beside this file too.
  loaded ??= (require as (id: string) => StartCode)(`${__dirname}/start.js`);
  return loaded;
}
