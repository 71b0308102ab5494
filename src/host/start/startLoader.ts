/**
 * Where the Node extension host gets the start code (start.ts: the repository, the stores, the
 * sidebar data, the due count): dist/start.js, required right after activate() has registered the
 * contributions, so activation compiles only the registrations. The web worker host bundles it
 * (startLoader.web.ts).
 */
import { codeBeside } from '../util/codeOnDemand';
import type * as Start from './start';

const start = codeBeside<typeof Start>('start.js', '../start/start.js');

export const loadStartCode = start.load;
/** Whether the start code was loaded in this extension host, for tests. */
export const startCodeLoaded = start.loaded;
