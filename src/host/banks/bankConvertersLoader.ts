/**
 * Where the extension host gets the question bank converters (GIFT, Moodle XML, mdbook-quiz, and
 * the HTML to Markdown they need): about half of what the extension bundle held, for two commands
 * a learner rarely runs. They are dist/bankConverters.js, required on the first import or export
 * of questions, so activation never loads them. The web worker host bundles them instead
 * (bankConvertersLoader.web.ts).
 */
import { codeBeside } from '../util/codeOnDemand';
import type * as Converters from '../../core/banks/convertBank';

type BankConverters = typeof Converters;

const converters = codeBeside<BankConverters>('bankConverters.js', '../../core/banks/convertBank.js');

export const loadBankConverters = converters.load;
/** Whether the converters were loaded in this extension host, for tests. */
export const bankConvertersLoaded = converters.loaded;
