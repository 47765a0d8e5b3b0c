import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { type Logger, silentLogger } from '../shared';
import { type RehearsalTokenIssuer, RehearsalTokenSigner, type TokenRequest } from './auth';
import type { RouteRegistrar } from './context';
import { createContext } from './create-context';
import { createDispatcher } from './dispatcher';
import { FaultController } from './faults';
import { createRequestHandler } from './http-listener';
import { applyPresets, PRESET_NAMES, UnknownPresetError } from './presets';
import { Router } from './router';
import { registerBuiltInRoutes } from './routes';
import { registerControlRoutes } from './routes/control';
import type { Scenario } from './scenario';
import { seedTenant, TENANT_ID } from './seed';
import { EmulatorStore } from './store';

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
  /**
   * More host names to serve (as `name:PORT`) besides 127.0.0.1 and localhost: only for a test
   * that reaches the emulator through a proxy under a made-up name.
   */
  readonly extraHostNames?: readonly string[];
  /** Extension routes registered before the server listens (same as calling `registerRoutes`). */
  readonly routes?: readonly RouteRegistrar[];
}

export interface Emulator extends RehearsalTokenIssuer {
  readonly baseUrl: string;
  /**
   * This run's secret for the `/_emulator/*` control routes (`Authorization: Bearer …`). For the
   * caller that started the emulator (tests, scripts, the runtime); never for the renderer.
   */
  readonly controlToken: string;
  /** `${graphBaseUrl}/v1.0/...` and `${graphBaseUrl}/beta/...`. */
  readonly graphBaseUrl: string;
  readonly armBaseUrl: string;
  readonly faults: FaultController;
  readonly store: EmulatorStore;
  readonly tenantId: string;
  /**
   * Signs a bearer token this emulator accepts (HMAC-SHA256 with this run's key; `tid` is the
   * simulated tenant, `iat`/`exp` from the emulator's clock). Also `POST /_emulator/tokens`.
   */
  issueToken(request: TokenRequest): Promise<string>;
  /** Adds routes (the Intune emulator does this); routes registered later never shadow earlier ones. */
  registerRoutes(registrar: RouteRegistrar): void;
  /** Re-seeds the tenant, re-applies the start-up presets and scenario faults. */
  reset(): Promise<void>;
  /** Stops listening, drops held connections, persists the tenant. */
  close(): Promise<void>;
}

/** Starts the simulated tenant (Graph + ARM + control routes) on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const presets = [...(options.scenario?.presets ?? []), ...(options.presets ?? [])];
  const seed = (target: EmulatorStore): void => seedTenant(target, now);
  // Refuse unknown presets before anything is written to the data folder.
  for (const name of presets) if (!PRESET_NAMES.includes(name)) throw new UnknownPresetError(name);
  const { store } = await EmulatorStore.open({ dataDir: options.dataDir, now, logger, seed });
  applyPresets(store, presets);
  const faults = new FaultController();
  const addScenarioFaults = (): void => {
    for (const rule of options.scenario?.faults ?? []) faults.add(rule);
  };
  addScenarioFaults();

  const signer = new RehearsalTokenSigner(TENANT_ID, now);
  // 256 bits, per run: a page in the admin's browser cannot guess it, a restart invalidates it.
  const controlToken = randomBytes(32).toString('base64url');
  const router = new Router();
  const { ctx, resetListeners, closeListeners } = createContext({ store, faults, now, logger });
  const reset = async (): Promise<void> => {
    store.reset(seed);
    applyPresets(store, presets);
    faults.clear();
    addScenarioFaults();
    for (const listener of resetListeners) await listener();
  };
  const dispatch = createDispatcher({ router, faults, now, logger, signer });
  registerControlRoutes(router, ctx, { reset, issueToken: (request) => signer.sign(request) });
  registerBuiltInRoutes(router, ctx, (request) => dispatch({ ...request }));
  for (const registrar of options.routes ?? []) registrar(router, ctx);

  let baseUrl = '';
  const handle = createRequestHandler({
    router,
    faults,
    now,
    dispatch,
    baseUrl: () => baseUrl,
    controlToken,
    extraHostNames: options.extraHostNames ?? [],
  });
  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      logger.error('rehearsal: request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!outgoing.headersSent) {
        outgoing.statusCode = 500;
        outgoing.end();
      } else outgoing.destroy();
    });
  });
  // Keep idle connections open well past any client pool's idle time (Azure's front ends keep
  // them for minutes): with Node's 5 s default, a client reusing a socket the server has just
  // closed gets ECONNRESET, which real Graph and Storage endpoints never cause.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const held = new Set<Socket>();
  server.on('connection', (socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  try {
    await listen(server, options.port ?? 0);
  } catch (error) {
    // Nothing was served: a freshly seeded tenant is not worth a file.
    store.discardPendingWrites();
    throw error;
  }
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info('rehearsal: simulated tenant listening', { baseUrl, presets });

  let closing: Promise<void> | null = null;
  return {
    baseUrl,
    controlToken,
    issueToken: (request) => Promise.resolve(signer.sign(request)),
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

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
}
