// Writes l10n/bundle.l10n.json, the English strings that translators start from: every literal
// `vscode.l10n.t(...)` call in src/ (found by @vscode/l10n-dev) plus the module webview's strings,
// which the host passes through `vscode.l10n.t` from one table (src/protocol/webviewStrings.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '--outDir', 'l10n', 'src'], {
  cwd: root,
  stdio: 'inherit',
});
const exported = JSON.parse(readFileSync(bundlePath, 'utf8'));
const { WEBVIEW_STRINGS } = await import(pathToFileURL(join(root, 'out', 'src', 'protocol', 'webviewStrings.js')).href);
const bundle = { ...exported };
for (const english of Object.values(WEBVIEW_STRINGS)) bundle[english] = english;
const sorted = Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(bundlePath, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`l10n/bundle.l10n.json: ${Object.keys(sorted).length} strings`);
