import type { GraphClient } from './client';
import { GraphError } from './errors';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUSES } from './retry';
import { cancelledError, remoteErrorOf } from './transport';
import type { GraphVersion } from './types';

/** Graph accepts at most 20 requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequestItem {
  /** Returned as is in the result; defaults to the item's position. Cross-item `dependsOn` is not supported. */
  readonly id?: string;
  readonly method: string;
  /** Relative to the version root, e.g. `/users/{id}?$select=id`. */
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BatchOptions {
  readonly version?: GraphVersion;
  readonly scopes?: readonly string[];
  readonly signal?: AbortSignal;
}

export type BatchItemResult<T = unknown> =
  | {
      readonly id: string;
      readonly ok: true;
      readonly status: number;
      readonly body: T;
      readonly headers: Record<string, string>;
    }
  | { readonly id: string; readonly ok: false; readonly status: number | null; readonly error: GraphError };

interface InnerResponse {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/**
 * Sends the items in chunks of ≤ 20, one chunk at a time. Inner answers 429/503/504 are sent
 * again (only those), after the longest inner Retry-After (or backoff), within the client's
 * attempt and time bounds; a failure of the `$batch` call itself is thrown.
 */
export async function runBatch<T>(
  client: GraphClient,
  items: readonly BatchRequestItem[],
  options: BatchOptions,
): Promise<BatchItemResult<T>[]> {
  const results: BatchItemResult<T>[] = new Array<BatchItemResult<T>>(items.length);
  for (let start = 0; start < items.length; start += MAX_BATCH_SIZE) {
    const indexes = items.slice(start, start + MAX_BATCH_SIZE).map((_item, offset) => start + offset);
    await runChunk(client, items, indexes, options, results);
  }
  return results;
}

async function runChunk<T>(
  client: GraphClient,
  items: readonly BatchRequestItem[],
  indexes: number[],
  options: BatchOptions,
  results: BatchItemResult<T>[],
): Promise<void> {
  const policy = client.retry;
  const started = client.now();
  let waited = 0;
  let pending = indexes;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const response = await client.post<{ responses?: InnerResponse[] }>(
      '/$batch',
      { requests: pending.map((index) => innerRequest(items[index] as BatchRequestItem, index)) },
      {
        ...(options.version ? { version: options.version } : {}),
        ...(options.scopes ? { scopes: options.scopes } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const byId = new Map<string, InnerResponse>();
    for (const inner of response.body?.responses ?? []) byId.set(String(inner.id), inner);
    const retry: number[] = [];
    let longestWait = 0;
    for (const index of pending) {
      const inner = byId.get(String(index));
      const status = typeof inner?.status === 'number' ? inner.status : null;
      if (status !== null && RETRYABLE_STATUSES.has(status) && attempt < policy.maxAttempts) {
        const retryAfter = parseRetryAfter(headerOf(inner?.headers, 'retry-after'), client.now());
        longestWait = Math.max(longestWait, backoffDelay(attempt, retryAfter, policy));
        retry.push(index);
        continue;
      }
      results[index] = resultOf<T>(items[index] as BatchRequestItem, index, inner, status, response, attempt);
    }
    if (retry.length === 0) return;
    if (Math.max(client.now() - started, waited) + longestWait > policy.maxTotalMs) {
      for (const index of retry) {
        const inner = byId.get(String(index));
        results[index] = resultOf<T>(
          items[index] as BatchRequestItem,
          index,
          inner,
          inner?.status as number,
          response,
          attempt,
        );
      }
      return;
    }
    try {
      await client.sleep(longestWait, options.signal);
    } catch (error) {
      throw cancelledError(
        {
          resource: 'graph',
          method: 'POST',
          path: '/$batch',
          requestId: response.requestId,
          clientRequestId: response.clientRequestId,
          attempts: attempt,
        },
        error,
      );
    }
    waited += longestWait;
    pending = retry;
  }
}

function innerRequest(item: BatchRequestItem, index: number): Record<string, unknown> {
  const headers: Record<string, string> = { ...(item.headers ?? {}) };
  if (
    item.body !== undefined &&
    !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  ) {
    headers['Content-Type'] = 'application/json';
  }
  return {
    id: String(index),
    method: item.method.toUpperCase(),
    url: item.url.startsWith('/') ? item.url : `/${item.url}`,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(item.body === undefined ? {} : { body: item.body }),
  };
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | null {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return null;
}

function resultOf<T>(
  item: BatchRequestItem,
  index: number,
  inner: InnerResponse | undefined,
  status: number | null,
  outer: { requestId: string | null; clientRequestId: string },
  attempts: number,
): BatchItemResult<T> {
  const id = item.id ?? String(index);
  if (status !== null && status >= 200 && status < 300) {
    return { id, ok: true, status, body: inner?.body as T, headers: { ...(inner?.headers ?? {}) } };
  }
  const remote = remoteErrorOf(inner?.body);
  const error = new GraphError({
    kind: status !== null && RETRYABLE_STATUSES.has(status) ? 'throttled' : 'http',
    resource: 'graph',
    method: item.method.toUpperCase(),
    path: item.url.split('?')[0] ?? item.url,
    status,
    remoteCode: remote.code ?? (inner ? null : 'MissingBatchResponse'),
    remoteMessage: remote.message,
    requestId: headerOf(inner?.headers, 'request-id') ?? outer.requestId,
    clientRequestId: outer.clientRequestId,
    attempts,
  });
  return { id, ok: false, status, error };
}
