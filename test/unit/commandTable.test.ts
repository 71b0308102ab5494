import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../src/host/commands/commandIds';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
    walkthroughs?: { steps: { completionEvents?: string[] }[] }[];
  };
}

// The compiled test runs from out/test/unit; package.json is at the root either way.
const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

describe('the command table and the manifest', () => {
  it('has one entry for each command in contributes.commands, and no other', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
    assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'no id twice');
  });

  it('is the only source of the commands the menus, walkthrough and activation events name', () => {
    const known = new Set<string>(COMMAND_IDS);
    const named = [
      ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((item) => item.command)),
      ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((step) => step.completionEvents ?? [])).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)),
      // Since VS Code 1.74 a contributed command activates the extension by itself; an
      // `onCommand:` event here would only be a stale copy, so any there must name a command.
      ...(manifest.activationEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)),
    ];
    assert.ok(named.length > 0);
    for (const command of named) assert.ok(known.has(command), `${command} is in the command table`);
  });
});
