import { randomUUID } from 'node:crypto';

import { type Dispatcher, fetch as undiciFetch } from 'undici';

import { AppError } from '../shared';
import { type BatchItemResult, type BatchOptions, type BatchRequestItem, runBatch } from './batch';
import { GraphError } from './errors';
import {
  type AttemptRecord,
  type Base,
  failureOf,
  finalError,
  logEntryFor,
  responseRequestId,
} from './outcome';
import { createProxyDispatcher } from './proxy';
import { type ReplicationOptions, waitForReplication } from './replication';
import { redactBody, type RequestLog } from './request-log';
import {
  abortableSleep,
  backoffDelay,
  mayRetry,
  parseRetryAfter,
  type RetryPolicy,
  retryPolicy,
  type Sleep,
} from './retry';
import { cancelledError, runAttempt } from './transport';
import {
  type ApiResource,
  DEFAULT_SCOPES,
  type FetchLike,
  type GraphClientOptions,
  type GraphRequest,
  type GraphResponse,
} from './types';
import { buildUrl } from './urls';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** listAll stops after this many pages unless told otherwise (a runaway nextLink cannot loop forever). */
export const DEFAULT_MAX_PAGES = 200;

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
    // A token refused with 401 (expired or revoked during a long run) is renewed once, skipping the
    // token cache; the service did not act on the call, so even a POST may be sent again.
    let renewToken = false;
    let tokenRenewed = false;
    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw cancelledError({ ...base, attempts: attempt - 1 }, signal.reason);
      const headers = await this.headersFor(resource, request, clientRequestId, base, attempt, renewToken);
      renewToken = false;
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
      if (outcome.type === 'response' && outcome.status === 401 && !tokenRenewed) {
        tokenRenewed = true;
        renewToken = true;
        retryIn = 0;
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
        throw finalError(
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
    const url = buildUrl(resource === 'arm' ? this.armBase : this.graphBase, resource, request);
    if (url instanceof URL) return url;
    return fail(this.invalid(resource, method, url.path, clientRequestId));
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
    forceRefresh: boolean,
  ): Promise<Record<string, string>> {
    let token: string;
    try {
      token = await this.options.getAccessToken(
        {
          resource,
          scopes: request.scopes ?? DEFAULT_SCOPES[resource],
          ...(forceRefresh ? { forceRefresh: true } : {}),
        },
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

  private record(entry: Omit<AttemptRecord, 'endedAt'>): void {
    if (!this.log) return;
    try {
      this.log.write(logEntryFor({ ...entry, endedAt: this.now() }));
    } catch {
      // A broken log must never break a call.
    }
  }
}

function fail(error: GraphError): never {
  throw error;
}
