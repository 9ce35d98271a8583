// A fault-injecting HTTP proxy between the bot and the real local wiki (STYLE.md, "Fault tests"):
// it forwards every request byte for byte (cookies included) and, by rules and a seeded PRNG,
// injects the faults the real wiki cannot be made to produce on demand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestParams } from './translate-replay';
import { seededRandom } from './seeded-random';

export type FaultKind =
  /** API error `maxlag` with Retry-After, before the wiki sees the request. */
  | 'maxlag'
  /** API error `ratelimited`, before the wiki sees the request. */
  | 'ratelimited'
  /** API error `badtoken`, before the wiki sees the request. */
  | 'badtoken'
  /** HTTP 503 with Retry-After, before the wiki sees the request. */
  | 'http-503'
  /** HTTP 429 with Retry-After, before the wiki sees the request. */
  | 'http-429'
  /** Forwarded without the session cookie, so the wiki itself answers as to a logged-out client. */
  | 'session-lost'
  /** The connection is dropped before the request reaches the wiki. */
  | 'drop-before'
  /** Forwarded; once the wiki has answered, the connection is dropped instead of passing the answer on. */
  | 'drop-after'
  /** Forwarded; once the wiki has answered, a human edits the same page, then the connection is dropped: a landed save whose answer is lost, then a person's edit. */
  | 'drop-after-concurrent-edit'
  /** Forwarded; the wiki's answer is held back for `delayMs` (past the client's timeout, this is a lost answer). */
  | 'slow'
  /** Held back for `delayMs`, then forwarded: past the client's timeout, it reaches the wiki after the client gave up on it. */
  | 'late'
  /** On a save: a human edits the same page through the real wiki first, then the save is forwarded. */
  | 'concurrent-edit'
  /** The bot process is killed before the request reaches the wiki. */
  | 'kill-before'
  /** Forwarded; once the wiki has answered, the bot process is killed before it reads the answer. */
  | 'kill-after';

export interface FaultRule {
  fault: FaultKind;
  /** API actions the rule applies to (`query`, `edit`, `login`…); every action when absent. */
  actions?: readonly string[];
  /** Never on a query whose `meta` names one of these (`tokens`: the token fetches of a login or a token refresh). */
  exceptMeta?: readonly string[];
  /** true: only writes (requests that carry a CSRF token); false: only reads; both when absent. */
  writes?: boolean;
  /** Only the n-th request the proxy sees (1-based): how crash points are placed. */
  atRequest?: number;
  /** Chance that a matching request gets the fault; 1 when absent. */
  probability?: number;
  /** At most this many faults from this rule; unlimited when absent. */
  maxCount?: number;
  /** At most this many faults of this kind on one page (by `title`), whichever rule made them. */
  maxPerTitle?: number;
  /**
   * At most this many faulted requests in a row of one sort (action, title, read or write), whichever
   * rule faulted them: the next such request passes. So a high probability never outlasts the retries
   * that absorb the fault (the client's own, or the writer's re-reads of a save).
   */
  maxInARow?: number;
  /** Retry-After in seconds for maxlag, ratelimited, 503 and 429; none sent when absent. */
  retryAfterSeconds?: number;
  /** For `slow` and `late`: how long the answer or the request is held, drawn from [min, max] ms. */
  delayMs?: { min: number; max: number };
}

export interface ProxiedRequest {
  /** 1-based, in arrival order. */
  n: number;
  method: string;
  action: string;
  title?: string;
  /** The query's `meta` modules, e.g. `tokens` or `userinfo|siteinfo`. */
  meta?: string;
  isWrite: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface InjectedFault {
  fault: FaultKind;
  request: ProxiedRequest;
  rule: FaultRule;
}

export interface FaultProxyOptions {
  /** Where the wiki (or another proxy in front of it) is: scheme, host and port, e.g. http://127.0.0.1:18790. */
  target: string;
  seed: number;
  rules: readonly FaultRule[];
  /** For `concurrent-edit` and `drop-after-concurrent-edit`: saves a human edit to the page through the real wiki (not through this proxy). */
  concurrentEdit?: (title: string) => Promise<void>;
  /** For `kill-before`/`kill-after`: ends the bot process (SIGKILL). */
  kill?: () => void;
}

export interface FaultProxy {
  readonly apiUrl: string;
  /** Every request seen, in order. */
  readonly requests: readonly ProxiedRequest[];
  readonly injected: readonly InjectedFault[];
  /** Resolves once no request is held or in flight (a `late` request may reach the wiki after the bot's run ended). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The wiki's own answers, as MediaWiki 1.39 words them (formatversion 2). */
const API_ERRORS: Record<'maxlag' | 'ratelimited' | 'badtoken', Record<string, unknown>> = {
  maxlag: { code: 'maxlag', info: 'Waiting for 127.0.0.1: 7 seconds lagged.', host: '127.0.0.1', lag: 7, type: 'db' },
  ratelimited: {
    code: 'ratelimited',
    info: "As an anti-abuse measure, you are limited from performing this action too many times in a short space of time, and you have exceeded this limit. Please try again in a few minutes.",
  },
  badtoken: { code: 'badtoken', info: 'Invalid CSRF token.' },
};

interface WikiAnswer {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  const requests: ProxiedRequest[] = [];
  const injected: InjectedFault[] = [];
  const used = new Map<FaultRule, number>();
  const usedOnTitle = new Map<string, number>();
  /** Faults in a row per sort of request (requestSort): reset when one of that sort passes. */
  const inARow = new Map<string, number>();
  const requestSort = (request: ProxiedRequest) => `${request.action}\n${request.title ?? ''}\n${request.isWrite}`;

  const chooseFault = (request: ProxiedRequest): FaultRule | undefined => {
    for (const rule of options.rules) {
      if (rule.actions && !rule.actions.includes(request.action)) continue;
      if (rule.exceptMeta?.some((module) => request.meta?.split('|').includes(module))) continue;
      if (rule.writes !== undefined && rule.writes !== request.isWrite) continue;
      if (rule.atRequest !== undefined && rule.atRequest !== request.n) continue;
      if ((used.get(rule) ?? 0) >= (rule.maxCount ?? Infinity)) continue;
      const onTitle = `${rule.fault}\n${request.title ?? ''}`;
      if (rule.maxPerTitle !== undefined && (usedOnTitle.get(onTitle) ?? 0) >= rule.maxPerTitle) continue;
      if (rule.maxInARow !== undefined && (inARow.get(requestSort(request)) ?? 0) >= rule.maxInARow) continue;
      // Drawn only for matching rules, so each rule's faults depend on the seed and the request sequence alone.
      if (random() >= (rule.probability ?? 1)) continue;
      used.set(rule, (used.get(rule) ?? 0) + 1);
      usedOnTitle.set(onTitle, (usedOnTitle.get(onTitle) ?? 0) + 1);
      return rule;
    }
    return undefined;
  };

  const delayOf = (rule: FaultRule) => {
    const { min, max } = rule.delayMs ?? { min: 500, max: 500 };
    return min + Math.round(random() * (max - min));
  };

  const askWiki = (req: http.IncomingMessage, body: Buffer, withoutCookie: boolean): Promise<WikiAnswer> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      if (withoutCookie) delete headers.cookie;
      const upstream = http.request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () => resolve({ status: reply.statusCode ?? 502, rawHeaders: reply.rawHeaders, body: Buffer.concat(chunks) }));
          reply.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const pass = (res: http.ServerResponse, answer: WikiAnswer) => {
    if (res.destroyed) return;
    // The body is passed on whole, so the wiki's chunked framing no longer applies; Node frames it again.
    const headers: string[] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      if (!/^transfer-encoding$/i.test(answer.rawHeaders[i])) headers.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
    }
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  const apiError = (res: http.ServerResponse, error: Record<string, unknown>, retryAfter?: number) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'mediawiki-api-error': String(error.code),
      ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
    });
    res.end(JSON.stringify({ error: { ...error, docref: 'See http://127.0.0.1/api.php for API usage.' }, servedby: 'fault-proxy' }));
  };

  const httpError = (res: http.ServerResponse, status: number, retryAfter?: number) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
    res.end(`<!DOCTYPE html><html><body><h1>${status} ${http.STATUS_CODES[status]}</h1></body></html>`);
  };

  const handle = async (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    const params = requestParams(req.url ?? '/', req.headers['content-type'], body);
    const request: ProxiedRequest = {
      n: requests.length + 1,
      method: req.method ?? 'GET',
      action: params.action ?? '',
      ...(params.title !== undefined ? { title: params.title } : {}),
      ...(params.meta !== undefined ? { meta: params.meta } : {}),
      isWrite: params.token !== undefined,
      at: Date.now(),
    };
    requests.push(request);
    const rule = chooseFault(request);
    inARow.set(requestSort(request), rule ? (inARow.get(requestSort(request)) ?? 0) + 1 : 0);
    if (!rule) return pass(res, await askWiki(req, body, false));
    injected.push({ fault: rule.fault, request, rule });
    switch (rule.fault) {
      case 'maxlag':
      case 'ratelimited':
      case 'badtoken':
        return apiError(res, API_ERRORS[rule.fault], rule.retryAfterSeconds);
      case 'http-503':
        return httpError(res, 503, rule.retryAfterSeconds);
      case 'http-429':
        return httpError(res, 429, rule.retryAfterSeconds);
      case 'session-lost':
        return pass(res, await askWiki(req, body, true));
      case 'drop-before':
        return void req.socket.destroy();
      case 'drop-after':
        await askWiki(req, body, false);
        return void req.socket.destroy();
      case 'drop-after-concurrent-edit':
        await askWiki(req, body, false);
        if (request.title !== undefined) await options.concurrentEdit?.(request.title);
        return void req.socket.destroy();
      case 'slow': {
        const answer = await askWiki(req, body, false);
        await sleep(delayOf(rule));
        return pass(res, answer);
      }
      case 'late':
        await sleep(delayOf(rule));
        return pass(res, await askWiki(req, body, false));
      case 'concurrent-edit':
        if (request.title !== undefined) await options.concurrentEdit?.(request.title);
        return pass(res, await askWiki(req, body, false));
      case 'kill-before':
        options.kill?.();
        return void req.socket.destroy();
      case 'kill-after':
        await askWiki(req, body, false);
        options.kill?.();
        return void req.socket.destroy();
    }
  };

  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const handled = handle(req, Buffer.concat(chunks), res).catch((error: Error) => {
        if (res.headersSent || res.destroyed) return void res.destroy();
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault-proxy: the wiki behind did not answer (${error.message})`);
      });
      inFlight.add(handled);
      void handled.finally(() => inFlight.delete(handled));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api.php`,
    requests,
    injected,
    async settled() {
      while (inFlight.size) await Promise.all(inFlight);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
