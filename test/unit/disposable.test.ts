import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Disposable } from '../../src/host/util/Disposable';

/** A host-like class: registers what it is given, as a page or a store does. */
class Owner extends Disposable {
  add<T extends { dispose(): void }>(disposable: T): T {
    return this.register(disposable);
  }
  get closed(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable base of host classes', () => {
  it('disposes everything registered exactly once, newest first, however often it is disposed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 4 }), (count, times) => {
        const order: number[] = [];
        const owner = new Owner();
        for (let i = 0; i < count; i++) owner.add({ dispose: () => order.push(i) });
        assert.equal(owner.closed, false);
        for (let t = 0; t < times; t++) owner.dispose();
        assert.equal(owner.closed, true);
        assert.deepEqual(
          order,
          Array.from({ length: count }, (_, i) => count - 1 - i),
        );
      }),
    );
  });

  it('returns what it registers, and disposes at once what comes after disposal', () => {
    const owner = new Owner();
    const first = { dispose: () => undefined };
    assert.equal(owner.add(first), first);
    owner.dispose();
    let late = 0;
    owner.add({ dispose: () => late++ });
    assert.equal(late, 1);
    owner.dispose();
    assert.equal(late, 1);
  });

  it('disposes the others when one throws, then throws the first error', () => {
    const owner = new Owner();
    const disposed: string[] = [];
    owner.add({ dispose: () => disposed.push('a') });
    owner.add({
      dispose: () => {
        throw new Error('first');
      },
    });
    owner.add({
      dispose: () => {
        throw new Error('second');
      },
    });
    owner.add({ dispose: () => disposed.push('d') });
    assert.throws(() => owner.dispose(), /second/);
    assert.deepEqual(disposed, ['d', 'a']);
  });
});
