// Builds the bundles the package ships: the extension for the Node extension host
// (dist/extension.js, the registrations activation makes, dist/start.js, the start it requires
// right after activation, and dist/later.js, the pages, commands and LRS required on first use) and for the web worker one (dist/web/extension.js), the highlighter and math
// renderer and the question bank converters the Node host loads on demand (dist/renderExtras.js,
// dist/bankConverters.js; the web one holds both), the `quiz-modules` command line
// (dist/cli.js), and the three page scripts (dist/webview/webview.js for the module page and the
// review, dist/webview/preview.js for the author's preview, dist/webview/scores.js for the scores
// page). The codicons the pages use are written
// next to the page scripts, so a page loads them from a single local resource root.
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { watch as watchFolder } from 'node:fs';
import { join, relative, sep } from 'node:path';
import subsetFont from 'subset-font';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: 'linked',
  // Non-ASCII characters (for instance in the heading slugger's Unicode tables) as UTF-8 rather
  // than \uXXXX escapes: the same code in fewer bytes.
  charset: 'utf8',
  logLevel: 'info',
};

/**
 * The page scripts, which a page carries inline (src/host/webview/webviewHtml.ts): ASCII only, so
 * the page's HTML stays a one-byte string wherever it is copied on its way into the webview
 * (one character beyond Latin-1 makes V8 store every character of it in two bytes).
 */
const pageScript = { ...common, charset: 'ascii' };

// A clean folder, so no stale source map or old file ends up in the package.
if (!watch) await rm('dist', { recursive: true, force: true });

/**
 * Swaps the Node host's run-time loaders (render extras, bank converters, the code loaded later)
 * for the web ones, which stand beside them: `../markdown/renderExtrasLoader` becomes
 * `../markdown/renderExtrasLoader.web.ts`.
 */
const webRenderExtras = {
  name: 'web-render-extras',
  setup(build) {
    build.onResolve({ filter: /\/(renderExtrasLoader|bankConvertersLoader|laterLoader|startLoader)$/ }, (args) => ({ path: join(args.resolveDir, `${args.path}.web.ts`) }));
  },
};

/**
 * Packages the Node extension host loads from their own file at their first use, not with
 * dist/extension.js: code loading is most of the extension's activation, and the host compiles
 * every byte of the bundle it requires. `marked` is required only inside a function already
 * (src/core/markdown/lazyMarked.ts), so it becomes a plain run-time require of dist/marked.js.
 * The others become a small module in the bundle: its functions, and its class's constructor,
 * require the package's file on their first call (`jsonc-parser` only locates a problem in a
 * module file; `ts-fsrs` runs on a rating; `github-slugger` on a rendered heading). Enum objects
 * (`ts-fsrs`'s `State` and `Rating`, read as the schedule loads) are copied from the package as it
 * builds, so they cannot drift. An import of a name not listed fails the build.
 */
const ON_DEMAND_PACKAGES = {
  marked: { file: 'marked.js' },
  'jsonc-parser': { file: 'jsonc.js', functions: ['findNodeAtLocation', 'parseTree', 'printParseErrorCode'] },
  'ts-fsrs': { file: 'fsrs.js', functions: ['fsrs', 'createEmptyCard'], constants: ['Rating', 'State'] },
  'github-slugger': { file: 'slugger.js', defaultClass: true },
};

/** The names each on-demand file exports (its entry point). */
function onDemandExports({ functions = [], constants = [], defaultClass }) {
  return [...functions, ...constants, ...(defaultClass ? ['default'] : [])];
}

/** The stand-in the extension bundle holds for a package of ON_DEMAND_PACKAGES. */
async function onDemandStandIn(name) {
  const { file, functions = [], constants = [], defaultClass } = ON_DEMAND_PACKAGES[name];
  const real = constants.length > 0 ? await import(name) : {};
  return [
    'let loaded;',
    `const load = () => (loaded ??= require('./${file}'));`,
    ...functions.map((f) => `export function ${f}(...args) { return load().${f}(...args); }`),
    ...constants.map((c) => `export const ${c} = Object.freeze(${JSON.stringify(real[c])});`),
    // A constructor that returns an object makes `new` give that object: the package's own instance.
    ...(defaultClass ? ['export default class { constructor(...args) { return new (load().default)(...args); } }'] : []),
  ].join('\n');
}

const nodeOnDemandPackages = {
  name: 'node-on-demand-packages',
  setup(build) {
    const names = Object.keys(ON_DEMAND_PACKAGES).map((n) => n.replace(/[.-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      const entry = ON_DEMAND_PACKAGES[args.path];
      // Required where it is used; Node resolves the path from dist/extension.js.
      if (onDemandExports(entry).length === 0) return { path: `./${entry.file}`, external: true };
      return { path: args.path, namespace: 'on-demand' };
    });
    build.onResolve({ filter: /^\.\/[a-z]+\.js$/, namespace: 'on-demand' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'on-demand' }, async (args) => ({ contents: await onDemandStandIn(args.path), loader: 'js', resolveDir: '.' }));
  },
};

/**
 * `import * as vscode from 'vscode'` in the Node extension bundle, without a copy of the API per
 * file: esbuild turns each such import of an external module into its own namespace object, a
 * getter for each of the API's hundreds of names, in each of the 30 files that import it, all as
 * the bundle loads. Here the import leads to one module that reads from the API just the names the
 * sources use (`vscode.Uri`, `vscode.l10n`, found as the codicons are), once, and the files refer
 * to those. A name not found would be undefined, so the build fails on esbuild's warning for it.
 */
const vscodeApiOnce = {
  name: 'vscode-api-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, async () => {
      const names = new Set();
      const files = (await sourceFiles('src')).filter((file) => file.endsWith('.ts'));
      for (const file of files) {
        for (const match of (await readFile(file, 'utf8')).matchAll(/\bvscode\.([A-Za-z_$][\w$]*)/g)) names.add(match[1]);
      }
      const reads = [...names].sort().map((name) => `export const ${name} = api.${name};`);
      // watchFiles: in watch mode a name used for the first time is read after the next save.
      return { contents: `const api = require('vscode');\n${reads.join('\n')}\n`, loader: 'js', resolveDir: '.', watchFiles: files };
    });
    build.onEnd((result) => {
      const undefinedName = result.warnings.find((w) => /will always be undefined/.test(w.text));
      if (undefinedName) throw new Error(`A vscode API name the sources use was not found: ${undefinedName.text}`);
    });
  },
};

/** A bundle the Node extension host requires by path only when it is needed (see the loaders). */
function nodeOnDemand(entry, outfile) {
  return { ...common, entryPoints: [entry], outfile, platform: 'node', format: 'cjs', target: 'node18', mainFields: ['module', 'main'], metafile: true };
}

/**
 * The Node host's own code in parts, each a file of dist/: the first is what activation runs
 * (`main` in package.json: the registrations of the sidebar's provider, the command table and
 * the serializers); the next holds the start (the repository, the stores, the due count and
 * status bar, the sidebar data), required right after activate() returns
 * (src/host/start/startLoader.ts); the last is required by a loader in the start
 * (src/host/later/laterLoader.ts) when a page, a command or the LRS is first used, so activation
 * compiles neither. A source file is built into one part only: a later part takes a module an
 * earlier part holds from that part, through the `__parts` object the earlier part exports (those
 * modules by path), never from a copy of its own, so a module's state (the page assets read at
 * the start, a cache, a class's static) stays one.
 */
const NODE_PARTS = [
  { entry: 'src/extension.ts', file: 'extension.js' },
  { entry: 'src/host/start/start.ts', file: 'start.js' },
  { entry: 'src/host/later/later.ts', file: 'later.js' },
];
const PARTS_EXPORT = '__parts';

/** A module as a metafile's inputs name it: a file by its path, anything else by namespace and path. */
function inputKey(namespace, path) {
  return namespace === 'file' ? relative(process.cwd(), path).split(sep).join('/') : `${namespace}:${path}`;
}

/** What an entry imports to reach the module of an input key (the reverse of inputKey). */
function importPathOf(key) {
  const colon = key.indexOf(':');
  return colon > 0 && !key.startsWith('src/') && !key.startsWith('node_modules/') ? key.slice(colon + 1) : `./${key}`;
}

/**
 * Leads an import of a module an earlier part holds (`owners`: input key to the part's file) to
 * that part's `__parts` export of it, and notes in `taken` which modules each part must export.
 * With the module's export names known (`names`), the stand-in is an ES module that binds each
 * name once as the later part loads: an import of a CommonJS stand-in would copy every export
 * into a fresh object in each file that imports it (esbuild's __toESM), the cost the
 * vscodeApiOnce plugin removed. Our modules export no `let`, so a name never changes after.
 */
function fromEarlierParts(owners, taken, names) {
  return {
    name: 'from-earlier-parts',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.asIs || (args.namespace !== 'file' && args.namespace !== '')) return undefined;
        const { importer, namespace, resolveDir, kind } = args;
        const found = await build.resolve(args.path, { importer, namespace, resolveDir, kind, pluginData: { asIs: true } });
        if (found.errors.length > 0 || found.external) return undefined;
        const key = inputKey(found.namespace, found.path);
        const owner = owners.get(key);
        if (owner === undefined) return { path: found.path, namespace: found.namespace, pluginData: found.pluginData, sideEffects: found.sideEffects };
        if (!taken.has(owner)) taken.set(owner, new Set());
        taken.get(owner).add(key);
        return { path: key, namespace: 'earlier-part', pluginData: { owner } };
      });
      build.onLoad({ filter: /.*/, namespace: 'earlier-part' }, (args) => {
        // Node's module cache gives the part that is already loaded (an earlier part always is).
        const module = `require(${JSON.stringify(`./${args.pluginData.owner}`)}).${PARTS_EXPORT}[${JSON.stringify(args.path)}]`;
        const known = names.get(args.path);
        if (!known) return { contents: `module.exports = ${module};`, loader: 'js' };
        const plain = known.filter((name) => name !== 'default');
        return {
          contents: [`const part = ${module};`, `export const { ${plain.join(', ')} } = part;`, ...(known.includes('default') ? ['export default part.default;'] : [])].join('\n'),
          loader: 'js',
        };
      });
      build.onResolve({ filter: /.*/, namespace: 'earlier-part' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Our modules (and packages) a part's metafile holds, by input key. */
function partInputs(metafile) {
  return Object.keys(metafile.inputs).filter((key) => !key.startsWith('earlier-part:') && !key.endsWith('.entry.js'));
}

/**
 * Builds NODE_PARTS twice: the first time to learn which modules each part holds and which of
 * them later parts import, the second with each part exporting those. Fails when a module would
 * be in two parts or a later part imports a module its part does not export.
 */
async function buildNodeParts() {
  let exported = new Map();
  let names = new Map();
  let results;
  for (const pass of ['learn', 'write']) {
    const owners = new Map();
    const taken = new Map();
    results = [];
    for (const part of NODE_PARTS) {
      const shared = [...(exported.get(part.file) ?? [])].sort();
      const entry =
        shared.length === 0
          ? { entryPoints: [part.entry] }
          : {
              stdin: {
                contents: [
                  `export * from ${JSON.stringify(`./${part.entry}`)};`,
                  ...shared.map((key, i) => `import * as m${i} from ${JSON.stringify(importPathOf(key))};`),
                  `export const ${PARTS_EXPORT} = { ${shared.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} };`,
                ].join('\n'),
                resolveDir: '.',
                sourcefile: `${part.file}.entry.js`,
                loader: 'js',
              },
            };
      const result = await esbuild.build({
        ...common,
        ...entry,
        outfile: `dist/${part.file}`,
        // It uses no Node built-in (nonces come from Web Crypto), so it bundles for the browser
        // platform like the web build below; it differs in loading parts from their own files.
        platform: 'browser',
        format: 'cjs',
        target: ['es2022', 'node18'],
        external: ['vscode'],
        // jsonc-parser's default (UMD) build loads its parts with require calls a bundler cannot
        // follow; its ES module build bundles cleanly.
        mainFields: ['browser', 'module', 'main'],
        // Lets the bundle be analysed for size (`npm run bench` prints what each dependency costs).
        metafile: true,
        write: pass === 'write',
        logLevel: pass === 'write' ? 'info' : 'warning',
        plugins: [fromEarlierParts(owners, taken, names), nodeOnDemandPackages, vscodeApiOnce],
      });
      for (const key of partInputs(result.metafile)) {
        if (owners.has(key)) throw new Error(`${key} is built into both dist/${owners.get(key)} and dist/${part.file}`);
        owners.set(key, part.file);
      }
      results.push(result);
    }
    if (pass === 'write') {
      for (const [file, keys] of taken) {
        const missing = [...keys].filter((key) => !exported.get(file)?.has(key));
        if (missing.length > 0) throw new Error(`dist/${file} does not export ${missing.join(', ')}, which a later part imports`);
      }
    }
    exported = taken;
    if (pass === 'learn') names = await exportNames([...taken.values()].flatMap((keys) => [...keys]));
  }
  return results;
}

/** The names each module (by input key) exports, from esbuild's metafile of a build of each alone. */
async function exportNames(keys) {
  const entries = keys.map((key) => ({ key, path: importPathOf(key) }));
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(entries.map(({ path }, i) => [`m${i}`, path])),
    bundle: true,
    write: false,
    outdir: 'dist/names',
    format: 'esm',
    platform: 'browser',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    metafile: true,
    logLevel: 'warning',
    plugins: [nodeOnDemandPackages, vscodeApiOnce],
  });
  const names = new Map();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const i = /\/m(\d+)\.js$/.exec(file)?.[1];
    if (i !== undefined) names.set(entries[Number(i)].key, output.exports);
  }
  return names;
}

const contexts = await Promise.all([
  // The packages above, each on its own for the Node host to require at its first use.
  ...Object.entries(ON_DEMAND_PACKAGES).map(([name, entry]) => {
    const names = onDemandExports(entry);
    return esbuild.context({
      ...nodeOnDemand(undefined, `dist/${entry.file}`),
      entryPoints: undefined,
      stdin: { contents: `export ${names.length > 0 ? `{ ${names.join(', ')} }` : '*'} from '${name}';`, resolveDir: '.', sourcefile: `${entry.file}.entry.js` },
    });
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
  // code fence with a language or a formula (src/host/markdown/renderExtrasLoader.ts).
  esbuild.context(nodeOnDemand('src/core/markdown/renderExtras.ts', 'dist/renderExtras.js')),
  // The question bank converters, required by dist/extension.js only when questions are imported
  // or exported (src/host/banks/bankConvertersLoader.ts).
  esbuild.context(nodeOnDemand('src/core/banks/convertBank.ts', 'dist/bankConverters.js')),
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
    ...pageScript,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
  // The author's module preview (see src/host/preview/ModulePreview.ts), from the same renderers.
  esbuild.context({
    ...pageScript,
    entryPoints: ['src/webview/preview.ts'],
    outfile: 'dist/webview/preview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
  // The scores page (see src/host/scores/ScoresPanel.ts): its links and its modules' details.
  esbuild.context({
    ...pageScript,
    entryPoints: ['src/webview/scores.ts'],
    outfile: 'dist/webview/scores.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  }),
]);

/** Every `.ts` and `.css` file under `dir`. */
async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|css)$/.test(e.name)).map((e) => join(e.parentPath ?? e.path, e.name));
}

/**
 * Writes only the codicons the extension names: a small stylesheet and a font subset holding
 * just those glyphs (the full set is 120 KiB of font and 33 KiB of CSS for about 20 icons). An
 * icon counts as named when a source file mentions `codicon-<name>` or has `'<name>'` (or
 * `"<name>"`, `` `<name>` ``) as a whole string literal, as `icon('book')` and `{ icon: 'play' }`
 * do; naming a few too many costs a glyph each, naming one too few would lose an icon.
 */
async function writeCodicons() {
  const css = await readFile('node_modules/@vscode/codicons/dist/codicon.css', 'utf8');
  const glyphs = new Map();
  for (const match of css.matchAll(/\.codicon-([a-z0-9-]+):before \{ content: "\\([0-9a-f]+)" \}/g)) glyphs.set(match[1], match[2]);
  const used = new Set();
  for (const file of [...(await sourceFiles('src')), ...(await sourceFiles('media'))]) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/codicon-([a-z0-9-]+)|(['"`])([a-z0-9-]+)\2/g)) {
      const name = match[1] ?? match[3];
      if (glyphs.has(name)) used.add(name);
    }
  }
  const names = [...used].sort();
  const font = await subsetFont(await readFile('node_modules/@vscode/codicons/dist/codicon.ttf'), names.map((n) => String.fromCodePoint(parseInt(glyphs.get(n), 16))).join(''), {
    targetFormat: 'woff2',
  });
  const licence = css.slice(0, css.indexOf('*/') + 2);
  const base = css.match(/\.codicon\[class\*='codicon-'\] \{[^}]*\}/)?.[0];
  if (!base) throw new Error('codicon.css changed shape: no base rule found');
  const rules = names.map((n) => `.codicon-${n}:before { content: "\\${glyphs.get(n)}" }`).join('\n');
  await mkdir('dist/webview/codicons', { recursive: true });
  await writeFile('dist/webview/codicons/codicon.woff2', font);
  await writeFile(
    'dist/webview/codicons/codicon.css',
    `${licence}\n/* The ${names.length} codicons Quiz Modules uses, from @vscode/codicons (esbuild.mjs). */\n@font-face {\n\tfont-family: "codicon";\n\tfont-display: block;\n\tsrc: url("./codicon.woff2") format("woff2");\n}\n${base}\n${rules}\n`,
  );
  return names;
}

if (watch) {
  await writeCodicons();
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  // The Node host's parts are built in two passes (buildNodeParts): again, whole, after a change.
  await buildNodeParts();
  let pending;
  watchFolder('src', { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => buildNodeParts().catch((error) => console.error(error.message)), 100);
  });
} else {
  const results = [...(await buildNodeParts()), ...(await Promise.all(contexts.map((ctx) => ctx.rebuild())))];
  const icons = await writeCodicons();
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.js')) console.log(`${file}: ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
    // Kept for the size breakdown `npm run bench` prints; .vscodeignore leaves it out of the package.
    const [output] = Object.keys(result.metafile?.outputs ?? {}).filter((f) => f.endsWith('.js'));
    if (output) await writeFile(output.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
  }
  console.log(`dist/webview/codicons: ${icons.length} codicons (${icons.join(', ')})`);
}
