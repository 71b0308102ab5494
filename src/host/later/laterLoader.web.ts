/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the later
 * code; its services are still made only on first use (LaterServicesOnDemand).
 */
import { bundledCode } from '../util/codeOnDemand';
import * as later from './later';

const code = bundledCode(later);

export const loadLaterCode = code.load;
export const laterCodeLoaded = code.loaded;
