import { createHash } from 'node:crypto';

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * A stand-in for login.microsoftonline.com behind MSAL's `system.networkClient`: instance
 * discovery, OpenID metadata, device code, and the token endpoint (device code, authorization
 * code with PKCE check, refresh token with per-scope consent). Tokens are recognisable strings
 * so tests can look for them in files.
 */
export const FAKE_TENANT_ID = '7d3c2b1a-0f9e-4d8c-b7a6-112233445566';
export const FAKE_USER_OID = '0a1b2c3d-4e5f-4a6b-8c7d-998877665544';
export const FAKE_USERNAME = 'alex.admin@fabrikam.example';
export const FAKE_NAME = 'Alex Admin';
const OIDC = new Set(['openid', 'profile', 'offline_access', 'email']);

interface AuthorizeRecord {
  readonly challenge: string;
  readonly nonce: string | null;
  readonly scopes: string[];
}

export class FakeAuthority implements INetworkModule {
  /** Every token handed out (access, refresh, id), to look for in files. */
  readonly issued: string[] = [];
  readonly requests: { url: string; body: Record<string, string> }[] = [];
  /** Full scope URIs the admin agreed to (lower case). */
  readonly consented = new Set<string>();
  /** Scopes that a refresh may never obtain (the admin refuses them). */
  readonly refused = new Set<string>();
  deviceCodeApproved = true;
  deviceCodeInterval = 1;
  #counter = 0;
  readonly #codes = new Map<string, AuthorizeRecord>();

  /** `host`: where MSAL believes the authority is (the real one, or a local HTTPS server). */
  constructor(
    readonly clientId: string,
    readonly host = 'https://login.microsoftonline.com',
  ) {}

  /** What the system browser does: read the authorize URL, "sign in", post the code back (form_post). */
  async completeBrowserSignIn(authorizeUrl: string): Promise<string> {
    const url = new URL(authorizeUrl);
    const params = url.searchParams;
    if (params.get('code_challenge_method') !== 'S256') throw new Error('PKCE S256 expected');
    const code = `code-${(this.#counter += 1)}`;
    const scopes = [
      ...(params.get('scope') ?? '').split(' '),
      ...(params.get('extraScopesToConsent') ?? '').split(' '),
    ].filter((s) => s !== '');
    this.#codes.set(code, {
      challenge: params.get('code_challenge') ?? '',
      nonce: params.get('nonce'),
      scopes,
    });
    for (const scope of scopes) if (!OIDC.has(scope)) this.consented.add(scope.toLowerCase());
    const redirect = params.get('redirect_uri') ?? '';
    const response = await fetch(redirect, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, state: params.get('state') ?? '' }).toString(),
    });
    return response.text();
  }

  async sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
    this.requests.push({ url, body: {} });
    const parsed = new URL(url);
    if (parsed.pathname === '/common/discovery/instance') {
      return ok<T>({
        tenant_discovery_endpoint: `${this.host}/${FAKE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: [
              'login.microsoftonline.com',
              'login.windows.net',
              'login.microsoft.com',
              'sts.windows.net',
            ],
          },
        ],
      });
    }
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(parsed.pathname);
    if (metadata) {
      const tenant = metadata[1] as string;
      return ok<T>({
        token_endpoint: `${this.host}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${this.host}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${this.host}/${tenant}/oauth2/v2.0/logout`,
        device_authorization_endpoint: `${this.host}/${tenant}/oauth2/v2.0/devicecode`,
        issuer: `${this.host}/${FAKE_TENANT_ID}/v2.0`,
        jwks_uri: `${this.host}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
      });
    }
    return { status: 404, headers: {}, body: { error: 'not_found' } as T };
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const body = Object.fromEntries(new URLSearchParams(options?.body ?? ''));
    this.requests.push({ url, body });
    const path = new URL(url).pathname;
    if (path.endsWith('/oauth2/v2.0/devicecode')) {
      return ok<T>({
        user_code: 'FAKE-CODE1',
        device_code: 'device-code-secret',
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: this.deviceCodeInterval,
        message:
          'To sign in, use a web browser to open https://microsoft.com/devicelogin and enter FAKE-CODE1.',
      });
    }
    if (path.endsWith('/oauth2/v2.0/token')) return this.#token<T>(body);
    return { status: 404, headers: {}, body: { error: 'not_found' } as T };
  }

  #token<T>(body: Record<string, string>): NetworkResponse<T> {
    if (body['client_id'] !== this.clientId)
      return error<T>('unauthorized_client', 'AADSTS700016: unknown app');
    if (body['client_secret'] !== undefined)
      return error<T>('invalid_request', 'public clients send no secret');
    const scopes = (body['scope'] ?? '').split(' ').filter((s) => s !== '' && !OIDC.has(s));
    let nonce: string | null = null;
    switch (body['grant_type']) {
      case 'device_code':
        if (!this.deviceCodeApproved) return error<T>('authorization_pending', 'AADSTS70016: pending');
        for (const scope of scopes) this.consented.add(scope.toLowerCase());
        break;
      case 'authorization_code': {
        const record = this.#codes.get(body['code'] ?? '');
        this.#codes.delete(body['code'] ?? '');
        const verifier = body['code_verifier'] ?? '';
        if (!record || createHash('sha256').update(verifier).digest('base64url') !== record.challenge) {
          return error<T>(
            'invalid_grant',
            'AADSTS501481: The Code_Verifier does not match the code_challenge',
          );
        }
        nonce = record.nonce;
        break;
      }
      case 'refresh_token': {
        if (!this.issued.includes(body['refresh_token'] ?? '')) {
          return error<T>('invalid_grant', 'AADSTS700082: The refresh token has expired.');
        }
        const missing = scopes.filter((s) => !this.consented.has(s.toLowerCase()) || this.refused.has(s));
        if (missing.length > 0) {
          return error<T>(
            'invalid_grant',
            'AADSTS65001: The user or administrator has not consented to use the application.',
            'consent_required',
          );
        }
        break;
      }
      default:
        return error<T>('unsupported_grant_type', 'AADSTS70003');
    }
    const n = (this.#counter += 1);
    const accessToken = `AT-SECRET-${n}-${scopes.join('+') || 'openid'}`;
    const refreshToken = `RT-SECRET-${n}`;
    const idToken = this.#idToken(nonce);
    this.issued.push(accessToken, refreshToken, idToken);
    return ok<T>({
      token_type: 'Bearer',
      scope: scopes.join(' ') || 'openid profile',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: FAKE_USER_OID, utid: FAKE_TENANT_ID })).toString(
        'base64url',
      ),
    });
  }

  #idToken(nonce: string | null): string {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: this.clientId,
      iss: `${this.host}/${FAKE_TENANT_ID}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: FAKE_NAME,
      oid: FAKE_USER_OID,
      preferred_username: FAKE_USERNAME,
      sub: 'subject-1',
      tid: FAKE_TENANT_ID,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    };
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
  }
}

function ok<T>(body: object): NetworkResponse<T> {
  return { status: 200, headers: {}, body: body as T };
}

function error<T>(code: string, description: string, suberror?: string): NetworkResponse<T> {
  return {
    status: 400,
    headers: {},
    body: {
      error: code,
      error_description: description,
      error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
      ...(suberror ? { suberror } : {}),
    } as T,
  };
}
