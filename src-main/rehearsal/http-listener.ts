import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Dispatch } from './dispatcher';
import type { FaultController } from './faults';
import { refuseForeignRequest, refuseWithoutControlToken } from './guard';
import {
  apiOf,
  badJson,
  cutWhenOver,
  lowerHeaders,
  MAX_BUFFER_BODY,
  MAX_JSON_BODY,
  type MutableRequest,
  readBody,
  send,
  sleepUnlessClosed,
  tooLarge,
} from './pipeline';
import type { Router } from './router';
import type { RouteOptions } from './types';

/**
 * Turns one HTTP exchange into a dispatched request: Host/Origin/fetch-site checks on every
 * route, the control token on control routes, then the connection-level faults (latency,
 * timeout, cut), then the body as the route wants it.
 */
export function createRequestHandler(parts: {
  router: Router;
  faults: FaultController;
  now: () => Date;
  dispatch: Dispatch;
  baseUrl: () => string;
  controlToken: string;
  extraHostNames: readonly string[];
}): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void> {
  const { router, faults, now, dispatch, baseUrl, controlToken, extraHostNames } = parts;
  return async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = (incoming.method ?? 'GET').toUpperCase();
    const headers = lowerHeaders(incoming);
    const request: MutableRequest = {
      method,
      path,
      query: url.searchParams,
      headers,
      params: {},
      body: undefined,
      rawBody: Buffer.alloc(0),
      bodyStream: null,
      identity: null,
      requestId: randomUUID(),
      clientRequestId: headers['client-request-id'] || randomUUID(),
      replicationDelayMs: 0,
      baseUrl: baseUrl(),
    };
    const isControl = path.startsWith('/_emulator');
    const refused =
      refuseForeignRequest(headers, Number(new URL(request.baseUrl).port), extraHostNames) ??
      (isControl ? refuseWithoutControlToken(headers['authorization'], controlToken) : null);
    if (refused) {
      // The body is not read: drop the connection after answering instead of keeping it alive.
      outgoing.shouldKeepAlive = false;
      return send(outgoing, request, refused);
    }
    let cutAfter: number | null = null;
    if (!isControl) {
      const latency = faults.take(method, path, ['latency']);
      if (latency?.latencyMs && (await sleepUnlessClosed(latency.latencyMs, incoming))) return;
      const fault = faults.take(method, path, ['cut', 'timeout']);
      if (fault?.kind === 'timeout') {
        // Hold the request: read and discard the body, never answer; close() drops the socket.
        incoming.resume();
        return;
      }
      if (fault?.kind === 'cut') {
        if (!fault.afterBytes) {
          incoming.socket.destroy();
          return;
        }
        cutAfter = fault.afterBytes;
      }
    }
    const bodyMode: NonNullable<RouteOptions['body']> =
      router.match(method, path).route?.options.body ?? 'json';
    const source = cutAfter === null ? incoming : cutWhenOver(incoming, cutAfter);
    if (bodyMode === 'stream') {
      request.bodyStream = source;
    } else {
      const raw = await readBody(source, bodyMode === 'json' ? MAX_JSON_BODY : MAX_BUFFER_BODY);
      if (raw === 'cut') return;
      if (raw === 'tooLarge') return send(outgoing, request, tooLarge(request, apiOf(path), now()));
      request.rawBody = raw;
      if (bodyMode === 'json' && raw.length > 0) {
        try {
          request.body = JSON.parse(raw.toString('utf8'));
        } catch {
          return send(outgoing, request, badJson(request, apiOf(path), now()));
        }
      }
    }
    await send(outgoing, request, await dispatch(request));
  };
}
