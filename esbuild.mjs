// Builds the two bundles the extension ships: the extension host code (Node, CommonJS,
// `vscode` left external) and the webview script (browser, one IIFE). Codicons are copied next
// to the webview script so the webview can load them from a single local resource root.
import * as esbuild from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: 'linked',
  logLevel: 'info',
};

// A clean folder, so no stale source map or old file ends up in the package.
if (!watch) await rm('dist', { recursive: true, force: true });

/** Swaps the Node host's run-time loader of the render extras for the web one. */
const webRenderExtras = {
  name: 'web-render-extras',
  setup(build) {
    build.onResolve({ filter: /\/renderExtrasLoader$/ }, (args) => ({ path: join(args.resolveDir, 'renderExtrasLoader.web.ts') }));
  },
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    // jsonc-parser's default (UMD) build loads its parts with require calls a bundler cannot
    // follow; its ES module build bundles cleanly.
    mainFields: ['module', 'main'],
    // Lets the bundle be analysed for size (`node esbuild.mjs --production` then inspect dist/meta-*.json).
    metafile: true,
  }),
  // `quiz-modules validate`, the command-line validator for authors' CI (Node, no VS Code).
  esbuild.context({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
  }),
  // The highlighter and math renderer, required by dist/extension.js only when a document has a
  // code fence with a language or a formula (src/host/renderExtrasLoader.ts).
  esbuild.context({
    ...common,
    entryPoints: ['src/core/renderExtras.ts'],
    outfile: 'dist/renderExtras.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    mainFields: ['module', 'main'],
    metafile: true,
  }),
  // The same extension for VS Code for the Web (vscode.dev, github.dev, a web worker extension
  // host): no Node built-ins, so it bundles for the browser.
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    metafile: true,
    // No run-time require in a web worker: the web bundle holds the highlighter and math renderer.
    plugins: [webRenderExtras],
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
  // The author's module preview (see src/host/ModulePreview.ts), from the same renderers.
  esbuild.context({
    ...common,
    entryPoints: ['src/webview/preview.ts'],
    outfile: 'dist/webview/preview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
]);

async function copyCodicons() {
  await mkdir('dist/webview/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    await cp(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/codicons/${file}`);
  }
}

if (watch) {
  await copyCodicons();
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await copyCodicons();
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.js')) console.log(`${file}: ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
