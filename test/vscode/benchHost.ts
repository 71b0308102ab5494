/**
 * Starts a bench program of test/bench/ inside a real extension host, written once for every
 * such program (discovery, the year of study, the LRS backlog): code-server on `workspace` with
 * this repository as the extension under development and the compiled program as its tests,
 * Chromium to load the window, and the program's rows read from the extension host's console.
 */
import * as path from 'node:path';
import { type BenchRow, DONE_MARKER, ROW_MARKER } from '../bench/rows';
import { launchChromium, repoRoot, startCodeServer } from './codeServer';

export interface HostBenchOptions {
  readonly workspace: string;
  /** The compiled program's file name in out/test/bench/. */
  readonly script: string;
  readonly settings?: Record<string, unknown>;
  /** Added to the extension host's environment: what the program reads of its set-up. */
  readonly env?: Record<string, string>;
  readonly timeoutMinutes: number;
}

/** Runs the program and returns its rows, once it marked its end. */
export async function runHostBench(options: HostBenchOptions): Promise<BenchRow[]> {
  const server = await startCodeServer({
    workspace: options.workspace,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const browser = await launchChromium();
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage();
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the extension host did not report within ${options.timeoutMinutes} minutes`)), options.timeoutMinutes * 60_000);
      page.on('console', (message) => {
        const text = message.text();
        const at = text.indexOf(`${ROW_MARKER} `);
        if (at >= 0) rows.push(JSON.parse(text.slice(at + ROW_MARKER.length + 1)) as BenchRow);
        if (text.includes(DONE_MARKER)) {
          clearTimeout(timer);
          resolve();
        }
      });
      page
        .goto(
          server.url([
            ['extensionDevelopmentPath', remote(repoRoot)],
            ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'bench', options.script))],
          ]),
        )
        .catch(reject);
    });
  } finally {
    await browser.close();
    await server.stop();
  }
  return rows;
}
