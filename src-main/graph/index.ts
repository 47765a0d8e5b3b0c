/**
 * Graph/ARM client: the one HTTP client every remote step uses (Microsoft Graph v1.0, beta only
 * where needed, and Azure Resource Manager).
 *
 * ```ts
 * const client = new GraphClient({
 *   graphBaseUrl: emulator.graphBaseUrl,          // or https://graph.microsoft.com
 *   armBaseUrl: emulator.armBaseUrl,              // or https://management.azure.com
 *   getAccessToken: ({ resource, scopes }, signal) => tokens.acquire(resource, scopes, signal),
 *   requestLog: new FileRequestLog(join(home, 'requests.jsonl')),
 * });
 * const app = (await client.post<Application>('/applications', { displayName })).body;
 * await client.waitForReplication(`/applications/${app.id}`);
 * const users = await client.listAll<User>('/users', { query: { $top: 100, $select: 'id,displayName' } });
 * const subs = await client.get('/subscriptions', { resource: 'arm', apiVersion: '2022-12-01' });
 * ```
 * Failures are thrown as `GraphError` (an `AppError` with a localized `messageKey` in the
 * `graph.error.*` catalogue, plus `kind`, `status`, `remoteCode`, `requestId`, `clientRequestId`,
 * `attempts`). `find()` answers null for a 404 so idempotent steps can look up before creating.
 */
export { type BatchItemResult, type BatchOptions, type BatchRequestItem, MAX_BATCH_SIZE } from './batch';
export { DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS, GraphClient } from './client';
export { GraphError, type GraphErrorDetails, type GraphErrorKind, isGraphError } from './errors';
export { createProxyDispatcher, LOOPBACK_NO_PROXY, type ProxySettings, proxySettingsFromEnv } from './proxy';
export type { ReplicationOptions } from './replication';
export {
  FileRequestLog,
  MemoryRequestLog,
  redactBody,
  redactUrl,
  type RequestLog,
  type RequestLogEntry,
} from './request-log';
export {
  abortableSleep,
  backoffDelay,
  DEFAULT_RETRY,
  mayRetry,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
  type Sleep,
} from './retry';
export {
  type AccessTokenRequest,
  type AccessTokenSource,
  type ApiResource,
  DEFAULT_SCOPES,
  type FetchInit,
  type FetchLike,
  type GraphClientOptions,
  type GraphRequest,
  type GraphResponse,
  type GraphVersion,
  type QueryValue,
} from './types';
