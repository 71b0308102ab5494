/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the start
 * code; it is still made after activate() returns, as in the Node host.
 */
import * as start from './start';

type StartCode = typeof start;

let used = false;

/** Whether the start code was asked for in this extension host, for tests. */
export function startCodeLoaded(): boolean {
  return used;
}

export function loadStartCode(): StartCode {
  used = true;
  return start;
}
