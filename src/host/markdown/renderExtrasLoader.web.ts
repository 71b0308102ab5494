/**
 * The web worker extension host cannot require a file at run time, so its bundle holds the
 * highlighter and the math renderer; they still run only when a document needs them.
 */
import type { RenderExtras } from '../../core/markdown/markdownExtras';
import { renderExtras } from '../../core/markdown/renderExtras';

export function loadRenderExtras(): RenderExtras {
  return renderExtras;
}
