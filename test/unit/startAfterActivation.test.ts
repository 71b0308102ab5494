import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { StartAfterActivation } from '../../src/host/start/StartAfterActivation';
import type { StartServices } from '../../src/host/start/start';

/** A start's services as far as these tests read them: an object of its own, with its disposal seen. */
function services(): StartServices & { disposed: number } {
  const made = {
    disposed: 0,
    dispose() {
      made.disposed++;
    },
  };
  return made as unknown as StartServices & { disposed: number };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('The start after activation: calls made before it is made wait for it', () => {
  it('makes nothing while activate() runs, then once, on the next turn', async () => {
    let makes = 0;
    const start = new StartAfterActivation(() => {
      makes++;
      return services();
    });
    assert.equal(makes, 0);
    assert.equal(start.services, undefined);
    const made = await start.ready;
    assert.equal(makes, 1);
    assert.equal(start.services, made);
    await nextTurn();
    assert.equal(makes, 1);
  });

  it('runs every call, in the order made, before and after the start, each with the same services', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(20), fc.nat(20), async (before, after) => {
        const made = services();
        const start = new StartAfterActivation(() => made);
        const ran: number[] = [];
        const results: (number | Promise<number>)[] = [];
        const call = (n: number) =>
          start.with((s) => {
            assert.equal(s, made);
            ran.push(n);
            return n;
          });
        for (let n = 0; n < before; n++) results.push(call(n));
        assert.deepEqual(ran, [], 'no call runs before the start is made');
        await start.ready;
        for (let n = before; n < before + after; n++) results.push(call(n));
        // A call after the start runs at once and gives its answer, not a promise of it.
        for (let n = before; n < before + after; n++) assert.equal(results[n], n);
        assert.deepEqual(await Promise.all(results), [...Array(before + after).keys()]);
        assert.deepEqual(ran, [...Array(before + after).keys()]);
      }),
    );
  });

  it('gives a start that fails to every call that waits for it, and logs it', async () => {
    const logged: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const start = new StartAfterActivation(() => {
        throw new Error('broken start');
      });
      const waiting = [start.with(() => 1), start.with(() => 2)];
      for (const call of waiting) await assert.rejects(Promise.resolve(call), /broken start/);
      assert.equal(start.services, undefined);
      assert.equal(logged.length, 1);
    } finally {
      console.error = error;
    }
  });

  it('starts nothing once disposed before its turn, and disposes what it made', async () => {
    let makes = 0;
    const error = console.error;
    console.error = () => undefined;
    try {
      const early = new StartAfterActivation(() => {
        makes++;
        return services();
      });
      early.dispose();
      await assert.rejects(early.ready, /deactivated/);
      assert.equal(makes, 0);
    } finally {
      console.error = error;
    }
    const made = services();
    const start = new StartAfterActivation(() => made);
    await start.ready;
    start.dispose();
    assert.equal(made.disposed, 1);
  });
});
