/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the
 * question bank converters; they still run only when questions are imported or exported.
 */
import * as converters from '../../core/banks/convertBank';
import type { BankConverters } from './bankConvertersLoader';

let used = false;

export function bankConvertersLoaded(): boolean {
  return used;
}

export function loadBankConverters(): BankConverters {
  used = true;
  return converters;
}
