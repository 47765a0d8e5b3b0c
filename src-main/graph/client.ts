import { randomUUID } from 'node:crypto';

import { type Dispatcher, fetch as undiciFetch } from 'undici';

import { AppError } from '../shared';
import type { BatchItemResult, BatchOptions, BatchRequestItem } from './batch';
import { runBatch } from './batch';
import { GraphError, type GraphErrorDetails } from './errors';
import { createProxyDispatcher } from './proxy';
import { type ReplicationOptions, waitForReplication } from './replication';
import { redactBody, redactUrl, type RequestLog } from './request-log';
import {
  abortableSleep,
  backoffDelay,
  mayRetry,
  parseRetryAfter,
  type RetryPolicy,
  retryPolicy,
  type Sleep,
} from './retry';
import { type AttemptOutcome, cancelledError, remoteErrorOf, runAttempt } from './transport';
import {
  type ApiResource,
  DEFAULT_SCOPES,
  type FetchLike,
  type GraphClientOptions,
  type GraphRequest,
  type GraphResponse,
  type QueryValue,
} from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** listAll stops after this many pages unless told otherwise (a runaway nextLink cannot loop forever). */
export const DEFAULT_MAX_PAGES = 200;

type Base = Omit<GraphErrorDetails, 'kind' | 'status' | 'remoteCode' | 'remoteMessage' | 'attempts'>;

/**
 * The one HTTP client for Microsoft Graph and Azure Resource Manager. Every call gets a
 * `client-request-id` (the same across its retries), a bearer token from the injected source,
 * bounded retries on 429/503/504 and network errors, a per-attempt timeout, cancellation, and a
 * redacted line per attempt in the request log. Failures are thrown as `GraphError`.
 */
export class GraphClient {
  private readonly graphBase: URL;
  private readonly armBase: URL;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchLike;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly log: RequestLog | undefined;
  readonly sleep: Sleep;
  readonly now: () => number;

  constructor(private readonly options: GraphClientOptions) {
    this.graphBase = new URL(options.graphBaseUrl.replace(/\/+$/, ''));
    this.armBase = new URL(options.armBaseUrl.replace(/\/+$/, ''));
    this.policy = retryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ownDispatcher = options.dispatcher ? null : createProxyDispatcher();
    this.dispatcher = options.dispatcher ?? ownDispatcher ?? undefined;
    this.ownsDispatcher = ownDispatcher !== null;
    this.fetchImpl = options.fetch ?? (undiciFetch as unknown as FetchLike);
    this.log = options.requestLog;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
  }

  get retry(): RetryPolicy {
    return this.policy;
  }

  /** Sends one logical call (with its retries); resolves on 2xx, throws `GraphError` otherwise. */
  async request<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const resource = request.resource ?? 'graph';
    const method = (request.method ?? 'GET').toUpperCase();
    const clientRequestId = randomUUID();
    const url = this.urlFor(resource, request, method, clientRequestId);
    const base: Base = { resource, method, path: url.pathname, requestId: null, clientRequestId };
    const { signal } = request;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const loggedBody = request.body === undefined ? undefined : redactBody(request.body);
    const started = this.now();
    let waited = 0;
    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw cancelledError({ ...base, attempts: attempt - 1 }, signal.reason);
      const headers = await this.headersFor(resource, request, clientRequestId, base, attempt);
      const attemptStart = this.now();
      const attemptStartedAt = new Date().toISOString();
      const outcome = await runAttempt(
        (attemptSignal) =>
          this.fetchImpl(url.toString(), {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
            signal: attemptSignal,
            ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
          }),
        this.timeoutMs,
        signal,
      );
      const requestId = outcome.type === 'response' ? responseRequestId(outcome.headers) : null;
      const failure = failureOf(outcome);
      let retryIn: number | null = null;
      if (failure && mayRetry(method, failure) && attempt < this.policy.maxAttempts) {
        const retryAfter =
          outcome.type === 'response'
            ? parseRetryAfter(outcome.headers.get('retry-after'), this.now())
            : null;
        const delay = backoffDelay(attempt, retryAfter, this.policy);
        const spent = Math.max(this.now() - started, waited);
        if (spent + delay <= this.policy.maxTotalMs) retryIn = delay;
      }
      this.record({
        attemptStartedAt,
        attemptStart,
        method,
        url,
        outcome,
        requestId,
        clientRequestId,
        attempt,
        loggedBody,
        retryIn,
      });
      if (outcome.type === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return {
          status: outcome.status,
          body: outcome.body as T,
          headers: outcome.headers,
          requestId,
          clientRequestId,
          attempts: attempt,
        };
      }
      if (outcome.type === 'cancelled')
        throw cancelledError({ ...base, requestId, attempts: attempt }, signal?.reason);
      if (retryIn === null)
        throw this.finalError(
          outcome,
          { ...base, requestId },
          attempt,
          failure !== null && mayRetry(method, failure),
        );
      try {
        await this.sleep(retryIn, signal);
      } catch (error) {
        throw cancelledError({ ...base, requestId, attempts: attempt }, error);
      }
      waited += retryIn;
    }
  }

  get<T = unknown>(
    path: string,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<GraphResponse<T>> {
    return this.request<T>({ ...options, path, method: 'GET' });
  }

  post<T = unknown>(
    path: string,
    body: unknown,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<GraphResponse<T>> {
    return this.request<T>({ ...options, path, method: 'POST', body });
  }

  patch<T = unknown>(
    path: string,
    body: unknown,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<GraphResponse<T>> {
    return this.request<T>({ ...options, path, method: 'PATCH', body });
  }

  put<T = unknown>(
    path: string,
    body: unknown,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<GraphResponse<T>> {
    return this.request<T>({ ...options, path, method: 'PUT', body });
  }

  delete(
    path: string,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<GraphResponse<unknown>> {
    return this.request({ ...options, path, method: 'DELETE' });
  }

  /** GET that answers null for a 404 (lookups before create); other failures still throw. */
  async find<T>(
    path: string,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> = {},
  ): Promise<T | null> {
    try {
      return (await this.get<T>(path, options)).body;
    } catch (error) {
      if (error instanceof GraphError && error.isNotFound) return null;
      throw error;
    }
  }

  /**
   * All items of a collection, following `@odata.nextLink` (Graph) or `nextLink` (ARM) up to
   * `maxPages` pages; more pages than that is an error rather than a silent truncation.
   */
  async listAll<T>(
    path: string,
    options: Omit<GraphRequest, 'path' | 'method' | 'body'> & { readonly maxPages?: number } = {},
  ): Promise<T[]> {
    const { maxPages = DEFAULT_MAX_PAGES, ...rest } = options;
    const items: T[] = [];
    let next: GraphRequest | null = { ...rest, path, method: 'GET' };
    for (let page = 1; next !== null; page += 1) {
      const response: GraphResponse<{ value?: T[]; '@odata.nextLink'?: string; nextLink?: string }> =
        await this.request(next);
      items.push(...(response.body?.value ?? []));
      const link = response.body?.['@odata.nextLink'] ?? response.body?.nextLink;
      if (!link) return items;
      if (page >= maxPages) {
        throw new AppError('invalid-input', 'graph.error.tooManyPages', { pages: maxPages });
      }
      // The link carries the query (skip token, api-version); headers and scopes stay.
      next = { ...rest, path: link, method: 'GET', query: {}, apiVersion: undefined };
    }
    return items;
  }

  /** Graph `$batch`: chunks of ≤ 20, inner 429/503/504 retried, results in input order. */
  batch<T = unknown>(
    items: readonly BatchRequestItem[],
    options: BatchOptions = {},
  ): Promise<BatchItemResult<T>[]> {
    return runBatch<T>(this, items, options);
  }

  /** Polls a just-created object until it reads back `consecutiveSuccesses` times in a row. */
  waitForReplication<T = unknown>(path: string, options: ReplicationOptions = {}): Promise<T> {
    return waitForReplication<T>(this, path, options);
  }

  /** Closes the proxy agent this client created (not one it was given). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher?.close();
  }

  private urlFor(resource: ApiResource, request: GraphRequest, method: string, clientRequestId: string): URL {
    const base = resource === 'arm' ? this.armBase : this.graphBase;
    let url: URL;
    if (/^https?:\/\//i.test(request.path)) {
      url = new URL(request.path);
      // Never send the bearer token to another host than the configured one.
      if (url.origin !== base.origin) throw this.invalid(resource, method, url.pathname, clientRequestId);
    } else {
      const path = request.path.startsWith('/') ? request.path : `/${request.path}`;
      const prefix = resource === 'graph' ? `/${request.version ?? 'v1.0'}` : '';
      url = new URL(`${base.toString().replace(/\/+$/, '')}${prefix}${path}`);
      if (resource === 'arm' && !request.apiVersion && !url.searchParams.has('api-version')) {
        throw this.invalid(resource, method, url.pathname, clientRequestId);
      }
    }
    const query: Record<string, QueryValue> = { ...(request.query ?? {}) };
    if (resource === 'arm' && request.apiVersion) query['api-version'] = request.apiVersion;
    const extra = Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeQueryKey(key)}=${encodeURIComponent(String(value))}`);
    if (extra.length > 0)
      url.search = url.search ? `${url.search}&${extra.join('&')}` : `?${extra.join('&')}`;
    return url;
  }

  private invalid(resource: ApiResource, method: string, path: string, clientRequestId: string): GraphError {
    return new GraphError({
      kind: 'invalid-request',
      resource,
      method,
      path,
      status: null,
      remoteCode: null,
      remoteMessage: null,
      requestId: null,
      clientRequestId,
      attempts: 0,
    });
  }

  private async headersFor(
    resource: ApiResource,
    request: GraphRequest,
    clientRequestId: string,
    base: Base,
    attempt: number,
  ): Promise<Record<string, string>> {
    let token: string;
    try {
      token = await this.options.getAccessToken(
        { resource, scopes: request.scopes ?? DEFAULT_SCOPES[resource] },
        request.signal,
      );
    } catch (error) {
      if (request.signal?.aborted) throw cancelledError({ ...base, attempts: attempt - 1 }, error);
      throw error;
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'client-request-id': clientRequestId,
      ...(resource === 'arm' ? { 'x-ms-client-request-id': clientRequestId } : {}),
      ...(request.headers ?? {}),
      Authorization: `Bearer ${token}`,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  private finalError(
    outcome: AttemptOutcome,
    base: Base,
    attempts: number,
    wasRetryable: boolean,
  ): GraphError {
    if (outcome.type === 'timeout') {
      return new GraphError({
        ...base,
        kind: 'timeout',
        status: null,
        remoteCode: null,
        remoteMessage: null,
        attempts,
      });
    }
    if (outcome.type === 'network') {
      return new GraphError(
        {
          ...base,
          kind: 'network',
          status: null,
          remoteCode: outcome.code,
          remoteMessage: outcome.message,
          attempts,
        },
        { cause: outcome.cause },
      );
    }
    if (outcome.type === 'response') {
      const remote = remoteErrorOf(outcome.body);
      return new GraphError({
        ...base,
        kind: wasRetryable ? 'throttled' : 'http',
        status: outcome.status,
        remoteCode: remote.code,
        remoteMessage: remote.message,
        attempts,
      });
    }
    return cancelledError({ ...base, attempts });
  }

  private record(entry: {
    attemptStartedAt: string;
    attemptStart: number;
    method: string;
    url: URL;
    outcome: AttemptOutcome;
    requestId: string | null;
    clientRequestId: string;
    attempt: number;
    loggedBody: unknown;
    retryIn: number | null;
  }): void {
    if (!this.log) return;
    const { outcome } = entry;
    const status = outcome.type === 'response' ? outcome.status : null;
    let error: { code: string | null; message: string | null } | undefined;
    if (outcome.type === 'response' && outcome.status >= 400) {
      const remote = remoteErrorOf(outcome.body);
      error = {
        code: remote.code,
        message: remote.message === null ? null : String(redactBody(remote.message)),
      };
    } else if (outcome.type === 'network') {
      error = { code: outcome.code, message: String(redactBody(outcome.message)) };
    } else if (outcome.type === 'timeout' || outcome.type === 'cancelled') {
      error = { code: outcome.type, message: null };
    }
    try {
      this.log.write({
        time: entry.attemptStartedAt,
        method: entry.method,
        url: redactUrl(entry.url.toString()),
        status,
        durationMs: Math.max(0, Math.round(this.now() - entry.attemptStart)),
        requestId: entry.requestId,
        clientRequestId: entry.clientRequestId,
        attempt: entry.attempt,
        ...(entry.loggedBody === undefined ? {} : { body: entry.loggedBody }),
        ...(error ? { error } : {}),
        ...(entry.retryIn === null ? {} : { retryInMs: entry.retryIn }),
      });
    } catch {
      // A broken log must never break a call.
    }
  }
}

function encodeQueryKey(key: string): string {
  // OData system options keep their `$`; everything else is encoded.
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}

function responseRequestId(headers: Headers): string | null {
  return headers.get('request-id') ?? headers.get('x-ms-request-id');
}

function failureOf(
  outcome: AttemptOutcome,
): { status: number } | { networkCode: string | null; timedOut: boolean } | null {
  if (outcome.type === 'response')
    return outcome.status >= 200 && outcome.status < 300 ? null : { status: outcome.status };
  if (outcome.type === 'network') return { networkCode: outcome.code, timedOut: false };
  if (outcome.type === 'timeout') return { networkCode: null, timedOut: true };
  return null;
}
