import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { type StageContext, StageEngine } from '../engine';
import { FileRequestLog, GraphClient } from '../graph';
import { IdentitySession, RehearsalIdentityProvider } from '../identity';
import { type Emulator, startEmulator } from '../rehearsal';
import { type NodeProcessLauncher, startIntuneRehearsal } from '../rehearsal/intune';
import type { SecretStore } from '../secrets/secret-store';
import { AppError, type Locale, localeFrom, type Logger, silentLogger } from '../shared';
import { STAGES } from '../stages';
import { Journal, resolveHome, StateStore } from '../state';
import type { AppContext, RehearsalTenant, SavePathChooser } from './context';
import { createDispatcher, type Dispatch } from './dispatch';
import { EventBus } from './event-bus';
import { createHandlers, wizardSummary } from './handlers';

export interface RuntimeOptions {
  readonly transport: 'electron' | 'web' | 'cli';
  /** OS locale tag (`fr-BE`, `nl_NL.UTF-8`…); picks the language until the admin chooses one. */
  readonly osLocale: string;
  readonly version: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  readonly logger?: Logger;
  readonly secrets: SecretStore;
  /**
   * Start the simulated tenant in this process (Graph/ARM emulator kept in
   * `<home>/rehearsal/tenant`, Azurite for the Intune upload). Off by default; the app and
   * `comanage serve` turn it on.
   */
  readonly rehearsalTenant?: boolean;
  /** Runs Azurite as a Node child (default: `process.execPath`; the Electron shell passes a utility process). */
  readonly nodeLauncher?: NodeProcessLauncher;
  /** Shows the Microsoft sign-in page in the system browser (default: refuses; the shell passes one). */
  readonly openBrowser?: (url: string) => Promise<void>;
  /** The native Save dialog (the Electron shell passes one). */
  readonly chooseSavePath?: SavePathChooser;
}

export interface Runtime {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly context: AppContext;
  close(): Promise<void>;
}

/** The Graph/ARM request log (JSONL, secrets redacted) under `<home>/logs/`. */
export const REQUEST_LOG_FILE = 'requests.jsonl';

/** Builds the one set of services and handlers that every transport (Electron, web host) serves. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveHome(env);
  const logger = options.logger ?? silentLogger;
  const { store, notice } = await StateStore.open(home);
  const notices: AppError[] = notice ? [notice] : [];
  if (notice) logger.warn('state file moved aside', { reason: notice.messageKey });
  const osLocale: Locale = localeFrom(options.osLocale);
  const locale = (): Locale => store.read().language ?? osLocale;
  const events = new EventBus();
  const simulated = options.rehearsalTenant
    ? await startSimulatedTenant(home, logger, notices, options.nodeLauncher)
    : null;
  const identity = await IdentitySession.open({
    home,
    secrets: options.secrets,
    rehearsal: simulated
      ? {
          identity: simulated.tenant.identity,
          endpoints: { graphBaseUrl: simulated.tenant.graphBaseUrl, armBaseUrl: simulated.tenant.armBaseUrl },
        }
      : null,
    openBrowser: options.openBrowser ?? noBrowser,
    locale,
    env,
    logger,
  });
  await mkdir(join(home, 'logs'), { recursive: true, mode: 0o700 });
  const requestLog = new FileRequestLog(join(home, 'logs', REQUEST_LOG_FILE));
  let client: { readonly key: string; readonly client: GraphClient } | null = null;
  // One client per set of endpoints: signing in to a real tenant (or out) switches them.
  const graph = (): GraphClient => {
    const endpoints = identity.endpoints();
    const key = `${endpoints.graphBaseUrl} ${endpoints.armBaseUrl}`;
    if (client?.key !== key) {
      void client?.client.close();
      client = {
        key,
        client: new GraphClient({ ...endpoints, getAccessToken: identity.getAccessToken, requestLog }),
      };
    }
    return client.client;
  };
  const journal = new Journal(home);
  const stageContext: StageContext = {
    home,
    secrets: options.secrets,
    state: store,
    locale,
    now: () => new Date(),
    graph,
  };
  const engine: StageEngine = new StageEngine({
    stages: STAGES,
    context: stageContext,
    journal,
    logger,
    events: {
      progress: (progress) => events.emit('stage:progress', progress),
      run: (run) => {
        events.emit('stage:run', run);
        // A finished run may change a stage's derived status: the rail follows.
        if (run.state !== 'running') {
          void wizardSummary(store.read(), engine).then((summary) => events.emit('wizard:changed', summary));
        }
      },
    },
  });
  const context: AppContext = {
    home,
    version: options.version,
    state: store,
    journal,
    engine,
    stageContext,
    events,
    logger,
    secrets: options.secrets,
    get mode() {
      return identity.mode;
    },
    identity,
    graph,
    chooseSavePath: options.chooseSavePath ?? null,
    tenant: simulated?.tenant ?? null,
    osLocale,
    locale,
    notices,
  };
  const dispatch = createDispatcher(createHandlers(context), context.locale, logger);
  let closing: Promise<void> | null = null;
  return {
    dispatch,
    events,
    context,
    close: () => {
      identity.cancelSignIn();
      closing ??= (async () => {
        await client?.client.close();
        await requestLog.flush();
        await simulated?.close();
      })();
      return closing;
    },
  };
}

interface SimulatedTenant {
  readonly tenant: RehearsalTenant;
  close(): Promise<void>;
}

/**
 * Starts the emulator, then Azurite in the background (a few seconds; nothing at start-up waits
 * for it). Either failing is logged and shown once as a notice: the app still opens.
 */
async function startSimulatedTenant(
  home: string,
  logger: Logger,
  notices: AppError[],
  launcher: NodeProcessLauncher | undefined,
): Promise<SimulatedTenant | null> {
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ dataDir: join(home, 'rehearsal', 'tenant'), logger });
  } catch (error) {
    logger.warn('the simulated tenant did not start', { error: describe(error) });
    notices.push(new AppError('unavailable', 'identity.rehearsal.startFailed', {}, { cause: error }));
    return null;
  }
  const intune = startIntuneRehearsal(emulator, { azurite: { logger, launcher } }).catch((error: unknown) => {
    logger.warn('Azurite did not start; the Intune upload cannot be rehearsed', { error: describe(error) });
    notices.push(new AppError('unavailable', 'identity.rehearsal.blobStoreFailed', {}, { cause: error }));
  });
  return {
    tenant: {
      graphBaseUrl: emulator.graphBaseUrl,
      armBaseUrl: emulator.armBaseUrl,
      identity: new RehearsalIdentityProvider(),
    },
    close: async () => {
      await intune;
      await emulator.close();
    },
  };
}

function noBrowser(): Promise<void> {
  return Promise.reject(new AppError('unavailable', 'identity.error.noBrowser'));
}

function describe(error: unknown): string {
  return error instanceof AppError
    ? error.messageKey
    : error instanceof Error
      ? error.message
      : String(error);
}
