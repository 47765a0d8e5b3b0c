import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';

import { type Logger, silentLogger } from '../shared';
import { checkAuthorization } from './auth';
import type { EmulatorContext, RouteRegistrar } from './context';
import { type ActiveFault, FaultController } from './faults';
import { odataContext, pageResponse, selectProperties } from './odata';
import { applyPresets, PRESET_NAMES, UnknownPresetError } from './presets';
import { armError, graphError, notFoundMessage } from './responses';
import { Router } from './router';
import { registerBuiltInRoutes } from './routes';
import { registerControlRoutes } from './routes/control';
import type { Scenario } from './scenario';
import { seedTenant, TENANT_ID } from './seed';
import { EmulatorStore } from './store';
import type { EmulatorRequest, EmulatorResponse, RouteOptions } from './types';

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  readonly port?: number;
  /** Where the tenant is persisted (`tenant.json`); omitted keeps it in memory. */
  readonly dataDir?: string;
  readonly scenario?: Scenario;
  /** Named tenant variations (see `PRESET_NAMES`), applied after the scenario's own presets. */
  readonly presets?: readonly string[];
  readonly now?: () => Date;
  readonly logger?: Logger;
}

export interface Emulator {
  readonly baseUrl: string;
  /** `${graphBaseUrl}/v1.0/...` and `${graphBaseUrl}/beta/...`. */
  readonly graphBaseUrl: string;
  readonly armBaseUrl: string;
  readonly faults: FaultController;
  readonly store: EmulatorStore;
  readonly tenantId: string;
  /** Adds routes (the Intune emulator does this); routes registered later never shadow earlier ones. */
  registerRoutes(registrar: RouteRegistrar): void;
  /** Re-seeds the tenant, re-applies the start-up presets and scenario faults. */
  reset(): Promise<void>;
  /** Stops listening, drops held connections, persists the tenant. */
  close(): Promise<void>;
}

const MAX_JSON_BODY = 4 * 1024 * 1024;
const MAX_BUFFER_BODY = 256 * 1024 * 1024;
const GRAPH_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const ARM_CONTENT_TYPE = 'application/json; charset=utf-8';
const STATUS_FAULTS = ['throttle', 'unavailable', 'gatewayTimeout'] as const;

/** Starts the simulated tenant (Graph + ARM + control routes) on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const presets = [...(options.scenario?.presets ?? []), ...(options.presets ?? [])];
  const seed = (target: EmulatorStore): void => {
    seedTenant(target, now);
  };
  // Refuse unknown presets before anything is written to the data folder.
  for (const name of presets) if (!PRESET_NAMES.includes(name)) throw new UnknownPresetError(name);
  const { store } = await EmulatorStore.open({ dataDir: options.dataDir, now, logger, seed });
  applyPresets(store, presets);
  const faults = new FaultController();
  const addScenarioFaults = (): void => {
    for (const rule of options.scenario?.faults ?? []) faults.add(rule);
  };
  addScenarioFaults();

  const router = new Router();
  const resetListeners: Array<() => void | Promise<void>> = [];
  const closeListeners: Array<() => void | Promise<void>> = [];
  let baseUrl = '';

  const ctx: EmulatorContext = {
    store,
    faults,
    newId: () => randomUUID(),
    now,
    tenantId: TENANT_ID,
    logger,
    errors: {
      graph: (request, status, code, message, headers) =>
        graphError(request, status, code, message, now(), headers),
      notFound: (request, id) =>
        graphError(request, 404, 'Request_ResourceNotFound', notFoundMessage(id), now()),
      badRequest: (request, message) => graphError(request, 400, 'Request_BadRequest', message, now()),
      forbidden: (request) =>
        graphError(
          request,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
          now(),
        ),
      arm: (status, code, message) => armError(status, code, message),
    },
    odata: {
      context: odataContext,
      page: (request, items, fragment) =>
        pageResponse(request, items, fragment, (message) =>
          graphError(request, 400, 'Request_BadRequest', message, now()),
        ),
      select: selectProperties,
    },
    onReset: (listener) => resetListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
  };

  const reset = async (): Promise<void> => {
    store.reset(seed);
    applyPresets(store, presets);
    faults.clear();
    addScenarioFaults();
    for (const listener of resetListeners) await listener();
  };

  registerControlRoutes(router, ctx, { reset });
  registerBuiltInRoutes(router, ctx, (request) => dispatch(request));

  /** Routes one request (HTTP or inside `$batch`): status faults, auth, api-version, replication delay, handler. */
  const dispatch = async (request: MutableRequest): Promise<EmulatorResponse> => {
    const isControl = request.path.startsWith('/_emulator');
    if (!isControl) {
      const statusFault = faults.take(request.method, request.path, STATUS_FAULTS);
      if (statusFault) return statusFaultResponse(request, statusFault, now());
    }
    const api = apiOf(request.path);
    if (api !== 'other') {
      const check = checkAuthorization(request.headers['authorization'], TENANT_ID);
      if (!check.ok) {
        return api === 'graph'
          ? graphError(request, 401, 'InvalidAuthenticationToken', check.reason, now())
          : armError(
              401,
              check.missing ? 'AuthenticationFailed' : 'InvalidAuthenticationToken',
              check.missing ? "Authentication failed. The 'Authorization' header is missing." : check.reason,
            );
      }
      request.identity = check.identity;
      if (api === 'arm' && !request.query.get('api-version')) {
        return armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
    }
    const { route, pathKnown } = router.match(request.method, request.path);
    if (!route) return unknownRoute(request, api, pathKnown, now());
    request.params = route.params;
    if (!isControl) {
      const replication = faults.take(request.method, request.path, ['replicationDelay']);
      request.replicationDelayMs = replication?.delayMs ?? 0;
    }
    try {
      return await route.handler(request);
    } catch (error) {
      logger.error('rehearsal: route failed', {
        method: request.method,
        path: request.path,
        error: error instanceof Error ? error.message : String(error),
      });
      return api === 'arm'
        ? armError(500, 'InternalServerError', 'The simulated tenant failed on this request.')
        : graphError(request, 500, 'generalException', 'The simulated tenant failed on this request.', now());
    }
  };

  const held = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    void serve(incoming, outgoing).catch((error: unknown) => {
      logger.error('rehearsal: request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!outgoing.headersSent) {
        outgoing.statusCode = 500;
        outgoing.end();
      } else outgoing.destroy();
    });
  });
  server.on('connection', (socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });

  const serve = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
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
      baseUrl,
    };
    const isControl = path.startsWith('/_emulator');
    if (isControl && !isLoopback(incoming, headers['host'])) {
      outgoing.statusCode = 403;
      outgoing.end();
      return;
    }
    let cutAfter: number | null = null;
    if (!isControl) {
      const latency = faults.take(method, path, ['latency']);
      if (latency?.latencyMs) {
        const closed = await sleepUnlessClosed(latency.latencyMs, incoming);
        if (closed) return;
      }
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
    const { route } = router.match(method, path);
    const bodyMode: NonNullable<RouteOptions['body']> = route?.options.body ?? 'json';
    const source = cutAfter === null ? incoming : cutWhenOver(incoming, cutAfter);
    if (bodyMode === 'stream') {
      request.bodyStream = source;
    } else {
      const limit = bodyMode === 'json' ? MAX_JSON_BODY : MAX_BUFFER_BODY;
      const raw = await readBody(source, limit);
      if (raw === 'cut') return;
      if (raw === 'tooLarge') {
        await send(outgoing, request, tooLarge(request, apiOf(path), now()));
        return;
      }
      request.rawBody = raw;
      if (bodyMode === 'json' && raw.length > 0) {
        try {
          request.body = JSON.parse(raw.toString('utf8'));
        } catch {
          await send(outgoing, request, badJson(request, apiOf(path), now()));
          return;
        }
      }
    }
    const response = await dispatch(request);
    await send(outgoing, request, response);
  };

  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolvePromise();
      });
    });
  } catch (error) {
    // Nothing was served: a freshly seeded tenant is not worth a file.
    store.discardPendingWrites();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  logger.info('rehearsal: simulated tenant listening', { baseUrl, presets });

  let closing: Promise<void> | null = null;
  return {
    baseUrl,
    graphBaseUrl: `${baseUrl}/graph`,
    armBaseUrl: `${baseUrl}/arm`,
    faults,
    store,
    tenantId: TENANT_ID,
    registerRoutes: (registrar) => registrar(router, ctx),
    reset,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
        for (const socket of held) socket.destroy();
        server.closeAllConnections();
        await stopped;
        for (const listener of closeListeners) await listener();
        await store.flush();
      })();
      return closing;
    },
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableRequest = Mutable<EmulatorRequest>;

function apiOf(path: string): 'graph' | 'arm' | 'other' {
  if (path === '/graph' || path.startsWith('/graph/')) return 'graph';
  if (path === '/arm' || path.startsWith('/arm/')) return 'arm';
  return 'other';
}

function lowerHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isLoopback(incoming: IncomingMessage, host: string | undefined): boolean {
  const address = incoming.socket.remoteAddress ?? '';
  const loopbackPeer = address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
  // Host check keeps a DNS-rebound page from reaching the control routes.
  const hostName = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return loopbackPeer && (hostName === '127.0.0.1' || hostName === 'localhost' || hostName === '[::1]');
}

function statusFaultResponse(request: EmulatorRequest, fault: ActiveFault, now: Date): EmulatorResponse {
  const status = fault.kind === 'throttle' ? 429 : fault.kind === 'unavailable' ? 503 : 504;
  const retryAfter = fault.retryAfterSeconds ?? (fault.kind === 'throttle' ? 1 : undefined);
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  const api = apiOf(request.path);
  const [code, message] =
    status === 429
      ? api === 'arm'
        ? [
            'TooManyRequests',
            'The request is being throttled. Retry after the interval in the Retry-After header.',
          ]
        : ['TooManyRequests', 'Too many requests. Retry after the interval in the Retry-After header.']
      : status === 503
        ? ['serviceNotAvailable', 'The service is temporarily unavailable. Retry later.']
        : ['gatewayTimeout', 'The gateway did not receive a response in time.'];
  return api === 'arm'
    ? armError(status, code, message, headers)
    : graphError(request, status, code, message, now, headers);
}

function unknownRoute(
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

function badJson(request: EmulatorRequest, api: 'graph' | 'arm' | 'other', now: Date): EmulatorResponse {
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

function tooLarge(request: EmulatorRequest, api: 'graph' | 'arm' | 'other', now: Date): EmulatorResponse {
  return api === 'arm'
    ? armError(413, 'RequestEntityTooLarge', 'The request body is too large.')
    : graphError(request, 413, 'Request_EntityTooLarge', 'The request body is too large.', now);
}

/** Passes the body through and destroys the socket once more than `limit` bytes arrived. */
function cutWhenOver(incoming: IncomingMessage, limit: number): Readable {
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

async function readBody(source: Readable, limit: number): Promise<Buffer | 'cut' | 'tooLarge'> {
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

function sleepUnlessClosed(ms: number, incoming: IncomingMessage): Promise<boolean> {
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

async function send(
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
