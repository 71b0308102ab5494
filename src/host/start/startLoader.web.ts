/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the start
 * code; it is still made after activate() returns, as in the Node host.
 */
import { bundledCode } from '../util/codeOnDemand';
import * as start from './start';

const code = bundledCode(start);

export const loadStartCode = code.load;
export const startCodeLoaded = code.loaded;
