import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';

// Compiled to out/test/unit/, so the repository root is three folders up.
const root = path.join(__dirname, '..', '..', '..');
const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;

/** The first argument of every `vscode.l10n.t('…')` written in the host's sources. */
function literalCalls(): string[] {
  const found: string[] = [];
  const folder = path.join(root, 'src');
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(path.join(folder, file), 'utf8');
    for (const match of text.matchAll(/vscode\.l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) found.push(match[1]!.replace(/\\(.)/g, '$1'));
  }
  return found;
}

describe('the English l10n bundle (npm run l10n)', () => {
  it('holds every string the host passes to vscode.l10n.t', () => {
    const calls = literalCalls();
    assert.ok(calls.length > 20, `found ${calls.length} calls`);
    const missing = calls.filter((s) => bundle[s] !== s);
    assert.deepEqual(missing, [], 'run `npm run l10n` to refresh l10n/bundle.l10n.json');
  });

  it('holds every string of the module webview', () => {
    const missing = Object.values(WEBVIEW_STRINGS).filter((s) => bundle[s] !== s);
    assert.deepEqual(missing, []);
  });
});
