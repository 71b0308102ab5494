import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundledCode, codeBeside } from '../../src/host/util/codeOnDemand';

/** Where the compiled helper sits (out/src/host/util): the folder its paths start from. */
const helperFolder = path.join(__dirname, '..', '..', 'src', 'host', 'util');

describe('code loaded on demand', () => {
  it('requires the compiled module when there is no bundle file beside it, on the first load only', () => {
    const part = codeBeside<typeof import('../../src/host/util/nodeFileSystem')>('no-such-part.js', './nodeFileSystem.js');
    assert.equal(part.loaded(), false, 'nothing is required before the first load');
    const code = part.load();
    assert.equal(typeof code.nodeFileSystem, 'function');
    assert.equal(part.loaded(), true);
    assert.equal(part.load(), code, 'the same exports each time');
  });

  it('prefers the bundle file beside it, and passes on an error of the part itself instead of falling back', () => {
    const good = path.join(helperFolder, 'qm-test-part-good.js');
    const bad = path.join(helperFolder, 'qm-test-part-bad.js');
    writeFileSync(good, 'exports.which = "bundle";\n');
    writeFileSync(bad, 'require("./qm-test-part-missing-dependency.js");\n');
    try {
      assert.equal(codeBeside<{ which: string }>('qm-test-part-good.js', './nodeFileSystem.js').load().which, 'bundle');
      const broken = codeBeside<unknown>('qm-test-part-bad.js', './nodeFileSystem.js');
      assert.throws(() => broken.load(), /qm-test-part-missing-dependency/);
      assert.equal(broken.loaded(), false);
    } finally {
      rmSync(good, { force: true });
      rmSync(bad, { force: true });
    }
  });

  it('counts the web worker\'s bundled part as loaded once asked for', () => {
    const exports = { answer: 42 };
    const part = bundledCode(exports);
    assert.equal(part.loaded(), false);
    assert.equal(part.load(), exports);
    assert.equal(part.loaded(), true);
  });
});
