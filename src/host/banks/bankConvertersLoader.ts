/**
 * Where the extension host gets the question bank converters (GIFT, Moodle XML, mdbook-quiz, and
 * the HTML to Markdown they need): about half of what the extension bundle held, for two commands
 * a learner rarely runs. They are a separate file next to the extension bundle
 * (dist/bankConverters.js), required on the first import or export of questions, so activation
 * never loads them. The web worker host bundles them instead (bankConvertersLoader.web.ts).
 */
import type * as Converters from '../../core/banks/convertBank';

export type BankConverters = typeof Converters;

let loaded: BankConverters | undefined;

/** Whether the converters were loaded in this extension host, for tests. */
export function bankConvertersLoaded(): boolean {
  return loaded !== undefined;
}

export function loadBankConverters(): BankConverters {
  if (!loaded) {
    // A path the bundler leaves alone: the bundle requires dist/bankConverters.js at run time;
    // the compiled sources (out/) find the module two folders up, in core/banks/.
    const load = require as (id: string) => BankConverters;
    try {
      loaded = load(`${__dirname}/bankConverters.js`);
    } catch {
      loaded = load(`${__dirname}/../../core/banks/convertBank.js`);
    }
  }
  return loaded;
}
