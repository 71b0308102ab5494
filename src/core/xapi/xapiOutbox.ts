/**
 * The sending policy of the statement outbox, apart from any network or file: what an LRS's
 * answer means for a batch, how long to wait before the next try, and the outbox's bounds. Pure.
 */

/** Statements sent in one request. */
export const BATCH_SIZE = 100;
/** Statements the outbox holds at most; past this, new statements are refused and the learner told. */
export const OUTBOX_LIMIT = 50_000;
/** The first wait after a failed try, and the longest. */
const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;

/**
 * What to do with a batch after the LRS answered `status` (0: no answer at all):
 * - `sent`: stored (or already stored, the same statement under the same id);
 * - `retry`: the LRS could not take it now (down, overloaded, timed out): try again later;
 * - `split`: it refused the batch for its content: send the statements one by one to find which;
 * - `reject`: one statement refused for its content (400) or kept under our id with other
 *   content (409): kept aside with the LRS's message, never sent again;
 * - `auth`: the key or secret is not accepted: stop until the learner connects again.
 */
type SendOutcome = 'sent' | 'retry' | 'split' | 'reject' | 'auth';

export function outcomeOf(status: number, batchSize: number): SendOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401 || status === 403) return 'auth';
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  // 400, 409, 413 and any other refusal of what was sent.
  return batchSize > 1 ? 'split' : 'reject';
}

/**
 * The wait before try `failures + 1`: exponential from one second, capped at five minutes, with
 * "equal jitter" (half fixed, half random) so a class of learners coming back online together
 * does not hit the LRS in step.
 */
export function backoffMs(failures: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(0, failures), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random())));
}

/** How many of `incoming` statements fit in an outbox holding `pending`. */
export function room(pending: number, incoming: number, limit = OUTBOX_LIMIT): number {
  return Math.max(0, Math.min(incoming, limit - pending));
}

/** The LRS's message in a refusal, short enough for a log line. */
export function refusalMessage(status: number, body: string): string {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const message = record['message'] ?? record['error'];
      const warnings = record['warnings'];
      text = [typeof message === 'string' ? message : '', Array.isArray(warnings) ? JSON.stringify(warnings) : ''].filter(Boolean).join(' ') || text;
    }
  } catch {
    // Not JSON: the text as it came.
  }
  return `${status}${text ? `: ${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}` : ''}`;
}

/** The statements and about URLs of an endpoint given as "https://lrs.example/xAPI" or with a slash. */
export function lrsUrls(endpoint: string): { statements: string; about: string } | undefined {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
  return { statements: new URL('statements', base).href, about: new URL('about', base).href };
}

/** The Basic authorization header of a key and secret. */
export function basicAuth(key: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${key}:${secret}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
