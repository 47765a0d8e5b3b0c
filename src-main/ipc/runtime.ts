import type { SecretStore } from '../secrets/secret-store';
import { type AppError, type Locale, localeFrom, type Logger, silentLogger } from '../shared';
import { Journal, resolveHome, StateStore } from '../state';
import type { AppContext } from './context';
import { createDispatcher, type Dispatch } from './dispatch';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';

export interface RuntimeOptions {
  readonly transport: 'electron' | 'web' | 'cli';
  /** OS locale tag (`fr-BE`, `nl_NL.UTF-8`…); picks the language until the admin chooses one. */
  readonly osLocale: string;
  readonly version: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  readonly logger?: Logger;
  readonly secrets: SecretStore;
}

export interface Runtime {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly context: AppContext;
  close(): Promise<void>;
}

/** Builds the one set of services and handlers that every transport (Electron, web host) serves. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveHome(env);
  const logger = options.logger ?? silentLogger;
  const { store, notice } = await StateStore.open(home);
  const notices: AppError[] = notice ? [notice] : [];
  if (notice) logger.warn('state file moved aside', { reason: notice.messageKey });
  const osLocale: Locale = localeFrom(options.osLocale);
  const events = new EventBus();
  const context: AppContext = {
    home,
    version: options.version,
    state: store,
    journal: new Journal(home),
    events,
    logger,
    secrets: options.secrets,
    mode: 'rehearsal',
    osLocale,
    locale: () => store.read().language ?? osLocale,
    notices,
  };
  const dispatch = createDispatcher(createHandlers(context), context.locale, logger);
  return { dispatch, events, context, close: async () => {} };
}
