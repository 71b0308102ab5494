/**
 * Where the extension host gets the highlighter and the math renderer: dist/renderExtras.js,
 * required the first time a document has a fenced code block with a language or a formula, so
 * activation and modules without either never load them. The web worker host bundles them
 * instead (renderExtrasLoader.web.ts).
 */
import type { RenderExtras } from '../../core/markdown/markdownExtras';
import type * as Extras from '../../core/markdown/renderExtras';
import { codeBeside } from '../util/codeOnDemand';

const extras = codeBeside<typeof Extras>('renderExtras.js', '../../core/markdown/renderExtras.js');

export function loadRenderExtras(): RenderExtras {
  return extras.load().renderExtras;
}
