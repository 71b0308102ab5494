/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the
 * highlighter and the math renderer; they still run only when a document needs them.
 */
import type { RenderExtras } from '../../core/markdown/markdownExtras';
import { renderExtras } from '../../core/markdown/renderExtras';

let used = false;

export function renderExtrasLoaded(): boolean {
  return used;
}

export function loadRenderExtras(): RenderExtras {
  used = true;
  return renderExtras;
}
