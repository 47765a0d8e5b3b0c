import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

import type { ActiveFault } from './faults';
import { armError, graphError } from './responses';
import type { EmulatorRequest, EmulatorResponse } from './types';

// HTTP plumbing of the emulator: body reading (with the cut fault), error bodies, response writing.

export const MAX_JSON_BODY = 4 * 1024 * 1024;
export const MAX_BUFFER_BODY = 256 * 1024 * 1024;
export const GRAPH_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const ARM_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Error code and message per injected status, as each service words them. */
const GRAPH_FAULT_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  429: ['TooManyRequests', 'Too many requests. Retry after the interval in the Retry-After header.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Retry later.'],
  504: ['gatewayTimeout', 'The gateway did not receive a response in time.'],
};
const ARM_FAULT_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  429: [
    'SubscriptionRequestsThrottled',
    'Number of requests for this subscription exceeded the limit. Retry after the interval in the Retry-After header.',
  ],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response within the specified time period.'],
};

export const STATUS_FAULTS = ['throttle', 'unavailable', 'gatewayTimeout'] as const;

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableRequest = Mutable<EmulatorRequest>;

export function apiOf(path: string): 'graph' | 'arm' | 'other' {
  if (path === '/graph' || path.startsWith('/graph/')) return 'graph';
  if (path === '/arm' || path.startsWith('/arm/')) return 'arm';
  return 'other';
}

export function lowerHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function statusFaultResponse(
  request: EmulatorRequest,
  fault: ActiveFault,
  now: Date,
): EmulatorResponse {
  const status = fault.kind === 'throttle' ? 429 : fault.kind === 'unavailable' ? 503 : 504;
  const retryAfter = fault.retryAfterSeconds ?? (fault.kind === 'throttle' ? 1 : undefined);
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  const api = apiOf(request.path);
  const [code, message] = (api === 'arm' ? ARM_FAULT_ERRORS : GRAPH_FAULT_ERRORS)[status] ?? [
    'UnknownError',
    '',
  ];
  return api === 'arm'
    ? armError(status, code, message, headers)
    : graphError(request, status, code, message, now, headers);
}

export function unknownRoute(
  request: EmulatorRequest,
  api: 'graph' | 'arm' | 'other',
  pathKnown: boolean,
  now: Date,
): EmulatorResponse {
  if (pathKnown) {
    return api === 'arm'
      ? armError(
          405,
          'MethodNotAllowed',
          `The HTTP method '${request.method}' is not supported at this path.`,
        )
      : graphError(
          request,
          405,
          'Request_BadRequest',
          'Specified HTTP method is not allowed for the request target.',
          now,
        );
  }
  if (api === 'arm') {
    return armError(
      404,
      'InvalidResourceType',
      `The resource at '${request.path}' is not simulated by the rehearsal tenant.`,
    );
  }
  const segment = request.path.split('/').filter(Boolean).slice(2).join('/') || request.path;
  return graphError(request, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`, now);
}

export function badJson(
  request: EmulatorRequest,
  api: 'graph' | 'arm' | 'other',
  now: Date,
): EmulatorResponse {
  return api === 'arm'
    ? armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.')
    : graphError(
        request,
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        now,
      );
}

export function tooLarge(
  request: EmulatorRequest,
  api: 'graph' | 'arm' | 'other',
  now: Date,
): EmulatorResponse {
  return api === 'arm'
    ? armError(413, 'RequestEntityTooLarge', 'The request body is too large.')
    : graphError(request, 413, 'Request_EntityTooLarge', 'The request body is too large.', now);
}

/** Passes the body through and destroys the socket once more than `limit` bytes arrived. */
export function cutWhenOver(incoming: IncomingMessage, limit: number): Readable {
  const counted = new PassThrough();
  let seen = 0;
  incoming.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) {
      const keep = chunk.subarray(0, chunk.length - (seen - limit));
      if (keep.length > 0) counted.write(keep);
      incoming.socket.destroy();
      counted.destroy(new Error('connection cut by a rehearsal fault'));
      return;
    }
    counted.write(chunk);
  });
  incoming.on('end', () => counted.end());
  incoming.on('error', (error) => counted.destroy(error));
  return counted;
}

export async function readBody(source: Readable, limit: number): Promise<Buffer | 'cut' | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) return 'tooLarge';
      chunks.push(buffer);
    }
  } catch {
    return 'cut';
  }
  return Buffer.concat(chunks);
}

export function sleepUnlessClosed(ms: number, incoming: IncomingMessage): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolvePromise(true);
    };
    const timer = setTimeout(() => {
      incoming.socket.off('close', onClose);
      resolvePromise(false);
    }, ms);
    incoming.socket.once('close', onClose);
  });
}

export async function send(
  outgoing: ServerResponse,
  request: EmulatorRequest,
  response: EmulatorResponse,
): Promise<void> {
  if (outgoing.destroyed) return;
  const api = apiOf(request.path);
  const headers: Record<string, string> = {};
  if (api === 'arm') {
    headers['x-ms-request-id'] = request.requestId;
    headers['x-ms-correlation-request-id'] =
      request.headers['x-ms-correlation-request-id'] || request.requestId;
    if (request.headers['x-ms-client-request-id'])
      headers['x-ms-client-request-id'] = request.headers['x-ms-client-request-id'];
  } else {
    headers['request-id'] = request.requestId;
    headers['client-request-id'] = request.clientRequestId;
  }
  headers['Cache-Control'] = 'no-cache';
  let payload: Buffer | null = null;
  if (Buffer.isBuffer(response.body)) {
    payload = response.body;
  } else if (response.body !== undefined && response.status !== 204) {
    payload = Buffer.from(JSON.stringify(response.body), 'utf8');
    headers['Content-Type'] = api === 'arm' ? ARM_CONTENT_TYPE : GRAPH_CONTENT_TYPE;
  }
  Object.assign(headers, response.headers ?? {});
  if (payload) headers['Content-Length'] = String(payload.length);
  outgoing.writeHead(response.status, headers);
  await new Promise<void>((resolvePromise) => outgoing.end(payload ?? undefined, () => resolvePromise()));
}
