import { AppError, type ErrorCode } from '../shared';
import type { ApiResource } from './types';

/**
 * What went wrong, from the client's point of view:
 * - `http`: the service answered with an error status (its code is in `remoteCode`);
 * - `throttled`: 429/503/504 until the retry bounds ran out;
 * - `network`: no answer (refused, reset, cut, DNS, proxy);
 * - `timeout`: no answer within the per-attempt time limit;
 * - `cancelled`: the caller's AbortSignal fired;
 * - `replication`: a just-created object did not become readable in time;
 * - `invalid-request`: the call was refused before sending (e.g. a URL outside the configured hosts).
 */
export type GraphErrorKind =
  'http' | 'throttled' | 'network' | 'timeout' | 'cancelled' | 'replication' | 'invalid-request';

export interface GraphErrorDetails {
  readonly kind: GraphErrorKind;
  readonly resource: ApiResource;
  readonly method: string;
  /** Path without host and query, e.g. `/v1.0/applications/…` (safe to log). */
  readonly path: string;
  readonly status: number | null;
  /** Graph or ARM error code (`Request_ResourceNotFound`, `AuthorizationFailed`…), or the socket error code. */
  readonly remoteCode: string | null;
  /** The service's own (English) message; for logs and support, not shown as is. */
  readonly remoteMessage: string | null;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly attempts: number;
}

/** A failed Graph/ARM call, with a localized explanation that says what to do. */
export class GraphError extends AppError {
  readonly kind: GraphErrorKind;
  readonly resource: ApiResource;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly remoteCode: string | null;
  readonly remoteMessage: string | null;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly attempts: number;

  constructor(details: GraphErrorDetails, options?: { cause?: unknown; messageKey?: string }) {
    const [code, key] = explain(details);
    super(code, options?.messageKey ?? key, messageParams(details), { cause: options?.cause });
    this.name = 'GraphError';
    this.kind = details.kind;
    this.resource = details.resource;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.remoteCode = details.remoteCode;
    this.remoteMessage = details.remoteMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.attempts = details.attempts;
  }

  /** True for a 404 from the service (the object does not exist, or is not replicated yet). */
  get isNotFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

function messageParams(details: GraphErrorDetails): Record<string, string | number> {
  return {
    status: details.status ?? 0,
    code: details.remoteCode ?? '—',
    requestId: details.requestId ?? details.clientRequestId,
    attempts: details.attempts,
    method: details.method,
  };
}

const K = 'graph.error.';

/** Chooses the app-level error code and the message key for a failure. */
function explain(details: GraphErrorDetails): [ErrorCode, string] {
  const { kind, status, remoteCode, resource } = details;
  switch (kind) {
    case 'cancelled':
      return ['cancelled', `${K}cancelled`];
    case 'timeout':
      return ['unavailable', `${K}timeout`];
    case 'network':
      return ['unavailable', `${K}network`];
    case 'replication':
      return ['not-found', `${K}replicationTimeout`];
    case 'invalid-request':
      return ['invalid-input', `${K}invalidRequest`];
    case 'throttled':
      return ['unavailable', status === 429 ? `${K}throttled` : `${K}serviceUnavailable`];
    case 'http':
      return explainStatus(status ?? 0, remoteCode ?? '', resource);
  }
}

/** Remote codes with their own explanation (Graph first, then ARM). */
const BY_CODE: Readonly<Record<string, [ErrorCode, string]>> = {
  Authorization_RequestDenied: ['forbidden', `${K}authorizationRequestDenied`],
  Request_ResourceNotFound: ['not-found', `${K}resourceNotFound`],
  ResourceNotFound: ['not-found', `${K}resourceNotFound`],
  Authentication_ExpiredToken: ['unauthorized', `${K}unauthorized`],
  InvalidAuthenticationToken: ['unauthorized', `${K}unauthorized`],
  AuthorizationFailed: ['forbidden', `${K}armAuthorizationFailed`],
  SubscriptionNotFound: ['not-found', `${K}subscriptionNotFound`],
  MissingSubscriptionRegistration: ['conflict', `${K}providerNotRegistered`],
  MissingApiVersionParameter: ['invalid-input', `${K}badRequest`],
  InvalidApiVersionParameter: ['invalid-input', `${K}badRequest`],
};

function explainStatus(status: number, remoteCode: string, resource: ApiResource): [ErrorCode, string] {
  const known = BY_CODE[remoteCode];
  if (known) return known;
  if (status === 401) return ['unauthorized', `${K}unauthorized`];
  if (status === 403)
    return ['forbidden', resource === 'arm' ? `${K}armAuthorizationFailed` : `${K}forbidden`];
  if (status === 404) return ['not-found', `${K}resourceNotFound`];
  if (status === 409 || status === 412) return ['conflict', `${K}conflict`];
  if (status === 429) return ['unavailable', `${K}throttled`];
  if (status >= 500) return ['remote-error', `${K}server`];
  if (status >= 400) return ['invalid-input', `${K}badRequest`];
  return ['remote-error', `${K}unexpected`];
}
