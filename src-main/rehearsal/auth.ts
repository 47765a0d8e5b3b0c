import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { RehearsalIdentity, TokenAudience } from './types';

export const REHEARSAL_TOKEN_PREFIX = 'rehearsal.';
/** The `aud` claim of each API's tokens, as Entra ID writes them for delegated tokens. */
export const TOKEN_AUDIENCES: Readonly<Record<TokenAudience, string>> = {
  graph: 'https://graph.microsoft.com',
  arm: 'https://management.azure.com',
};
/** One hour, as Entra ID's default access-token lifetime. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const MAX_TOKEN_LENGTH = 8192;
const KEY_BYTES = 32;

/** What a caller asks the simulated tenant to sign (the emulator adds `tid`, `iat` and `exp`). */
export interface TokenRequest {
  readonly audience: TokenAudience;
  /** Delegated permissions (`scp`), short names: `Application.ReadWrite.All`, `user_impersonation`. */
  readonly scopes?: readonly string[];
  /** Application permissions (`roles`), for app-only tokens. */
  readonly roles?: readonly string[];
  readonly oid: string;
  readonly upn?: string;
  readonly lifetimeSeconds?: number;
}

/** Who may ask for tokens: the emulator in-process, or `httpTokenIssuer` for a standalone one. */
export interface RehearsalTokenIssuer {
  issueToken(request: TokenRequest, signal?: AbortSignal): Promise<string>;
}

export type TokenCheck =
  | { readonly ok: true; readonly identity: RehearsalIdentity }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'tenant' | 'audience';
      /** Entra/Graph wording of the refusal, safe to send back (it quotes no token). */
      readonly message: string;
      /** Set for `expired`: when the token stopped being valid. */
      readonly expiredAt?: Date;
    };

/**
 * Signs and checks the simulated tenant's bearer tokens: `rehearsal.<base64url JSON claims>.<HMAC-SHA256>`
 * with a key made for this run only, so a token cannot be forged, and one from an earlier run (or
 * another emulator) is refused like a token from another authority.
 */
export class RehearsalTokenSigner {
  readonly #key: Buffer;

  constructor(
    private readonly tenantId: string,
    private readonly now: () => Date,
    key: Buffer = randomBytes(KEY_BYTES),
  ) {
    this.#key = Buffer.from(key);
  }

  sign(request: TokenRequest): string {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const lifetime = request.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    const claims: Record<string, unknown> = {
      aud: TOKEN_AUDIENCES[request.audience],
      tid: this.tenantId,
      oid: request.oid,
      upn: request.upn ?? '',
      iat: issuedAt,
      exp: issuedAt + lifetime,
    };
    if (request.scopes && request.scopes.length > 0) claims['scp'] = request.scopes.join(' ');
    if (request.roles && request.roles.length > 0) claims['roles'] = [...request.roles];
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${REHEARSAL_TOKEN_PREFIX}${payload}.${this.#mac(payload).toString('base64url')}`;
  }

  /** Checks `Authorization: Bearer …`: signature first, then tenant, audience and lifetime. */
  verify(header: string | undefined, audience: TokenAudience): TokenCheck {
    if (!header || header.trim() === '') {
      return { ok: false, reason: 'missing', message: 'Access token is empty.' };
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const token = match?.[1] ?? '';
    if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(REHEARSAL_TOKEN_PREFIX)) {
      return { ok: false, reason: 'malformed', message: 'IDX14100: JWT is not well formed.' };
    }
    const parts = token.slice(REHEARSAL_TOKEN_PREFIX.length).split('.');
    const [payload, signature] = parts;
    const base64url = /^[A-Za-z0-9_-]+$/;
    if (
      parts.length !== 2 ||
      !payload ||
      !signature ||
      !base64url.test(payload) ||
      !base64url.test(signature)
    ) {
      return { ok: false, reason: 'malformed', message: 'IDX14100: JWT is not well formed.' };
    }
    const expected = this.#mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature', message: 'IDX10511: Signature validation failed.' };
    }
    const claims = parseClaims(payload);
    if (!claims) return { ok: false, reason: 'malformed', message: 'IDX14100: JWT is not well formed.' };
    if (claims.tid.toLowerCase() !== this.tenantId.toLowerCase()) {
      return {
        ok: false,
        reason: 'tenant',
        message: 'Access token validation failure. Invalid issuer (wrong tenant).',
      };
    }
    if (claims.aud !== TOKEN_AUDIENCES[audience]) {
      return { ok: false, reason: 'audience', message: 'Access token validation failure. Invalid audience.' };
    }
    if (claims.exp * 1000 <= this.now().getTime()) {
      return {
        ok: false,
        reason: 'expired',
        message: 'Lifetime validation failed, the token is expired.',
        expiredAt: new Date(claims.exp * 1000),
      };
    }
    return {
      ok: true,
      identity: {
        tid: claims.tid,
        oid: claims.oid,
        upn: claims.upn,
        aud: claims.aud,
        scp: claims.scp,
        roles: claims.roles,
      },
    };
  }

  #mac(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(`${REHEARSAL_TOKEN_PREFIX}${payload}`).digest();
  }
}

interface Claims {
  readonly aud: string;
  readonly tid: string;
  readonly oid: string;
  readonly upn: string;
  readonly scp: string;
  readonly roles: readonly string[];
  readonly exp: number;
}

/** Only reached for a payload this run signed, so a shape error means a bug, not an attack. */
function parseClaims(payload: string): Claims | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { aud, tid, oid, upn, scp, roles, exp } = raw as Record<string, unknown>;
  if (typeof aud !== 'string' || typeof tid !== 'string' || typeof oid !== 'string' || oid === '')
    return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return {
    aud,
    tid,
    oid,
    upn: typeof upn === 'string' ? upn : '',
    scp: typeof scp === 'string' ? scp : '',
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
    exp,
  };
}
