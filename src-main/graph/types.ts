import type { Dispatcher } from 'undici';

import type { RequestLog } from './request-log';
import type { RetryOptions, Sleep } from './retry';

export type ApiResource = 'graph' | 'arm';

export interface AccessTokenRequest {
  readonly resource: ApiResource;
  readonly scopes: readonly string[];
  /** The last token was refused (401): get a new one instead of the cached one. */
  readonly forceRefresh?: boolean;
}

/** Supplies a bearer token; the identity module provides one, tests pass a constant. */
export type AccessTokenSource = (request: AccessTokenRequest, signal?: AbortSignal) => Promise<string>;

export type GraphVersion = 'v1.0' | 'beta';

/** The fetch the client calls: the global one, undici's, or a test double. */
export type FetchLike = (input: string, init: FetchInit) => Promise<Response>;

export interface FetchInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  readonly dispatcher?: Dispatcher;
}

export interface GraphClientOptions {
  /** `https://graph.microsoft.com`, or the emulator's `graphBaseUrl`; the version is appended. */
  readonly graphBaseUrl: string;
  /** `https://management.azure.com`, or the emulator's `armBaseUrl`. */
  readonly armBaseUrl: string;
  readonly getAccessToken: AccessTokenSource;
  /** Where each attempt is recorded (JSONL file or memory); redacted. */
  readonly requestLog?: RequestLog;
  readonly retry?: RetryOptions;
  /** Time limit of one attempt, answer body included (default 30 s). */
  readonly timeoutMs?: number;
  /** For tests only; default is undici's fetch with `dispatcher`. */
  readonly fetch?: FetchLike;
  /**
   * Connection pool / proxy. Default: an undici `EnvHttpProxyAgent` when HTTPS_PROXY or HTTP_PROXY
   * is set (NO_PROXY respected, loopback always direct), else undici's default agent. The desktop
   * shell can pass `createProxyDispatcher({ httpsProxy })` with the system proxy it resolved.
   */
  readonly dispatcher?: Dispatcher;
  readonly sleep?: Sleep;
  /** Clock for the time bounds; default `Date.now`. */
  readonly now?: () => number;
}

export type QueryValue = string | number | boolean | undefined;

export interface GraphRequest {
  readonly resource?: ApiResource;
  readonly method?: string;
  /** Relative to the version root (`/applications`) or to ARM's root (`/subscriptions`), or an absolute nextLink on the same host. */
  readonly path: string;
  /** Graph only (default v1.0); use beta only where v1.0 lacks the feature. */
  readonly version?: GraphVersion;
  /** ARM's `api-version`; required for relative ARM paths. */
  readonly apiVersion?: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Extra headers, e.g. `ConsistencyLevel: eventual`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: `https://graph.microsoft.com/.default` or ARM's `user_impersonation`. */
  readonly scopes?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface GraphResponse<T> {
  readonly status: number;
  /** Parsed JSON body (undefined for 204 or an empty body; text when not JSON). */
  readonly body: T;
  readonly headers: Headers;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly attempts: number;
}

export const DEFAULT_SCOPES: Readonly<Record<ApiResource, readonly string[]>> = {
  graph: ['https://graph.microsoft.com/.default'],
  arm: ['https://management.azure.com/user_impersonation'],
};
