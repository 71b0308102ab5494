import { basicAuth, lrsUrls } from '../../core/xapi/xapiOutbox';

/** What an LRS answered: its status (0 when it could not be reached) and its body. */
interface LrsAnswer {
  readonly status: number;
  readonly body: string;
}

/** The xAPI version every request names; LRSs refuse requests without it. */
const XAPI_VERSION = '1.0.3';
const TIMEOUT_MS = 30_000;

/**
 * The few xAPI requests the extension makes, over `fetch` so the same code runs in the Node and
 * the web worker extension host. Never throws: a network failure is status 0.
 */
export class LrsClient {
  private readonly urls: { statements: string; about: string };
  private readonly auth: string;

  constructor(
    endpoint: string,
    key: string,
    secret: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    const urls = lrsUrls(endpoint);
    if (!urls) throw new Error(`Not an http(s) endpoint: ${endpoint}`);
    this.urls = urls;
    this.auth = basicAuth(key, secret);
  }

  /** `GET /about`, which needs no key: is there an LRS at all? */
  about(): Promise<LrsAnswer> {
    return this.request(this.urls.about, { method: 'GET' }, false);
  }

  /** One authenticated read that changes nothing: are the key and secret accepted? */
  checkCredentials(): Promise<LrsAnswer> {
    return this.request(`${this.urls.statements}?limit=1`, { method: 'GET' }, true);
  }

  postStatements(statements: readonly unknown[]): Promise<LrsAnswer> {
    return this.request(this.urls.statements, { method: 'POST', body: JSON.stringify(statements), headers: { 'Content-Type': 'application/json' } }, true);
  }

  private async request(url: string, init: RequestInit, authenticated: boolean): Promise<LrsAnswer> {
    try {
      const response = await this.fetchImpl(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), 'X-Experience-API-Version': XAPI_VERSION, ...(authenticated ? { Authorization: this.auth } : {}) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      return { status: 0, body: error instanceof Error ? error.message : String(error) };
    }
  }
}
