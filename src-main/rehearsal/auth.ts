import type { RehearsalIdentity } from './types';

export const REHEARSAL_TOKEN_PREFIX = 'rehearsal.';

/** Builds the bearer token the emulator accepts (what the rehearsal identity provider hands out). */
export function createRehearsalToken(identity: RehearsalIdentity): string {
  return `${REHEARSAL_TOKEN_PREFIX}${Buffer.from(JSON.stringify(identity), 'utf8').toString('base64url')}`;
}

export type TokenCheck =
  | { readonly ok: true; readonly identity: RehearsalIdentity }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

const MAX_TOKEN_LENGTH = 8192;

/** Checks `Authorization: Bearer rehearsal.<base64url JSON {tid, oid, upn, scp}>` for this tenant. */
export function checkAuthorization(header: string | undefined, tenantId: string): TokenCheck {
  if (!header || header.trim() === '') return { ok: false, missing: true, reason: 'Access token is empty.' };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match)
    return { ok: false, missing: false, reason: 'Access token validation failure. Invalid audience.' };
  const token = match[1] as string;
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(REHEARSAL_TOKEN_PREFIX)) {
    return { ok: false, missing: false, reason: 'Access token validation failure. Invalid audience.' };
  }
  const payload = token.slice(REHEARSAL_TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) {
    return { ok: false, missing: false, reason: 'IDX14100: JWT is not well formed.' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, missing: false, reason: 'IDX14100: JWT is not well formed.' };
  }
  if (typeof claims !== 'object' || claims === null) {
    return { ok: false, missing: false, reason: 'IDX14100: JWT is not well formed.' };
  }
  const { tid, oid, upn, scp } = claims as Record<string, unknown>;
  if (typeof tid !== 'string' || typeof oid !== 'string' || oid === '') {
    return {
      ok: false,
      missing: false,
      reason: 'Access token validation failure. Missing tid or oid claim.',
    };
  }
  if (tid.toLowerCase() !== tenantId.toLowerCase()) {
    return {
      ok: false,
      missing: false,
      reason: 'Access token validation failure. Invalid issuer (wrong tenant).',
    };
  }
  return {
    ok: true,
    identity: { tid, oid, upn: typeof upn === 'string' ? upn : '', scp: typeof scp === 'string' ? scp : '' },
  };
}
