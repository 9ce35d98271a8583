// How the client reacts to a failed request: retry (after how long), refresh a token, log in again, or give up.
// Writes are special: a write whose answer was lost may have reached the wiki, so it is never retried here.

export type RetryDecision =
  | { kind: 'retry'; waitMs: number; refresh?: 'token' | 'login' }
  | { kind: 'give-up' }
  | { kind: 'outcome-unknown' };

export interface FailedRequest {
  /** API error code (`maxlag`, `badtoken`, …) when the wiki answered with an error body. */
  apiCode?: string;
  /** HTTP status when the answer was not a 2xx. */
  httpStatus?: number;
  /** Retry-After in seconds, from the response headers, when present. */
  retryAfterSeconds?: number;
  /** True when no answer came back at all (dropped connection, timeout, refused). */
  networkFailure: boolean;
}

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** Errors the wiki sends before doing anything: safe to retry for reads and writes alike. */
const REFUSED_BEFORE_ACTING = new Set(['maxlag', 'ratelimited', 'readonly']);
const SESSION_LOST = new Set(['assertbotfailed', 'assertuserfailed', 'assertnameduserfailed', 'notloggedin']);
const TRANSIENT_HTTP = new Set([408, 425, 500, 502, 503, 504]);

export function backoffMs(attempt: number, failure: FailedRequest, settings: BackoffSettings): number {
  if (failure.retryAfterSeconds !== undefined && failure.retryAfterSeconds >= 0) {
    return Math.min(failure.retryAfterSeconds * 1000, settings.maxMs);
  }
  return Math.min(settings.baseMs * 2 ** attempt, settings.maxMs);
}

export function decideRetry(
  failure: FailedRequest,
  isWrite: boolean,
  attempt: number,
  settings: BackoffSettings,
): RetryDecision {
  const waitMs = backoffMs(attempt, failure, settings);
  if (failure.apiCode !== undefined) {
    if (REFUSED_BEFORE_ACTING.has(failure.apiCode)) return { kind: 'retry', waitMs };
    if (failure.apiCode === 'badtoken') return { kind: 'retry', waitMs: 0, refresh: 'token' };
    if (SESSION_LOST.has(failure.apiCode)) return { kind: 'retry', waitMs: 0, refresh: 'login' };
    return { kind: 'give-up' };
  }
  if (failure.httpStatus === 429) return { kind: 'retry', waitMs };
  const transient = failure.networkFailure || (failure.httpStatus !== undefined && TRANSIENT_HTTP.has(failure.httpStatus));
  if (!transient) return { kind: 'give-up' };
  return isWrite ? { kind: 'outcome-unknown' } : { kind: 'retry', waitMs };
}
