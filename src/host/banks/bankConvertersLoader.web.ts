/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the
 * question bank converters; they still run only when questions are imported or exported.
 */
import * as converters from '../../core/banks/convertBank';
import { bundledCode } from '../util/codeOnDemand';

const code = bundledCode(converters);

export const loadBankConverters = code.load;
export const bankConvertersLoaded = code.loaded;
