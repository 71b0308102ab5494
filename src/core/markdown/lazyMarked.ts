import type * as Marked from 'marked';

// The core code is built without Node's types (it also runs in a web worker); after bundling no
// real `require` is left, esbuild resolves this one.
declare const require: (id: string) => unknown;

let loaded: typeof Marked | undefined;

/**
 * The marked package, loaded at its first use rather than when the extension starts: marked
 * builds its grammar's regular expressions as it loads (about 10 ms, a third of the extension's
 * activation), and nothing at activation needs it. In the bundle esbuild keeps a required ES
 * module behind a function that runs it on the first call.
 */
export function marked(): typeof Marked {
  return (loaded ??= require('marked') as typeof Marked);
}
