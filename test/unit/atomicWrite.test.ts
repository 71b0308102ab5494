import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { localDisk, replaceFile, type DiskSteps } from '../../src/host/stores/atomicWrite';

/** The steps of one replacement, in order; a crash stops the process at one of them. */
const STEPS = ['open', 'writeFile', 'datasync', 'close', 'rename'] as const;
type Step = (typeof STEPS)[number];

class Crash extends Error {}

/**
 * Node's file system that dies at `at`: that call and every call after it fail without touching
 * the disk, as nothing runs after a crash (not even the writer's clean-up). `tear` writes half the
 * bytes before dying in `writeFile`, as a crash mid-write does.
 */
function dyingDisk(at: Step, tear: boolean): DiskSteps {
  let dead = false;
  const step = async <T>(name: Step, work: () => Promise<T>): Promise<T> => {
    if (dead || name === at) {
      dead = true;
      throw new Crash(`crashed at ${name}`);
    }
    return work();
  };
  return {
    mkdir: ((dir: string, options: { recursive: true }) => (dead ? Promise.reject(new Crash('dead')) : fs.mkdir(dir, options))) as DiskSteps['mkdir'],
    unlink: (file) => (dead ? Promise.reject(new Crash('dead')) : fs.unlink(file)),
    rename: (from, to) => step('rename', () => fs.rename(from, to)),
    open: (async (file: string, flags: string) => {
      const handle = await step('open', () => fs.open(file, flags));
      return {
        writeFile: async (bytes: Uint8Array) => {
          if (tear && at === 'writeFile' && !dead) await handle.write(bytes.subarray(0, bytes.length >> 1));
          return step('writeFile', () => handle.writeFile(bytes));
        },
        datasync: () => step('datasync', () => handle.datasync()),
        // The descriptor is closed either way: the test's process lives on.
        close: () => handle.close().then(() => step('close', () => Promise.resolve())),
      };
    }) as unknown as DiskSteps['open'],
  };
}

describe('a small file replaced whole (record files, the schedule and its journal)', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'qm-atomic-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('has Node\'s file system in a Node host', () => {
    assert.ok(localDisk(), 'the unit tests run in Node');
  });

  it('replaces the file and leaves no temporary file, making a missing folder', async () => {
    const inner = path.join(folder, 'records');
    const target = path.join(inner, 'm.json');
    await replaceFile(localDisk()!, target, `${target}.1.tmp`, new TextEncoder().encode('first'), inner);
    await replaceFile(localDisk()!, target, `${target}.2.tmp`, new TextEncoder().encode('second'), inner);
    assert.equal(readFileSync(target, 'utf8'), 'second');
    assert.deepEqual(readdirSync(inner), ['m.json']);
  });

  it('a crash at any step, mid-write included, leaves the old file or the new one whole, never a mix (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.constantFrom(...STEPS), fc.boolean(), fc.boolean(), async (before, after, at, tear, hadFile) => {
        const target = path.join(folder, 'schedule.journal.json');
        rmSync(target, { force: true });
        if (hadFile) writeFileSync(target, before);
        await assert.rejects(replaceFile(dyingDisk(at, tear), target, `${target}.${at}.tmp`, after, folder), Crash);
        const now = existsSync(target) ? new Uint8Array(readFileSync(target)) : undefined;
        // Every step up to the rename leaves the target as it was: the rename itself is the switch.
        assert.deepEqual(now, hadFile ? before : undefined, `crashed at ${at}${tear ? ' mid-write' : ''}`);
        // Whatever is left beside it is a temporary file, which no reader takes for the file.
        for (const name of readdirSync(folder)) assert.ok(name === 'schedule.journal.json' || name.endsWith('.tmp'), name);
        for (const name of readdirSync(folder)) if (name.endsWith('.tmp')) rmSync(path.join(folder, name));
        // The next save after the crash replaces it whole.
        await replaceFile(localDisk()!, target, `${target}.next.tmp`, after, folder);
        assert.deepEqual(new Uint8Array(readFileSync(target)), after);
      }),
      { numRuns: 60 },
    );
  });

  it('a failed write removes its temporary file and leaves the old file', async () => {
    const target = path.join(folder, 'm.json');
    writeFileSync(target, 'old');
    const failing: DiskSteps = { ...localDisk()!, rename: () => Promise.reject(new Error('disk full')) };
    await assert.rejects(replaceFile(failing, target, `${target}.x.tmp`, new TextEncoder().encode('new'), folder), /disk full/);
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(readdirSync(folder), ['m.json']);
  });
});
