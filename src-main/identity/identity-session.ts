import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

import { EnvelopeCipher, type SecretStore } from '../secrets';
import { AppError, type Locale, type Logger, silentLogger } from '../shared';
import { EncryptedCachePlugin } from './encrypted-cache-plugin';
import { MsalIdentityProvider } from './msal-identity-provider';
import { ARM_RESOURCE, GRAPH_RESOURCE } from './scopes';
import { assertClientId, assertTenant, CLIENT_ID_ENV, TENANT_ENV } from './tenant-config';
import type {
  AccessTokenRequest,
  DeviceCodeInfo,
  IdentityAccount,
  IdentityProvider,
  SignInMethod,
} from './types';

export interface TenantConfig {
  readonly tenant: string;
  readonly clientId: string;
}

export interface IdentityStatus {
  readonly mode: 'rehearsal' | 'tenant';
  readonly signedIn: boolean;
  readonly account: IdentityAccount | null;
}

export interface SessionSignIn {
  readonly method: SignInMethod;
  readonly tenant?: string;
  readonly clientId?: string;
  readonly scopes: readonly string[];
  onDeviceCode?(info: DeviceCodeInfo): void;
}

export interface ApiEndpoints {
  readonly graphBaseUrl: string;
  readonly armBaseUrl: string;
}

export interface IdentitySessionOptions {
  readonly home: string;
  readonly secrets: SecretStore;
  /** The simulated tenant's sign-in and endpoints; null when it is not running. */
  readonly rehearsal: { readonly identity: IdentityProvider; readonly endpoints: ApiEndpoints } | null;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly locale: () => Locale;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** Tests: how a real-tenant provider is built (default: MSAL with the encrypted cache). */
  readonly createProvider?: (config: TenantConfig) => IdentityProvider;
}

const TENANT_FILE = 'tenant.json';
const tenantFileSchema = z.object({ tenant: z.string(), clientId: z.string() });
export const REAL_ENDPOINTS: ApiEndpoints = { graphBaseUrl: GRAPH_RESOURCE, armBaseUrl: ARM_RESOURCE };

/**
 * Which tenant the assistant talks to and who is signed in: the simulated tenant (rehearsal) or a
 * real one (MSAL, with the organisation's tenant and client id, kept in `<home>/identity/tenant.json`
 * — identifiers only, no secret). `getAccessToken` always goes to the provider in force.
 */
export class IdentitySession {
  readonly #options: IdentitySessionOptions;
  readonly #dir: string;
  #config: TenantConfig | null;
  #tenantProvider: { readonly config: TenantConfig; readonly provider: IdentityProvider } | null = null;
  #pending: AbortController | null = null;

  private constructor(options: IdentitySessionOptions, config: TenantConfig | null) {
    this.#options = options;
    this.#dir = join(options.home, 'identity');
    this.#config = config;
  }

  /** Opens the session: a saved tenant (or one set in the environment) means tenant mode. */
  static async open(options: IdentitySessionOptions): Promise<IdentitySession> {
    const logger = options.logger ?? silentLogger;
    const saved = await readTenantFile(join(options.home, 'identity', TENANT_FILE), logger);
    return new IdentitySession(options, saved ?? configFromEnv(options.env ?? {}, logger));
  }

  get mode(): 'rehearsal' | 'tenant' {
    return this.#config ? 'tenant' : 'rehearsal';
  }

  /** The provider in force, or null in rehearsal mode without a simulated tenant. */
  get provider(): IdentityProvider | null {
    if (this.#config) return this.#tenant(this.#config);
    return this.#options.rehearsal?.identity ?? null;
  }

  /** Where Graph and ARM calls go in the current mode. */
  endpoints(): ApiEndpoints {
    if (this.#config) return REAL_ENDPOINTS;
    return this.#options.rehearsal?.endpoints ?? REAL_ENDPOINTS;
  }

  /** The Graph/ARM client's token callback. */
  readonly getAccessToken = (request: AccessTokenRequest, signal?: AbortSignal): Promise<string> =>
    this.#require().getAccessToken(request, signal);

  async status(): Promise<IdentityStatus> {
    const account = (await this.provider?.status()) ?? null;
    return { mode: this.mode, signedIn: account !== null, account };
  }

  async signIn(request: SessionSignIn): Promise<IdentityStatus> {
    const config = this.#resolveConfig(request);
    this.#pending?.abort();
    const pending = new AbortController();
    this.#pending = pending;
    try {
      const provider = config ? this.#tenant(config) : this.#rehearsalProvider();
      await provider.signIn({
        method: request.method,
        scopes: request.scopes,
        signal: pending.signal,
        ...(request.onDeviceCode ? { onDeviceCode: request.onDeviceCode } : {}),
      });
      if (config) await this.#saveConfig(config);
      this.#config = config;
    } finally {
      if (this.#pending === pending) this.#pending = null;
    }
    return this.status();
  }

  /** Stops a sign-in that waits for the browser or the device code. */
  cancelSignIn(): void {
    this.#pending?.abort();
    this.#pending = null;
  }

  /** Signs out and forgets the tenant: back to rehearsal mode (unless the environment names one). */
  async signOut(): Promise<IdentityStatus> {
    this.cancelSignIn();
    await this.provider?.signOut();
    await rm(join(this.#dir, TENANT_FILE), { force: true });
    this.#tenantProvider = null;
    this.#config = configFromEnv(this.#options.env ?? {}, this.#options.logger ?? silentLogger);
    return this.status();
  }

  #require(): IdentityProvider {
    const provider = this.provider;
    if (!provider) throw new AppError('sign-in-required', 'identity.error.signInRequired');
    return provider;
  }

  #rehearsalProvider(): IdentityProvider {
    const provider = this.#options.rehearsal?.identity;
    if (!provider) throw new AppError('unavailable', 'identity.error.rehearsalUnavailable');
    return provider;
  }

  /** Arguments win, then the tenant in force; neither means the simulated tenant. */
  #resolveConfig(request: SessionSignIn): TenantConfig | null {
    if (request.tenant === undefined && request.clientId === undefined) return this.#config;
    const tenant = request.tenant ?? this.#config?.tenant;
    const clientId = request.clientId ?? this.#config?.clientId;
    if (tenant === undefined || clientId === undefined) {
      throw new AppError('invalid-input', 'identity.error.tenantConfigIncomplete');
    }
    return { tenant: assertTenant(tenant), clientId: assertClientId(clientId) };
  }

  #tenant(config: TenantConfig): IdentityProvider {
    const current = this.#tenantProvider;
    if (current && current.config.tenant === config.tenant && current.config.clientId === config.clientId) {
      return current.provider;
    }
    const provider = this.#options.createProvider?.(config) ?? this.#createMsal(config);
    this.#tenantProvider = { config, provider };
    return provider;
  }

  #createMsal(config: TenantConfig): IdentityProvider {
    const { secrets, openBrowser, locale, logger } = this.#options;
    const cachePlugin = new EncryptedCachePlugin({
      path: join(this.#dir, 'msal-cache.bin'),
      cipher: new EnvelopeCipher(secrets),
      ...(logger ? { logger } : {}),
    });
    return new MsalIdentityProvider({
      ...config,
      cachePlugin,
      openBrowser,
      locale,
      ...(logger ? { logger } : {}),
    });
  }

  async #saveConfig(config: TenantConfig): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(this.#dir, TENANT_FILE), `${JSON.stringify(config, null, 2)}\n`, {
      mode: 0o600,
    });
  }
}

async function readTenantFile(path: string, logger: Logger): Promise<TenantConfig | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = tenantFileSchema.parse(JSON.parse(text));
    return { tenant: assertTenant(parsed.tenant), clientId: assertClientId(parsed.clientId) };
  } catch {
    logger.warn('the saved tenant settings are not valid; starting in rehearsal mode', {});
    return null;
  }
}

function configFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): TenantConfig | null {
  const tenant = env[TENANT_ENV]?.trim();
  const clientId = env[CLIENT_ID_ENV]?.trim();
  if (!tenant || !clientId) return null;
  try {
    return { tenant: assertTenant(tenant), clientId: assertClientId(clientId) };
  } catch {
    logger.warn(`${TENANT_ENV} or ${CLIENT_ID_ENV} is not valid; ignored`, {});
    return null;
  }
}
