import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipText, isGzip, textOfMaybeGzip } from '../../src/host/stores/gzip';

describe('gzip of saved files (CompressionStream)', () => {
  it('gives back any text it packed, and reads a plain file as it is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 2000 }), async (text) => {
        const packed = await gzipText(text);
        assert.ok(isGzip(packed));
        assert.equal(await textOfMaybeGzip(new Uint8Array(packed), 1_000_000), text);
        const plain = new TextEncoder().encode(text);
        if (!isGzip(plain)) assert.equal(await textOfMaybeGzip(plain, 1_000_000), text);
      }),
      { numRuns: 200 },
    );
  });

  it('packs a schedule-like text to a fraction of its size', async () => {
    const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => [`question-${i % 100}`, i % 7, 1767225600000 + i * 86_400_000, 3.2, 5.1, 0, 1, 1, 0, 2, null]));
    const packed = await gzipText(text);
    assert.ok(packed.byteLength * 4 < text.length, `${packed.byteLength} bytes from ${text.length}`);
  });

  it('refuses a small file that unpacks past the limit (a gzip bomb), and a damaged one', async () => {
    const bomb = await gzipText('0'.repeat(5_000_000));
    assert.ok(bomb.byteLength < 20_000);
    await assert.rejects(textOfMaybeGzip(new Uint8Array(bomb), 1_000_000), /more than the 1000000 bytes allowed/);
    const damaged = new Uint8Array(bomb.slice(0, 40));
    damaged[20] = damaged[20]! ^ 0xff;
    await assert.rejects(textOfMaybeGzip(damaged, 1_000_000));
  });
});
