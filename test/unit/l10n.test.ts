import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';

// Compiled to out/test/unit/, so the repository root is three folders up.
const root = path.join(__dirname, '..', '..', '..');
const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;

interface Collected {
  strings: string[];
  notLiteral: string[];
}

async function collect(): Promise<Collected> {
  const script = (await import(pathToFileURL(path.join(root, 'scripts', 'l10n-bundle.mjs')).href)) as {
    collectL10nStrings(folder: string): Collected;
  };
  return script.collectL10nStrings(path.join(root, 'src'));
}

describe('the English l10n bundle (npm run l10n)', () => {
  it('holds every string the host passes to vscode.l10n.t', async () => {
    const { strings } = await collect();
    assert.ok(strings.length > 20, `found ${strings.length} strings`);
    const missing = strings.filter((s) => bundle[s] !== s);
    assert.deepEqual(missing, [], 'run `npm run l10n` to refresh l10n/bundle.l10n.json');
  });

  it('finds every call: only the webview table passes a string that is not written in the call', async () => {
    const { notLiteral } = await collect();
    assert.deepEqual(
      notLiteral.map((place) => place.split(':')[0]),
      [path.join('host', 'webview', 'localizedStrings.ts')],
    );
  });

  it('holds every string of the module webview', () => {
    const missing = Object.values(WEBVIEW_STRINGS).filter((s) => bundle[s] !== s);
    assert.deepEqual(missing, []);
  });
});
