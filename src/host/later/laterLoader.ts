/**
 * Where the Node extension host gets the code activation does not need (later.ts: the pages, the
 * command handlers, the LRS connection): dist/later.js, required the first time one of them is
 * used, so activation never compiles it. The web worker host bundles it (laterLoader.web.ts).
 */
import { codeBeside } from '../util/codeOnDemand';
import type * as Later from './later';

const later = codeBeside<typeof Later>('later.js', '../later/later.js');

export const loadLaterCode = later.load;
/** Whether the later code was loaded in this extension host, for tests. */
export const laterCodeLoaded = later.loaded;
