import {
  type AccountInfo,
  type AuthenticationResult,
  AuthError,
  type DeviceCodeRequest,
  type INetworkModule,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
} from '@azure/msal-node';

import { AppError, isAppError, type Locale, type Logger, silentLogger, translate } from '../shared';
import type { EncryptedCachePlugin } from './encrypted-cache-plugin';
import { consentRequired, signInCancelled, signInRequired, whenAborted } from './errors';
import { ProxyAwareNetworkClient } from './network-client';
import { scopesFor, shortScope, splitScopes } from './scopes';
import { assertClientId, assertTenant } from './tenant-config';
import type {
  AccessTokenRequest,
  ApiResource,
  IdentityAccount,
  IdentityProvider,
  SignInOptions,
} from './types';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface MsalIdentityOptions {
  /** Directory (tenant) id or a verified domain (`contoso.onmicrosoft.com`). */
  readonly tenant: string;
  /** Application (client) id of the organisation's own public client registration. */
  readonly clientId: string;
  readonly cachePlugin: EncryptedCachePlugin;
  /** Opens the sign-in page in the system browser (Electron `shell.openExternal`, or prints it). */
  readonly openBrowser: (url: string) => Promise<void>;
  readonly locale: () => Locale;
  readonly logger?: Logger;
  /** MSAL's HTTP layer; default: `ProxyAwareNetworkClient` (undici, HTTPS_PROXY honoured). Tests pass a fake authority. */
  readonly networkClient?: INetworkModule;
  /** Tests only: another authority host (its metadata then comes through `networkClient`). */
  readonly authorityHost?: string;
}

/**
 * Signs in to a real tenant with MSAL Node: authorization code + PKCE in the system browser on
 * a loopback redirect, or the device-code flow. Tokens are acquired silently afterwards from the
 * encrypted cache (refresh token), one resource per request: Graph and ARM never share a token.
 */
export class MsalIdentityProvider implements IdentityProvider {
  readonly kind = 'msal' as const;
  readonly tenant: string;
  readonly clientId: string;
  readonly #app: PublicClientApplication;
  readonly #options: MsalIdentityOptions;
  readonly #logger: Logger;
  #homeAccountId: string | null = null;

  constructor(options: MsalIdentityOptions) {
    this.tenant = assertTenant(options.tenant);
    this.clientId = assertClientId(options.clientId);
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    const host = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
    this.#app = new PublicClientApplication({
      auth: {
        clientId: this.clientId,
        authority: `${host}/${this.tenant}`,
        ...(options.authorityHost ? { knownAuthorities: [new URL(host).host] } : {}),
      },
      cache: { cachePlugin: options.cachePlugin },
      system: {
        networkClient: options.networkClient ?? new ProxyAwareNetworkClient(),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message) => {
            // MSAL's own lines carry no PII with piiLoggingEnabled off; ours redacts anyway.
            if (level <= LogLevel.Error) this.#logger.warn('msal', { message });
          },
        },
      },
    });
  }

  async status(): Promise<IdentityAccount | null> {
    const account = await this.#account();
    return account ? toAccount(account) : null;
  }

  async signIn(options: SignInOptions): Promise<IdentityAccount> {
    const split = splitScopes(options.scopes);
    const first: ApiResource = split.graph.length > 0 || split.arm.length === 0 ? 'graph' : 'arm';
    const second: ApiResource = first === 'graph' ? 'arm' : 'graph';
    const result = await this.#interactive(options, first, split[first], split[second]);
    this.#homeAccountId = result.account?.homeAccountId ?? null;
    if (!result.account)
      throw new AppError('remote-error', 'identity.error.signInFailed', { code: 'no_account' });
    // ARM and Graph need separate tokens; the browser flow consented to both at once.
    if (split[second].length > 0) {
      try {
        await this.#silent(result.account, second, split[second]);
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'consent-required' && error.code !== 'sign-in-required')) {
          throw error;
        }
        await this.#interactive(options, second, split[second], []);
      }
    }
    return toAccount(result.account);
  }

  async getAccessToken(request: AccessTokenRequest, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw signInCancelled(signal.reason);
    const account = await this.#account();
    if (!account) throw signInRequired();
    const scopes = scopesFor(request.resource, request.scopes);
    const aborted = whenAborted(signal);
    try {
      const result = await Promise.race([
        this.#silent(account, request.resource, scopes, request.forceRefresh === true),
        aborted.promise,
      ]);
      return result.accessToken;
    } finally {
      aborted.dispose();
    }
  }

  async signOut(): Promise<void> {
    const cache = this.#app.getTokenCache();
    try {
      for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    } catch (error) {
      // A cache that cannot be read is removed below all the same.
      this.#logger.warn('sign-out: the token cache could not be read', { error: errorName(error) });
    }
    this.#app.clearCache();
    this.#homeAccountId = null;
    await this.#options.cachePlugin.clear();
  }

  async #account(): Promise<AccountInfo | null> {
    const accounts = await this.#app.getTokenCache().getAllAccounts();
    return accounts.find((a) => a.homeAccountId === this.#homeAccountId) ?? accounts[0] ?? null;
  }

  async #silent(
    account: AccountInfo,
    resource: ApiResource,
    scopes: string[],
    forceRefresh = false,
  ): Promise<AuthenticationResult> {
    try {
      return await this.#app.acquireTokenSilent({ account, scopes, forceRefresh });
    } catch (error) {
      throw this.#mapError(error, resource, scopes);
    }
  }

  async #interactive(
    options: SignInOptions,
    resource: ApiResource,
    scopes: string[],
    extra: string[],
  ): Promise<AuthenticationResult> {
    const aborted = whenAborted(options.signal);
    let authorizeUrl: string | null = null;
    const release = (): void => void releaseLoopback(authorizeUrl);
    if (options.method === 'browser') options.signal?.addEventListener('abort', release, { once: true });
    try {
      const pending =
        options.method === 'device-code'
          ? this.#deviceCode(scopes, options)
          : this.#app.acquireTokenInteractive({
              scopes,
              ...(extra.length > 0 ? { extraScopesToConsent: extra } : {}),
              prompt: 'select_account',
              openBrowser: (url) => {
                authorizeUrl = url;
                return this.#options.openBrowser(url);
              },
              successTemplate: page(this.#options.locale(), 'identity.browser.success'),
              errorTemplate: page(this.#options.locale(), 'identity.browser.error'),
            });
      return await Promise.race([pending, aborted.promise]);
    } catch (error) {
      throw isAppError(error) ? error : this.#mapError(error, resource, scopes);
    } finally {
      aborted.dispose();
      options.signal?.removeEventListener('abort', release);
    }
  }

  async #deviceCode(scopes: string[], options: SignInOptions): Promise<AuthenticationResult> {
    const request: DeviceCodeRequest = {
      scopes,
      deviceCodeCallback: (response) => {
        options.onDeviceCode?.({
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresOn: new Date(Date.now() + response.expiresIn * 1000).toISOString(),
          message: response.message,
        });
      },
      cancel: false,
    };
    // MSAL keeps this very object and reads `cancel` before each poll of the token endpoint.
    options.signal?.addEventListener('abort', () => (request.cancel = true), { once: true });
    const result = await this.#app.acquireTokenByDeviceCode(request);
    if (!result) throw new AppError('remote-error', 'identity.error.signInFailed', { code: 'no_result' });
    return result;
  }

  #mapError(error: unknown, resource: ApiResource, scopes: readonly string[]): AppError {
    if (isAppError(error)) return error;
    if (error instanceof InteractionRequiredAuthError) {
      const consent =
        error.errorCode === 'consent_required' ||
        error.subError === 'consent_required' ||
        /AADSTS65001/.test(error.errorMessage);
      return consent ? consentRequired(resource, scopes.map(shortScope), error) : signInRequired(error);
    }
    if (error instanceof AuthError) {
      if (error.errorCode === 'no_tokens_found' || error.errorCode === 'no_account_in_silent_request') {
        return signInRequired(error);
      }
      if (/user_cancel|access_denied|device_code_polling_cancelled/i.test(error.errorCode)) {
        return signInCancelled(error);
      }
      if (
        /expired_token|device_code_expired|user_timeout_reached/i.test(
          `${error.errorCode} ${error.errorMessage}`,
        )
      ) {
        return new AppError('cancelled', 'identity.error.deviceCodeExpired', {}, { cause: error });
      }
      if (/network|endpoints_resolution|openid_config/i.test(error.errorCode)) {
        return new AppError('unavailable', 'identity.error.unreachable', {}, { cause: error });
      }
      return new AppError(
        'remote-error',
        'identity.error.signInFailed',
        { code: error.errorCode },
        { cause: error },
      );
    }
    return new AppError(
      'internal',
      'identity.error.signInFailed',
      { code: errorName(error) },
      { cause: error },
    );
  }
}

/**
 * A cancelled browser sign-in leaves MSAL's loopback server waiting for a redirect that will
 * never come; answering it with `access_denied` (and its state) makes MSAL close it.
 */
async function releaseLoopback(authorizeUrl: string | null): Promise<void> {
  if (authorizeUrl === null) return;
  const params = new URL(authorizeUrl).searchParams;
  const redirect = params.get('redirect_uri');
  const state = params.get('state');
  if (!redirect || !state || !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(redirect)) return;
  await fetch(redirect, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ error: 'access_denied', error_description: 'cancelled', state }).toString(),
  })
    .then((response) => response.body?.cancel())
    .catch(() => undefined);
}

function toAccount(account: AccountInfo): IdentityAccount {
  return {
    username: account.username,
    tenantId: account.tenantId,
    ...(account.name ? { name: account.name } : {}),
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

/** The page the loopback redirect shows in the browser, in the admin's language. */
function page(locale: Locale, key: string): string {
  const title = escapeHtml(translate(locale, `${key}.title`));
  const body = escapeHtml(translate(locale, `${key}.body`));
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${title}</h1><p>${body}</p></body></html>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
