/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the later
 * code; its services are still made only on first use (LaterServicesOnDemand).
 */
import * as later from './later';

type LaterCode = typeof later;

let used = false;

/** Whether the later code was asked for in this extension host, for tests. */
export function laterCodeLoaded(): boolean {
  return used;
}

export function loadLaterCode(): LaterCode {
  used = true;
  return later;
}
