import { randomInt } from 'node:crypto';

import {
  type AccessTokenRequest,
  type ApiResource,
  ARM_SCOPE,
  consentRequired,
  type IdentityAccount,
  type IdentityProvider,
  scopesFor,
  shortScope,
  signInCancelled,
  type SignInOptions,
  signInRequired,
  splitScopes,
} from '../identity';
import { type RehearsalTokenIssuer, RehearsalTokenSigner } from './auth';
import { ADMIN_UPN, ADMIN_USER_ID, TENANT_ID } from './seed';

export const REHEARSAL_ADMIN_NAME = 'Rehearsal Admin';
export const REHEARSAL_VERIFICATION_URI = 'https://microsoft.com/devicelogin';
const DEVICE_CODE_LIFETIME_MS = 15 * 60 * 1000;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface RehearsalIdentityOptions {
  readonly now?: () => Date;
  /**
   * Who signs the tokens: the in-process emulator (`startEmulator()` result), or
   * `httpTokenIssuer(url, controlToken)` for a standalone one. Without it the provider signs with
   * a key of its own, which no emulator accepts (for tests that never call the tenant).
   */
  readonly tokens?: RehearsalTokenIssuer;
}

/**
 * Signs in to the simulated tenant: instantly, or through a made-up device code (for the UI's
 * sake). Tokens are the emulator's signed `rehearsal.` bearer tokens, for one API each (`aud`)
 * and carrying exactly the scopes consented so far (`scp`), so the emulator refuses a call the
 * stage's scopes do not cover; consent is tracked per scope as with a real tenant.
 */
export class RehearsalIdentityProvider implements IdentityProvider {
  readonly kind = 'rehearsal' as const;
  /** Lower-case scope → scope as first consented, per resource. */
  readonly #consented: Record<ApiResource, Map<string, string>> = { graph: new Map(), arm: new Map() };
  readonly #now: () => Date;
  readonly #tokens: RehearsalTokenIssuer;
  #signedIn = false;

  constructor(options: RehearsalIdentityOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#tokens = options.tokens ?? ownSigner(this.#now);
  }

  status(): Promise<IdentityAccount | null> {
    return Promise.resolve(this.#signedIn ? ACCOUNT : null);
  }

  signIn(options: SignInOptions): Promise<IdentityAccount> {
    if (options.signal?.aborted) return Promise.reject(signInCancelled(options.signal.reason));
    if (options.method === 'device-code') {
      options.onDeviceCode?.({
        userCode: fakeUserCode(),
        verificationUri: REHEARSAL_VERIFICATION_URI,
        expiresOn: new Date(this.#now().getTime() + DEVICE_CODE_LIFETIME_MS).toISOString(),
        message: 'Rehearsal: the simulated tenant signs you in without a browser.',
      });
    }
    const split = splitScopes(options.scopes);
    for (const resource of ['graph', 'arm'] as const) {
      for (const scope of split[resource]) {
        if (!this.#consented[resource].has(scope.toLowerCase()))
          this.#consented[resource].set(scope.toLowerCase(), scope);
      }
    }
    this.#signedIn = true;
    return Promise.resolve(ACCOUNT);
  }

  async getAccessToken(request: AccessTokenRequest, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw signInCancelled(signal.reason);
    if (!this.#signedIn) throw signInRequired();
    const scopes = scopesFor(request.resource, request.scopes);
    const missing = scopes.filter(
      (scope) => !isDefaultScope(scope) && !this.#consented[request.resource].has(scope.toLowerCase()),
    );
    if (missing.length > 0) throw consentRequired(request.resource, missing.map(shortScope));
    const granted = [...this.#consented[request.resource].values()]
      .map(shortScope)
      .filter((scope) => scope !== '.default');
    // ARM has one delegated permission; `.default` on ARM stands for it.
    const permissions =
      request.resource === 'arm' && this.#consented.arm.size > 0 ? [ARM_PERMISSION] : granted;
    return this.#tokens.issueToken(
      { audience: request.resource, oid: ADMIN_USER_ID, upn: ADMIN_UPN, scopes: permissions },
      signal,
    );
  }

  signOut(): Promise<void> {
    this.#signedIn = false;
    this.#consented.graph.clear();
    this.#consented.arm.clear();
    return Promise.resolve();
  }
}

const ARM_PERMISSION = shortScope(ARM_SCOPE);
const ACCOUNT: IdentityAccount = { username: ADMIN_UPN, tenantId: TENANT_ID, name: REHEARSAL_ADMIN_NAME };

/** A signer with a key of its own: its tokens are well formed, and no emulator accepts them. */
function ownSigner(now: () => Date): RehearsalTokenIssuer {
  const signer = new RehearsalTokenSigner(TENANT_ID, now);
  return { issueToken: (request) => Promise.resolve(signer.sign(request)) };
}

/** `.default` means "whatever was consented": always satisfied once signed in. */
function isDefaultScope(scope: string): boolean {
  return scope.endsWith('/.default');
}

function fakeUserCode(): string {
  let code = '';
  for (let i = 0; i < 9; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
