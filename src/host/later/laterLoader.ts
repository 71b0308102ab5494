/**
 * Where the Node extension host gets the code activation does not need (later.ts: the pages, the
 * command handlers, the LRS connection). It is a file of its own next to the extension bundle
 * (dist/later.js), required the first time one of them is used, so activation never compiles it.
 * The web worker host, which cannot require a second file, bundles it (laterLoader.web.ts).
 */
import type * as Later from './later';

type LaterCode = typeof Later;

let loaded: LaterCode | undefined;

/** Whether the later code was loaded in this extension host, for tests. */
export function laterCodeLoaded(): boolean {
  return loaded !== undefined;
}

export function loadLaterCode(): LaterCode {
  // A path the bundler leaves alone: the bundle requires dist/later.js at run time; in the compiled
  // sources (out/) later.js sits beside this file too.
  loaded ??= (require as (id: string) => LaterCode)(`${__dirname}/later.js`);
  return loaded;
}
