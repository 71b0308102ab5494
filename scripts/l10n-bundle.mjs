// Writes l10n/bundle.l10n.json, the English strings translators start from: the first argument
// of every `vscode.l10n.t('…')` in src/ and of every `t('…')` of core code (which is handed
// `vscode.l10n.t`, see src/core/util/translate.ts), plus the module webview's strings, which the host
// passes through `vscode.l10n.t` from one table (src/protocol/webviewStrings.ts, read from its
// build in out/). The webview's own code is not scanned: its `t('key')` takes keys of that
// table. Run with `npm run l10n`; a unit test fails when the bundle misses a string.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CALL = /\bt\(\s*/g;
const LITERAL = /^'((?:[^'\\\n]|\\.)*)'/;

/**
 * Every `vscode.l10n.t`, `this.t` or `t` call in the TypeScript files under `folder` (but its
 * webview/ folder): the literal strings, and where a call's first argument is not a
 * single-quoted literal (`file:offset`).
 */
export function collectL10nStrings(folder) {
  const strings = new Set();
  const notLiteral = [];
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('.ts') || file.startsWith(`webview${sep}`)) continue;
    const text = readFileSync(join(folder, file), 'utf8');
    for (const call of text.matchAll(CALL)) {
      const literal = LITERAL.exec(text.slice(call.index + call[0].length));
      if (literal) strings.add(literal[1].replace(/\\(.)/g, '$1'));
      else notLiteral.push(`${file}:${call.index}`);
    }
  }
  return { strings: [...strings], notLiteral };
}

async function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { strings } = collectL10nStrings(join(root, 'src'));
  const { WEBVIEW_STRINGS } = await import(pathToFileURL(join(root, 'out', 'src', 'protocol', 'webviewStrings.js')).href);
  const all = [...new Set([...strings, ...Object.values(WEBVIEW_STRINGS)])].sort((a, b) => a.localeCompare(b));
  const bundle = Object.fromEntries(all.map((s) => [s, s]));
  writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(`l10n/bundle.l10n.json: ${all.length} strings`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
