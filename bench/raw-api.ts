// A plain HTTP client for the MediaWiki API (node's fetch, a cookie jar, nothing else): the yardstick
// the benchmark times the bot against, sending only the requests the work needs.
import { batchesOf } from '../src/core/batches';
import { PAGE_STATE_PARAMS } from '../src/wiki/client';

export type RawParams = Record<string, string | number | boolean | readonly string[]>;
export type RawResponse = Record<string, any>;

function encode(params: RawParams): URLSearchParams {
  const body = new URLSearchParams({ format: 'json', formatversion: '2' });
  for (const [name, value] of Object.entries(params)) {
    if (value === false) continue;
    // A multi-value holding "|" is sent with the \x1f separator, as mwn does.
    const values = Array.isArray(value) ? (value as readonly string[]) : null;
    body.set(name, values ? (values.some((v) => v.includes('|')) ? `\x1f${values.join('\x1f')}` : values.join('|')) : value === true ? '1' : String(value));
  }
  return body;
}

export class RawApi {
  /** Requests sent, login included. */
  requestCount = 0;
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly apiUrl: string,
    private readonly userAgent: string,
  ) {}

  private async send(params: RawParams, method: 'GET' | 'POST'): Promise<RawResponse> {
    this.requestCount++;
    const body = encode(params);
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const response =
      method === 'GET'
        ? await fetch(`${this.apiUrl}?${body}`, { headers })
        : await fetch(this.apiUrl, { method, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const data = (await response.json()) as RawResponse;
    if (data.error) throw new Error(`raw API request failed: ${data.error.code}: ${data.error.info}`);
    return data;
  }

  get(params: RawParams): Promise<RawResponse> {
    return this.send(params, 'GET');
  }

  post(params: RawParams): Promise<RawResponse> {
    return this.send(params, 'POST');
  }

  /** Follows `continue` until the list is done, handing each response over. */
  async getAll(params: RawParams, each: (response: RawResponse) => void): Promise<void> {
    let next: Record<string, string> = {};
    for (;;) {
      const response = await this.get({ ...params, ...next });
      each(response);
      if (!response.continue) return;
      next = response.continue;
    }
  }

  /** Page contents as WikiClient.readPages asks for them: POST, `perRequest` titles a request, continued. */
  async readPages(titles: readonly string[], perRequest: number): Promise<void> {
    for (const batch of batchesOf(titles, perRequest)) {
      const params: RawParams = { action: 'query', ...PAGE_STATE_PARAMS, titles: batch };
      let next: Record<string, string> = {};
      for (;;) {
        const response = await this.post({ ...params, ...next });
        if (!response.continue) break;
        next = response.continue;
      }
    }
  }

  /** BotPassword login: a login token, then action=login. */
  async login(username: string, password: string): Promise<void> {
    const tokens = await this.get({ action: 'query', meta: 'tokens', type: 'login' });
    const result = await this.post({ action: 'login', lgname: username, lgpassword: password, lgtoken: tokens.query.tokens.logintoken });
    if (result.login?.result !== 'Success') throw new Error(`raw API login as ${username} failed: ${JSON.stringify(result.login)}`);
  }
}
