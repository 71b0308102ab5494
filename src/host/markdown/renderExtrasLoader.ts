/**
 * Where the extension host gets the highlighter and the math renderer. They are a separate file
 * next to the extension bundle (dist/renderExtras.js), required the first time a document has a
 * fenced code block with a language or a formula, so activation and modules without either never
 * load them. The web worker host bundles them instead (renderExtrasLoader.web.ts).
 */
import type { RenderExtras } from '../../core/markdown/markdownExtras';

let loaded: RenderExtras | undefined;

export function loadRenderExtras(): RenderExtras {
  if (!loaded) {
    // A path the bundler leaves alone: the bundle requires dist/renderExtras.js at run time; the
    // compiled sources (out/) find the module two folders up, in core/markdown/.
    const load = require as (id: string) => { renderExtras: RenderExtras };
    let module: { renderExtras: RenderExtras };
    try {
      module = load(`${__dirname}/renderExtras.js`);
    } catch {
      module = load(`${__dirname}/../../core/markdown/renderExtras.js`);
    }
    loaded = module.renderExtras;
  }
  return loaded;
}
