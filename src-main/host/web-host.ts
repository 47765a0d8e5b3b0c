import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Dispatch, EventBus } from '../ipc';
import type { Logger } from '../shared';
import {
  declaredTooLarge,
  DEFAULT_MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  readBody,
} from './body-limits';
import {
  bearerToken,
  cookieName,
  isSameOriginRequest,
  readCookie,
  SECURITY_HEADERS,
  tokensEqual,
} from './security';
import { serveStatic } from './static-files';

export interface WebHostOptions {
  readonly rendererDir: string;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly logger: Logger;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Injected for tests; production uses 256 random bits. */
  readonly token?: string;
  /** RPC body cap (default 2 MiB, see DEFAULT_MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  /** Time to receive a whole request, body included (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Time to receive the request headers (default 10 s). */
  readonly headersTimeoutMs?: number;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/**
 * The renderer and the RPC over HTTP, on 127.0.0.1 only. Every request needs the random token
 * (query on first load → HttpOnly SameSite=Strict cookie, or a Bearer header), a Host of ours and,
 * when present, an Origin of ours. No CORS headers are ever sent.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  const streams = new Set<ServerResponse>();
  let port = 0;

  // A client that trickles its headers or body is cut off (408) instead of holding a connection;
  // Node checks these timeouts every `connectionsCheckingInterval` ms (its default is 30 s).
  const timeouts = {
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 2))),
  };
  const server: Server = createServer(timeouts, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error('web host request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.destroy();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isSameOriginRequest(request, port))
      return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden: foreign Host or Origin');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (request.method === 'GET' && url.pathname === '/' && queryToken !== null) {
      if (!tokensEqual(token, queryToken))
        return send(response, 401, 'text/plain; charset=utf-8', 'Unauthorized: wrong token');
      response.writeHead(302, {
        ...SECURITY_HEADERS,
        Location: '/',
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      response.end();
      return;
    }
    const presented = bearerToken(request) ?? readCookie(request, cookieName(port));
    if (!tokensEqual(token, presented)) {
      return send(
        response,
        401,
        'text/plain; charset=utf-8',
        'Unauthorized: open the URL printed by `comanage serve` (it carries the token).',
      );
    }
    if (url.pathname === '/rpc') return handleRpc(request, response);
    if (url.pathname === '/events' && request.method === 'GET') return handleEvents(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    const served = await serveStatic(options.rendererDir, url.pathname, response, { ...SECURITY_HEADERS });
    if (!served) send(response, 404, 'text/plain; charset=utf-8', 'Not found');
  };

  const handleRpc = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST')
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return send(response, 415, 'text/plain; charset=utf-8', 'Content-Type must be application/json');
    }
    // Refused by its declared length before a byte is read, or as soon as a chunked body passes
    // the cap; the connection is closed so the rest of the body is never waited for.
    if (declaredTooLarge(request, maxBody)) return tooLarge(response);
    const body = await readBody(request, maxBody);
    if (body === null) return tooLarge(response);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return send(
        response,
        400,
        'text/plain; charset=utf-8',
        `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return send(response, 400, 'text/plain; charset=utf-8', 'Body is not JSON');
    }
    const { channel, args } = (message ?? {}) as { channel?: unknown; args?: unknown };
    const result = await options.dispatch(channel, args);
    send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  };

  const handleEvents = (request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    streams.add(response);
    request.on('close', () => streams.delete(response));
  };

  const unsubscribe = options.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      unsubscribe();
      for (const stream of streams) stream.end();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

function tooLarge(response: ServerResponse): void {
  const body = 'Request too large';
  response.writeHead(413, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body);
}
