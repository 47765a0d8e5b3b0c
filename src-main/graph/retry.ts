/**
 * Retry policy of the Graph/ARM client: which answers are retried, how long to wait, and the
 * bounds (attempts, one wait, total time) that keep every loop finite.
 */

export interface RetryOptions {
  /** Attempts for one logical call, the first included (default 5). */
  readonly maxAttempts?: number;
  /** First backoff step when the server gives no Retry-After (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Cap on any single wait, Retry-After included (default 60 s). */
  readonly maxDelayMs?: number;
  /** Cap on the time one logical call may take, waits included (default 3 min). */
  readonly maxTotalMs?: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  maxTotalMs: 180_000,
  random: Math.random,
};

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...stripUndefined(options) };
  return {
    ...policy,
    maxAttempts: Math.max(1, Math.floor(policy.maxAttempts)),
    baseDelayMs: Math.max(0, policy.baseDelayMs),
    maxDelayMs: Math.max(0, policy.maxDelayMs),
    maxTotalMs: Math.max(0, policy.maxTotalMs),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>;
}

/** Statuses Graph and ARM use for "not now, try again": throttled, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/**
 * `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`; null when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names a weekday and a month; without letters Date.parse would accept "-5" or "2".
  if (!/[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1). The server's Retry-After wins when
 * given; otherwise exponential backoff with full jitter: random in [0, base·2^(attempt-1)).
 * Either way the wait is capped at `maxDelayMs`.
 */
export function backoffDelay(attempt: number, retryAfterMs: number | null, policy: RetryPolicy): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(policy.random() * ceiling);
}

/** Error codes that mean the connection was never made, so the server cannot have seen the request. */
const CONNECT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isConnectError(code: string | null): boolean {
  return code !== null && CONNECT_ERROR_CODES.has(code);
}

/**
 * Whether a failure may be retried for this method.
 *
 * GET/HEAD/PUT/DELETE/PATCH are treated as idempotent (PATCH in Graph sets properties to given
 * values). POST is not: creating an application twice makes two applications. So POST is retried
 * only when the server certainly did not act on it — a 429/503/504 answer (the request was
 * refused) or a connect-phase error (the request never left) — and never after a reset, a cut
 * or a timeout once the request was on the wire. Callers make their steps idempotent by looking
 * the object up before creating it, which also covers the non-retried cases after a re-run.
 */
export function mayRetry(
  method: string,
  failure: { readonly status: number } | { readonly networkCode: string | null; readonly timedOut: boolean },
): boolean {
  if ('status' in failure) return RETRYABLE_STATUSES.has(failure.status);
  if (method.toUpperCase() !== 'POST') return true;
  return !failure.timedOut && isConnectError(failure.networkCode);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolvePromise, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
