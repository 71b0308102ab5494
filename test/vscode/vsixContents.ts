/**
 * What the packaged .vsix holds, read from the zip's central directory, and the rule that it holds
 * only what a user's VS Code runs or shows: no sources, tests, source maps or build leftovers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './codeServer';
import { vsixPath } from './workbench';

/** The names of the files in a zip archive (its central directory; no extraction). */
export function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (comment at most 64 KiB).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: damaged central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const NOT_FOR_USERS = [/^extension\/(src|test|out|scripts|docs|sample-workspace|node_modules|\.vscode-test|test-results)\//, /\.(ts|map)$/, /\.meta\.json$/, /^extension\/dist\/cli\.js/];
const NEEDED = [
  'extension/package.json',
  'extension/dist/extension.js',
  // What dist/extension.js requires right after activation (the start) and on first use: the
  // pages, commands and LRS (esbuild.mjs NODE_PARTS) and the packages of ON_DEMAND_PACKAGES.
  ...['start', 'later', 'marked', 'jsonc', 'fsrs', 'slugger'].map((name) => `extension/dist/${name}.js`),
  'extension/dist/web/extension.js',
  'extension/media/icon.png',
  'extension/readme.md',
];

/** Problems with a .vsix's contents: files no user needs, or files the extension cannot do without. */
export function vsixProblems(file: string): string[] {
  const names = zipEntries(file);
  return [
    ...names.filter((name) => NOT_FOR_USERS.some((rule) => rule.test(name))).map((name) => `${name} is not needed by users`),
    ...NEEDED.filter((name) => !names.includes(name)).map((name) => `${name} is missing`),
  ];
}

/** `npm run package`, then fails unless the .vsix holds what users need and nothing else. */
export function packageVsix(): void {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const problems = vsixProblems(vsixPath());
  if (problems.length > 0) throw new Error(`${path.basename(vsixPath())}:\n  ${problems.join('\n  ')}\n(see .vscodeignore)`);
}
