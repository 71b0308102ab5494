import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Disposable } from '../../src/host/util/Disposable';

/** A page-like class: tells a listener it closes, as the module page, review and preview do. */
class Page extends Disposable {
  readonly events: string[] = [];
  constructor(private readonly onClosing: (page: Page) => void) {
    super();
  }
  add(name: string, onDispose: () => void = () => undefined): void {
    this.register({
      dispose: () => {
        this.events.push(name);
        onDispose();
      },
    });
  }
  get closed(): boolean {
    return this.isDisposed;
  }
  protected override beforeDispose(): void {
    this.events.push('closing');
    this.onClosing(this);
  }
}

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

  it('runs the closing hook once, first, whoever disposes again from inside it or from a disposable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }),
        (count, reenterFromHook, reenterFrom) => {
          const lateDisposed: string[] = [];
          const page = new Page((closing) => {
            assert.equal(closing.closed, true, 'the hook sees the page as closing already');
            if (reenterFromHook) closing.dispose();
            // Anything registered while closing goes at once, not left behind.
            closing.add('late', () => lateDisposed.push('late'));
          });
          for (let i = 0; i < count; i++) {
            const again = reenterFrom.includes(i);
            page.add(`d${i}`, () => {
              if (again) page.dispose();
            });
          }
          page.dispose();
          page.dispose();
          const expected = ['closing', 'late', ...Array.from({ length: count }, (_, i) => `d${count - 1 - i}`)];
          assert.deepEqual(page.events, expected);
          assert.deepEqual(lateDisposed, ['late']);
        },
      ),
    );
  });

  it('disposes everything even when the closing hook throws, then throws its error', () => {
    const page = new Page(() => {
      throw new Error('hook');
    });
    page.add('a');
    page.add('b');
    assert.throws(() => page.dispose(), /hook/);
    assert.deepEqual(page.events, ['closing', 'b', 'a']);
    assert.equal(page.closed, true);
  });
});
