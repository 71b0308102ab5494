/**
 * `quiz-modules report --lrs <endpoint>`: the class report from the statements a learning record
 * store holds, read page by page (its `more` links), then the same core report as over exports.
 * The key and secret come from QUIZ_LRS_KEY and QUIZ_LRS_SECRET, never from the command line.
 */
import { classReport, reportCsv, reportMarkdown } from '../core/scores/classReport';
import { basicAuth, lrsUrls } from '../core/xapi/xapiOutbox';
import { exportsFromStatements } from '../core/xapi/xapiReport';

/** Pages read at most: 2,000 pages of up to 500 statements. */
const MAX_PAGES = 2000;

type Fetch = (url: string, init: { headers: Record<string, string> }) => Promise<{ status: number; text(): Promise<string> }>;

/** Every statement the LRS gives back, following `more` links on the same origin only. */
export async function readStatements(endpoint: string, key: string, secret: string, fetchImpl: Fetch = fetch): Promise<unknown[]> {
  const urls = lrsUrls(endpoint);
  if (!urls) throw new Error(`"${endpoint}" is not an http:// or https:// endpoint.`);
  const origin = new URL(urls.statements).origin;
  const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: basicAuth(key, secret) };
  const statements: unknown[] = [];
  let next: string | undefined = `${urls.statements}?limit=500&format=exact`;
  for (let page = 0; next !== undefined; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of statements; stopped.`);
    const response = await fetchImpl(next, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`the LRS answered ${response.status} to GET statements: ${body.slice(0, 300)}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error('the LRS answered with something that is not JSON.');
    }
    const list = (parsed as { statements?: unknown }).statements;
    if (!Array.isArray(list)) throw new Error('the LRS answer has no list of statements.');
    statements.push(...list);
    const more = (parsed as { more?: unknown }).more;
    const current: string = next;
    next = undefined;
    if (typeof more === 'string' && more !== '') {
      const url = new URL(more, current);
      // A `more` link elsewhere would send the key to another host.
      if (url.origin !== origin) throw new Error(`the LRS's "more" link leads to another host (${url.origin}).`);
      next = url.href;
    }
  }
  return statements;
}

/**
 * The `report --lrs <endpoint> [--format markdown|csv]` command line: undefined when it is not
 * one (no --lrs), a message when it is wrong.
 */
export function lrsReportArguments(argv: readonly string[]): { endpoint: string; format: 'markdown' | 'csv' } | string | undefined {
  if (argv[0] !== 'report' || !argv.includes('--lrs')) return undefined;
  let endpoint: string | undefined;
  let format: 'markdown' | 'csv' = 'markdown';
  for (let i = 1; i < argv.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < argv.length
    const arg = argv[i]!;
    if (arg === '--lrs') endpoint = argv[++i];
    else if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'markdown' && value !== 'csv') return `--format takes markdown or csv, not ${value ?? 'nothing'}.`;
      format = value;
    } else return `report --lrs reads the LRS only; "${arg}" is not an option of it.`;
  }
  if (!endpoint || !lrsUrls(endpoint)) return `--lrs takes the http:// or https:// xAPI endpoint of the LRS, not ${endpoint ?? 'nothing'}.`;
  return { endpoint, format };
}

/** Runs the report over an LRS; resolves with the exit code. */
export async function runLrsReport(
  endpoint: string,
  format: 'markdown' | 'csv',
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void,
  err: (line: string) => void,
  fetchImpl?: Fetch,
): Promise<number> {
  const key = env['QUIZ_LRS_KEY'];
  const secret = env['QUIZ_LRS_SECRET'];
  if (!key || secret === undefined) {
    err('Set QUIZ_LRS_KEY and QUIZ_LRS_SECRET to the key and secret of an LRS client that may read statements.');
    return 2;
  }
  let statements: unknown[];
  try {
    statements = await readStatements(endpoint, key, secret, fetchImpl);
  } catch (error) {
    err(`${endpoint}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const exports = exportsFromStatements(statements);
  const rows = classReport(exports);
  const text = format === 'csv' ? reportCsv(rows) : reportMarkdown(rows, exports.length);
  out(text.replace(/\r?\n$/, ''));
  return 0;
}
