// The wiki client: the only code that builds an mwn instance. Every request, mwn's own included,
// passes through GuardedMwn.request, which counts it, refuses writes in dry-run mode and applies
// our retry policy (mwn's own retries are off: they resend writes blindly and ignore Retry-After).
import { Writable } from 'node:stream';
import { Mwn, type ApiParams, type RawRequestParams } from 'mwn';
import type { Logger } from 'winston';
import { batchesOf } from '../core/batches';
import { DryRunWriteError, LoginError, WikiError, WikiUnreachableError, WriteOutcomeUnknownError, errorMessage } from '../core/errors';
import { sleep } from '../core/sleep';
import { configureWikitext, wikitextSiteInfo } from '../wikitext/parse';
import { configureTitles } from '../core/title';
import { SITE_INFO_SECTIONS, maxArticleBytesOf, siteInfoOf, siteInfoProps, type SiteInfo } from './reader';
import { backoffMs, decideRetry, type BackoffSettings, type FailedRequest } from './request-policy';

export type WikiAuth =
  | { kind: 'bot-password'; username: string; password: string }
  | { kind: 'oauth2'; accessToken: string };

export interface WikiClientOptions {
  apiUrl: string;
  userAgent: string;
  auth: WikiAuth;
  /** `assert` sent with every request once logged in; null sends none. */
  assert: 'bot' | 'user' | null;
  maxlag: number;
  maxRetries: number;
  backoff: BackoffSettings;
  timeoutMs: number;
  dryRun: boolean;
  log: Logger;
}

export interface PageProtection {
  type: string;
  level: string;
  expiry: string;
}

/** One page as read from the wiki: what a transform needs and what a save must send back. */
export interface PageState {
  /** The title as the wiki normalised it. */
  title: string;
  namespace: number;
  exists: boolean;
  /** Set when the wiki rejected the title itself. */
  invalidReason?: string;
  revId: number | null;
  timestamp: string | null;
  lastEditor: string | null;
  text: string | null;
  contentModel: string | null;
  isRedirect: boolean;
  protection: PageProtection[];
}

export type ApiResponse = Record<string, any>;

/** What tasks may use: reads only. Writes go through src/core/writer.ts. */
export interface WikiReader {
  readonly userName: string;
  readonly rights: ReadonlySet<string>;
  readonly apiUrl: string;
  /** How many titles one request may name: 50, or 500 when the account has apihighlimits. */
  readonly titlesPerRequest: number;
  /** The wiki's extensions, languages and namespaces, read once when the client connected. */
  readonly siteInfo: SiteInfo;
  readPages(titles: readonly string[]): Promise<Map<string, PageState>>;
  query(params: ApiParams): Promise<ApiResponse>;
  queryAll(params: ApiParams): AsyncGenerator<ApiResponse>;
}

/** Beyond this many characters of parameters, a query is sent by POST (see WikiClient.query). */
const LONG_QUERY_CHARS = 1500;

/** Actions that only read: everything else counts as a write and is refused in dry-run mode. */
const READ_ACTIONS = new Set(['query', 'parse', 'paraminfo', 'help', 'login', 'compare', 'expandtemplates', 'opensearch']);

function parseRetryAfter(headers: unknown): number | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.['retry-after'];
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : undefined;
}

function describeFailure(error: any, retryAfterSeconds: number | undefined): FailedRequest {
  if (error?.response?.status !== undefined && typeof error.response.status === 'number' && !error.info) {
    return { httpStatus: error.response.status, retryAfterSeconds, networkFailure: false };
  }
  if (typeof error?.code === 'string' && typeof error?.info === 'string') {
    return { apiCode: error.code, retryAfterSeconds, networkFailure: false };
  }
  return { retryAfterSeconds, networkFailure: true };
}

/** Why no answer came, in words an operator can act on, by the error code Node and axios give. */
const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections at that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved just now',
  ECONNABORTED: 'no answer within wiki.timeoutMs',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was dropped',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
};

/** "ECONNREFUSED: nothing accepts connections at that address", or the error's own message. */
export function describeNetworkFailure(error: unknown): { code: string; text: string } {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CAUSES[code]) return { code, text: `${code}: ${NETWORK_CAUSES[code]}` };
  const text = errorMessage(error);
  return { code: typeof code === 'string' ? code : text, text };
}

/** What went wrong, as the retry announcement names it: "wiki unreachable (ECONNREFUSED)", 'the wiki answered "maxlag"'. */
function failureLabel(failure: FailedRequest, error: unknown): string {
  if (failure.networkFailure) return `wiki unreachable (${describeNetworkFailure(error).code})`;
  if (failure.apiCode !== undefined) return `the wiki answered "${failure.apiCode}"`;
  return `the wiki answered HTTP ${failure.httpStatus}`;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;
}

class GuardedMwn extends Mwn {
  requestCount = 0;
  private lastRetryAfter: number | undefined;
  /** Logins under way: a request inside one that loses the session must not start another (it would wait for itself). */
  private loginsInProgress = 0;
  /** Re-logins and token fetches after a failure: a request inside one must not start another. */
  private refreshesInProgress = 0;

  constructor(
    options: ConstructorParameters<typeof Mwn>[0],
    private readonly guard: Pick<WikiClientOptions, 'apiUrl' | 'dryRun' | 'maxRetries' | 'backoff' | 'log' | 'auth'>,
  ) {
    super(options);
  }

  /** The request on the wire, if any: the next is sent once it is answered (Wikimedia's API etiquette, and a dry run's read ahead). */
  private onTheWire: Promise<unknown> = Promise.resolve();

  override rawRequest(requestOptions: RawRequestParams): ReturnType<Mwn['rawRequest']> {
    const sent = this.onTheWire.then(() => this.send(requestOptions));
    this.onTheWire = sent.catch(() => undefined);
    return sent;
  }

  private async send(requestOptions: RawRequestParams): ReturnType<Mwn['rawRequest']> {
    try {
      const response = await super.rawRequest(requestOptions);
      this.lastRetryAfter = parseRetryAfter(response.headers);
      return response;
    } catch (error: any) {
      this.lastRetryAfter = parseRetryAfter(error?.response?.headers);
      throw error;
    }
  }

  override async login(...args: Parameters<Mwn['login']>): ReturnType<Mwn['login']> {
    this.loginsInProgress++;
    try {
      return await super.login(...args);
    } finally {
      this.loginsInProgress--;
    }
  }

  /** "wiki unreachable (ECONNREFUSED); retrying action=query in 40 s (retry 3 of 5)": every wait is said, with its length. */
  private announceRetry(action: string, label: string, waitMs: number, retry: number): void {
    this.guard.log.warn(`${label}; retrying action=${action} in ${seconds(waitMs)} (retry ${retry} of ${this.guard.maxRetries})`);
  }

  /**
   * A write answered by an overloaded wiki (HTTP 503 with Retry-After) may have reached it: it is not
   * resent, but the re-read that decides it waits as long as the wiki asked (announced).
   */
  private async waitBeforeReRead(failure: FailedRequest, action: string, label: string): Promise<void> {
    if (failure.retryAfterSeconds === undefined) return;
    const waitMs = backoffMs(0, failure, this.guard.backoff);
    this.guard.log.warn(`${label}; the outcome of action=${action} is unknown: re-reading in ${seconds(waitMs)}, as Retry-After asks`);
    await sleep(waitMs);
  }

  /**
   * A fresh session (after a session the wiki no longer knows) or a fresh token; said in the log. When
   * the wiki lost the session for one request only, it refuses a login on it: the cookies go first.
   */
  private async refresh(kind: 'token' | 'login', action: string, label: string): Promise<void> {
    const fresh = kind === 'login' && this.guard.auth.kind === 'bot-password';
    this.guard.log.warn(`${label}; ${fresh ? 'logging in again' : 'fetching a new token'} and retrying action=${action}`);
    this.refreshesInProgress++;
    try {
      if (fresh) {
        await this.cookieJar.removeAllCookies();
        await this.login();
      }
      await this.getTokens();
    } finally {
      this.refreshesInProgress--;
    }
  }

  override async request(params: ApiParams, customRequestOptions: RawRequestParams = {}): Promise<any> {
    const action = String(params.action ?? 'query');
    const isWrite = !READ_ACTIONS.has(action);
    if (isWrite && this.guard.dryRun) throw new DryRunWriteError(action);
    const firstTry = Date.now();
    // Each kind of refresh is allowed once per request even when the retries are spent: a session
    // the wiki forgot during an outage is found only by the first request that gets through.
    const refreshed = new Set<'token' | 'login'>();
    for (let attempt = 0; ; attempt++) {
      this.requestCount++;
      this.lastRetryAfter = undefined;
      try {
        return await super.request(params, customRequestOptions);
      } catch (error: any) {
        const failure = describeFailure(error, this.lastRetryAfter);
        const decision = decideRetry(failure, isWrite, attempt, this.guard.backoff);
        const described = failure.apiCode ?? (failure.httpStatus ? `HTTP ${failure.httpStatus}` : describeNetworkFailure(error).text);
        if (decision.kind === 'outcome-unknown') {
          await this.waitBeforeReRead(failure, action, failureLabel(failure, error));
          throw new WriteOutcomeUnknownError(String(params.title ?? action), described);
        }
        const refresh = decision.kind === 'retry' ? decision.refresh : undefined;
        const reloginInsideLogin = refresh === 'login' && this.loginsInProgress > 0;
        // A token fetch that fails the same way (an OAuth token the wiki ignores, an account without
        // the bot right) would otherwise refresh inside the refresh, without end.
        const refreshInsideRefresh = refresh !== undefined && this.refreshesInProgress > 0;
        const retriesSpent = attempt >= this.guard.maxRetries && (refresh === undefined || refreshed.has(refresh));
        if (decision.kind === 'give-up' || reloginInsideLogin || refreshInsideRefresh || retriesSpent) {
          throw givingUpError(this.guard.apiUrl, action, failure, described, error, attempt + 1, Date.now() - firstTry);
        }
        if (refresh !== undefined) {
          refreshed.add(refresh);
          await this.refresh(refresh, action, failureLabel(failure, error));
          if (params.token !== undefined) params.token = this.csrfToken;
          continue;
        }
        this.announceRetry(action, failureLabel(failure, error), decision.waitMs, attempt + 1);
        await sleep(decision.waitMs);
      }
    }
  }
}

/** A stream for mwn's own notices (its logging is process-wide: the last client connected gets them). */
function mwnNotices(log: Logger): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      // A client's logger closed with its command (in-process tests run many) has no transports left.
      if (log.transports.length) log.debug(`mwn: ${String(chunk).trim()}`);
      done();
    },
  });
}

/** The error for a request given up on: unreachable (no answer at all) or the wiki's refusal. */
function givingUpError(apiUrl: string, action: string, failure: FailedRequest, described: string, error: any, attempts: number, elapsedMs: number): WikiError {
  const tries = attempts > 1 ? ` (${attempts} attempts over ${seconds(elapsedMs)})` : '';
  if (failure.networkFailure) return new WikiUnreachableError(`Could not reach the wiki at ${apiUrl}: ${described}${tries}`);
  if (failure.httpStatus !== undefined && (failure.httpStatus >= 500 || failure.httpStatus === 429)) {
    return new WikiUnreachableError(`The wiki at ${apiUrl} is not available: it answered ${described}${tries}`);
  }
  return new WikiError(
    `The wiki refused action=${action}: ${described}${error?.info ? ` (${error.info})` : ''}`,
    failure.apiCode ?? `http-${failure.httpStatus}`,
  );
}

/** What readPages asks for: everything a PageState holds, of each page's latest revision. */
export const PAGE_STATE_PARAMS = {
  prop: 'revisions|info',
  rvprop: 'ids|timestamp|user|content|contentmodel',
  rvslots: 'main',
  inprop: 'protection',
} as const;

/** Revision parameters that keep the latest revision whole (others pick older revisions, a section, a user…). */
const LATEST_REVISION_PARAMS = new Set(['rvprop', 'rvslots', 'rvcontinue']);

function valuesOf(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? value.map(String) : String(value ?? '').split('|'));
}

/**
 * True when a query asks for at least what readPages asks for (it may ask for more, e.g. categories,
 * or follow redirects): the pages it returns are what readPages would have returned for them.
 */
export function asksForPageStates(params: ApiParams): boolean {
  const covers = Object.entries(PAGE_STATE_PARAMS).every(([name, wanted]) => {
    const asked = valuesOf(params[name]);
    return wanted.split('|').every((value) => asked.has(value));
  });
  return covers && Object.keys(params).every((name) => !name.startsWith('rv') || LATEST_REVISION_PARAMS.has(name));
}

/** Adds a response's pages to `pages`, merging the copies a continued query repeats (each has only the modules not yet done). */
function collectPages(pages: Map<string, any>, response: ApiResponse): void {
  for (const page of response.query?.pages ?? []) pages.set(page.title, { ...pages.get(page.title), ...page });
}

/**
 * The states of the pages in the responses to one such query (all of its continuations). A
 * continued response repeats a page without the modules already done, so the copies are merged;
 * a page is taken only when its info (protection) and its revision (or its absence) are both there.
 */
export function pageStatesIn(responses: readonly ApiResponse[]): PageState[] {
  const pages = new Map<string, any>();
  for (const response of responses) collectPages(pages, response);
  return [...pages.values()].filter((page) => page.protection !== undefined && (page.revisions !== undefined || page.missing)).map(toPageState);
}

function toPageState(page: any): PageState {
  const revision = page.revisions?.[0];
  const slot = revision?.slots?.main;
  return {
    title: page.title,
    namespace: page.ns ?? 0,
    exists: !page.missing && !page.invalid,
    invalidReason: page.invalid ? (page.invalidreason ?? 'invalid title') : undefined,
    revId: revision?.revid ?? null,
    timestamp: revision?.timestamp ?? null,
    lastEditor: revision?.user ?? null,
    text: slot?.content ?? null,
    contentModel: slot?.contentmodel ?? page.contentmodel ?? null,
    isRedirect: page.redirect === true,
    protection: (page.protection ?? []).map((p: any) => ({ type: p.type, level: p.level, expiry: p.expiry })),
  };
}

export class WikiClient implements WikiReader {
  private constructor(
    private readonly mwn: GuardedMwn,
    readonly apiUrl: string,
    readonly userName: string,
    readonly rights: ReadonlySet<string>,
    /** The wiki's id (siteinfo `general.wikiid`), read with the rest of the siteinfo when connecting. */
    readonly wikiId: string,
    readonly siteInfo: SiteInfo,
  ) {}

  /** Logs in (BotPassword) or attaches the OAuth 2 token, then reads who we are. */
  static async connect(options: WikiClientOptions): Promise<WikiClient> {
    const mwn = new GuardedMwn(
      {
        apiUrl: options.apiUrl,
        userAgent: options.userAgent,
        silent: true,
        suppressAPIWarnings: true,
        maxRetries: 0,
        ...(options.auth.kind === 'bot-password'
          ? { username: options.auth.username, password: options.auth.password }
          : { OAuth2AccessToken: options.auth.accessToken }),
        defaultParams: {
          format: 'json',
          formatversion: '2',
          maxlag: options.maxlag,
          ...(options.assert ? { assert: options.assert } : {}),
        },
      },
      options,
    );
    // No redirects followed: api.php does not redirect, and a redirected POST would come back as a
    // GET without its body (a write lost). A wrong URL fails with its HTTP status instead. It also
    // spares axios' redirect wrapper, about a third of the client's time per request.
    mwn.setRequestOptions({ timeout: options.timeoutMs, maxRedirects: 0 });
    // mwn prints some notices itself ("[W] Failed fetching tokens and siteinfo: …"), to stdout by
    // default: they go to the log, at debug level, where they do not garble the command's output.
    Mwn.setLoggingConfig({ stream: mwnNotices(options.log) });
    try {
      if (options.auth.kind === 'bot-password') await mwn.login();
      else await mwn.getTokensAndSiteInfo();
    } catch (error) {
      // No answer is not a wrong password: said as such, with its own exit code.
      if (error instanceof WikiUnreachableError) throw error;
      const who = options.auth.kind === 'bot-password' ? options.auth.username : 'the OAuth 2 token';
      throw new LoginError(`Could not log in to ${options.apiUrl} as ${who}: ${errorMessage(error)}`);
    }
    const info = await mwn.request({
      action: 'query',
      meta: 'userinfo|siteinfo',
      uiprop: 'rights|groups',
      siprop: `general|extensiontags|${siteInfoProps(SITE_INFO_SECTIONS)}`,
    });
    // Wikitext is read with this wiki's extension tags and namespace names, titles are normalised by
    // its namespaces, the ledger is bound to its wiki id, and tasks learn its extensions, languages
    // and namespaces (WikiReader.siteInfo): all from this one siteinfo read.
    const siteInfo: SiteInfo = { ...siteInfoOf(info, SITE_INFO_SECTIONS), ...maxArticleBytesOf(info) };
    configureWikitext(wikitextSiteInfo(info.query));
    configureTitles(siteInfo.namespaces);
    const user = info.query.userinfo;
    if (user.anon) throw new LoginError(`The wiki at ${options.apiUrl} does not recognise the credentials`);
    return new WikiClient(mwn, options.apiUrl, user.name, new Set<string>(user.rights ?? []), String(info.query.general?.wikiid ?? ''), siteInfo);
  }

  /** API requests sent so far, retries included. */
  get requestCount(): number {
    return this.mwn.requestCount;
  }

  get hasApiHighLimits(): boolean {
    return this.rights.has('apihighlimits');
  }

  /** How many titles one request may name: 50, or 500 with apihighlimits. */
  get titlesPerRequest(): number {
    return this.hasApiHighLimits ? 500 : 50;
  }

  async query(params: ApiParams): Promise<ApiResponse> {
    // mwn sends every query by GET; one naming hundreds of titles would make a URL longer than
    // servers accept, so a long one goes by POST (MediaWiki reads the same parameters either way).
    const long = JSON.stringify(params).length > LONG_QUERY_CHARS;
    return this.mwn.request({ action: 'query', ...params }, long ? { method: 'post' } : {});
  }

  async *queryAll(params: ApiParams): AsyncGenerator<ApiResponse> {
    let next: Record<string, string> | undefined = {};
    while (next) {
      const response: ApiResponse = await this.query({ ...params, ...next });
      yield response;
      next = response.continue;
    }
  }

  /**
   * Reads the latest revision (text, ids, model) and protection of many pages, in batches of
   * `titlesPerRequest`, by POST. The map is keyed by the titles as given.
   */
  async readPages(titles: readonly string[]): Promise<Map<string, PageState>> {
    const result = new Map<string, PageState>();
    const unique = [...new Set(titles)];
    for (const batch of batchesOf(unique, this.titlesPerRequest)) {
      const pages = new Map<string, any>();
      const renamed = new Map<string, string>();
      let next: Record<string, string> | undefined = {};
      while (next) {
        const response: ApiResponse = await this.mwn.request(
          {
            action: 'query',
            ...PAGE_STATE_PARAMS,
            titles: batch,
            ...next,
          },
          { method: 'post' },
        );
        for (const n of response.query?.normalized ?? []) renamed.set(n.from, n.to);
        collectPages(pages, response);
        next = response.continue;
      }
      for (const title of batch) {
        const page = pages.get(renamed.get(title) ?? title);
        if (page) result.set(title, toPageState(page));
      }
    }
    return result;
  }

  /** Sends one write (POST, with the CSRF token). Only src/core/writer.ts calls this. */
  async write(params: ApiParams): Promise<ApiResponse> {
    return this.mwn.request({ ...params, token: this.mwn.csrfToken }, { method: 'post' });
  }
}
