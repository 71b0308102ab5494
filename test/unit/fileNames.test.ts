import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The compiled test runs from out/test/unit; the sources are read where they are.
const root = join(__dirname, '..', '..', '..');
const src = join(root, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The names of the classes a file exports. Every such declaration starts a line (the code is
 * formatted so), which a pattern reads as well as a parser, and much faster.
 */
function exportedClasses(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/^export (?:default )?(?:abstract )?class (\w+)/gm)].map((match) => match[1] ?? '');
}

/** What src/README.md says under "File names", for a file `name` (no extension) exporting `classes`. */
function namingProblem(name: string, classes: readonly string[]): string | undefined {
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) return `"${name}" is neither PascalCase nor camelCase`;
  const pascal = /^[A-Z]/.test(name);
  const sameNamed = classes.find((c) => c.toLowerCase() === name.toLowerCase());
  if (pascal && !classes.includes(name)) return `is PascalCase but exports no class ${name} (a file of functions is camelCase)`;
  if (!pascal && sameNamed) return `holds the class ${sameNamed}, so is named like it, in PascalCase`;
  return undefined;
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/(\.web)?\.ts$/, '');
}

describe('file names in src/ (src/README.md, "File names")', () => {
  it('names a file after the class it holds in PascalCase, and every other file in camelCase', () => {
    const files = sourceFiles(src);
    assert.ok(files.length > 50, `${files.length} files found`);
    const problems = files.flatMap((path) => {
      const problem = namingProblem(baseName(path), exportedClasses(path));
      return problem ? [`${relative(root, path)}: ${problem}`] : [];
    });
    assert.deepEqual(problems, []);
  });

  it('tells the cases apart', () => {
    assert.equal(namingProblem('ModuleRepository', ['ModuleRepository']), undefined);
    assert.equal(namingProblem('grading', []), undefined);
    assert.equal(namingProblem('textLocation', ['LineIndex']), undefined);
    assert.equal(namingProblem('ModulePreview', ['ModulePreview', 'ModulePreviewManager']), undefined);
    assert.match(namingProblem('writeQueue', ['WriteQueue']) ?? '', /PascalCase/);
    assert.match(namingProblem('ScoresTransfer', []) ?? '', /camelCase/);
    assert.match(namingProblem('Clock', ['clock']) ?? '', /no class Clock/);
    assert.match(namingProblem('score_rows', []) ?? '', /neither/);
    assert.equal(baseName('src/host/markdown/renderExtrasLoader.web.ts'), 'renderExtrasLoader');
    assert.deepEqual(exportedClasses(join(src, 'host', 'util', 'Disposable.ts')), ['Disposable']);
  });
});
