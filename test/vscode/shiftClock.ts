/**
 * Loaded with `node --require` into the processes code-server starts (through NODE_OPTIONS) by
 * end-to-end tests that need days to pass for the review schedule. Only the extension host's
 * clock moves: it reads how far ahead to be from the file named by QUIZ_E2E_CLOCK_FILE (a number
 * of milliseconds), looking again at most once a second, so a test moves time by writing it.
 * The extension itself has no such hook; nothing of this ships.
 */
import { readFileSync } from 'node:fs';

const file = process.env['QUIZ_E2E_CLOCK_FILE'];
const isExtensionHost =
  process.argv.some((arg) => arg === '--type=extensionHost') ||
  /extensionHostProcess/.test(`${process.env['VSCODE_ESM_ENTRYPOINT'] ?? ''}${process.env['VSCODE_AMD_ENTRYPOINT'] ?? ''}`);

if (file && isExtensionHost) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  let lastRead = -Infinity;
  const currentOffset = (): number => {
    const at = realNow();
    if (at - lastRead > 1000) {
      lastRead = at;
      try {
        const value = Number(readFileSync(file, 'utf8').trim());
        offset = Number.isFinite(value) ? value : 0;
      } catch {
        offset = 0;
      }
    }
    return offset;
  };
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + currentOffset());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return realNow() + currentOffset();
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
