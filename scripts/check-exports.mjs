// `npm run lint` runs this: an export of src/ is there for another file to import. It fails on
// - an export no other file imports (src/ or test/): drop the `export`;
// - an export only tests import that src/ does not use at all, not even in its own file: code
//   kept alive by its tests alone; remove it (or, for a hook tests need, name it in TEST_HOOKS).
// An export only tests import but that its own file uses is a piece of the product tested on its
// own (a scheduler step, a lint rule's measure), and passes.
// It reads imports from the syntax alone (TypeScript's parser, no type check), so it takes a
// second or two where a type-checked tool would take the better part of a minute here; src/
// writes plain relative imports, which is all it needs to follow.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Files whose exports are used from outside the TypeScript imports (bundles, VS Code, a require by path). */
const ENTRIES = [
  'src/extension.ts', // VS Code calls activate and deactivate
  'src/cli/main.ts', // the `quiz-modules` bundle
  'src/webview/main.ts', // the page scripts
  'src/webview/preview.ts',
  'src/core/markdown/renderExtras.ts', // required by path from dist/renderExtras.js
  'src/core/banks/convertBank.ts', // required by path from dist/bankConverters.js
  'src/host/later/later.ts', // required by path from dist/later.js
  'src/host/start/start.ts', // required by path from dist/start.js
];

/** Exports kept for tests only, each with its reason: `file#name`. */
const TEST_HOOKS = new Map([
  ['src/host/banks/bankConvertersLoader.ts#bankConvertersLoaded', 'tests see that activation did not load the converters'],
  ['src/host/later/laterLoader.ts#laterCodeLoaded', 'tests see that activation did not load the pages, commands and LRS code'],
  ['src/core/xapi/xapi.ts#attemptStatements', 'the statements of one whole attempt, which the tests and the LRS bench hold against what a store received'],
]);

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(src);
const testFiles = sourceFiles(join(root, 'test'));
const known = new Set([...files, ...testFiles]);
const parsed = new Map([...files, ...testFiles].map((file) => [file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)]));

/** The file a relative specifier names, or undefined (a package). A `.web.ts` twin stands for its file. */
function target(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (known.has(candidate)) return candidate;
  return undefined;
}

const exported = (node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** file -> names it exports, with the line each is declared on. */
function exportsOf(file) {
  const names = new Map();
  const line = (node) => parsed.get(file).getLineAndCharacterOfPosition(node.getStart()).line + 1;
  for (const statement of parsed.get(file).statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.set(element.name.text, line(element));
    } else if (exported(statement)) {
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) names.set(d.name.getText(), line(d));
      else if (statement.name) names.set(statement.name.text, line(statement));
    }
  }
  return names;
}

/** How many times `name` is written in `file` as an identifier, its declaration included. */
function mentions(file, name) {
  let count = 0;
  const visit = (node) => {
    if (ts.isIdentifier(node) && node.text === name) count++;
    ts.forEachChild(node, visit);
  };
  visit(parsed.get(file));
  return count;
}

/** file -> names other files use from it; '*' for all of them. */
const used = new Map(files.map((file) => [file, new Set()]));
const usedByTests = new Map(files.map((file) => [file, new Set()]));
for (const [file, source] of parsed) {
  const into = file.startsWith(src) ? used : usedByTests;
  const use = (to, name) => to && into.get(to)?.add(name);
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const to = target(file, node.moduleSpecifier.text);
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      if (ts.isExportDeclaration(node)) {
        if (!node.exportClause) use(to, '*');
        else if (ts.isNamedExports(node.exportClause)) for (const e of node.exportClause.elements) use(to, (e.propertyName ?? e.name).text);
      } else if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) use(to, '*');
      else if (clause?.namedBindings) for (const e of clause.namedBindings.elements) use(to, (e.propertyName ?? e.name).text);
      if (clause?.name) use(to, 'default');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      use(target(file, node.argument.literal.text), '*'); // typeof import('./x')
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
// A web twin is swapped in for its file by esbuild: what is used of one is used of the other.
for (const file of files.filter((f) => f.endsWith('.web.ts'))) {
  const twin = file.replace(/\.web\.ts$/, '.ts');
  for (const name of used.get(twin) ?? []) used.get(file).add(name);
  for (const name of usedByTests.get(twin) ?? []) usedByTests.get(file).add(name);
}

const problems = [];
for (const file of files) {
  const path = relative(root, file).split('\\').join('/');
  if (ENTRIES.includes(path)) continue;
  const names = used.get(file);
  if (names.has('*')) continue;
  const tests = usedByTests.get(file);
  for (const [name, line] of exportsOf(file)) {
    if (names.has(name) || TEST_HOOKS.has(`${path.replace(/\.web\.ts$/, '.ts')}#${name}`)) continue;
    let finding;
    if (!tests.has(name) && !tests.has('*')) finding = `"${name}" is exported but no other file imports it: drop the export`;
    else if (mentions(file, name) <= 1) finding = `"${name}" is used only by tests: remove it, or name it in TEST_HOOKS with the reason`;
    else continue;
    problems.push(`${path}:${line}: ${finding}`);
  }
}
for (const key of TEST_HOOKS.keys()) {
  const [path, name] = key.split('#');
  if (!exportsOf(join(root, path)).has(name)) problems.push(`${path}: TEST_HOOKS names "${name}", which it does not export`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} exports no other file of src/ needs (see scripts/check-exports.mjs).`);
  process.exit(1);
}
