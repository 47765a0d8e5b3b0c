import { describe, expect, it } from 'vitest';

import { ARM_SCOPE, type DeviceCodeInfo, GRAPH_SCOPES } from '/@/src-main/identity';
import {
  ADMIN_UPN,
  ADMIN_USER_ID,
  REHEARSAL_VERIFICATION_URI,
  type RehearsalIdentity,
  RehearsalIdentityProvider,
  RehearsalTokenSigner,
  TENANT_ID,
  type TokenAudience,
} from '/@/src-main/rehearsal';
import { AppError } from '/@/src-main/shared';

/** What the emulator holds: the signer whose key the provider's tokens must verify against. */
const emulatorSigner = new RehearsalTokenSigner(TENANT_ID, () => new Date());
const tokens = {
  issueToken: (request: Parameters<RehearsalTokenSigner['sign']>[0]) =>
    Promise.resolve(emulatorSigner.sign(request)),
};

function claims(token: string, audience: TokenAudience = 'graph'): RehearsalIdentity {
  const check = emulatorSigner.verify(`Bearer ${token}`, audience);
  if (!check.ok) throw new Error(`the emulator refused the token: ${check.reason}`);
  return check.identity;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('RehearsalIdentityProvider', () => {
  it('should sign in to the simulated tenant as its admin when asked for the browser', async () => {
    const idp = new RehearsalIdentityProvider();
    expect(await idp.status()).toBeNull();
    const account = await idp.signIn({ method: 'browser', scopes: [GRAPH_SCOPES.directoryReadAll] });
    expect(account).toMatchObject({ username: ADMIN_UPN, tenantId: TENANT_ID });
    expect(await idp.status()).toEqual(account);
  });

  it('should show a made-up device code when the device-code method is chosen', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const codes: DeviceCodeInfo[] = [];
    await new RehearsalIdentityProvider({ now: () => now }).signIn({
      method: 'device-code',
      scopes: [],
      onDeviceCode: (info) => codes.push(info),
    });
    expect(codes).toHaveLength(1);
    expect(codes[0]?.userCode).toMatch(/^[A-Z2-9]{9}$/);
    expect(codes[0]?.verificationUri).toBe(REHEARSAL_VERIFICATION_URI);
    expect(codes[0]?.expiresOn).toBe('2026-11-23T10:15:00.000Z');
  });

  it('should issue emulator tokens with the tenant, the admin and the consented scopes', async () => {
    const idp = new RehearsalIdentityProvider({ tokens });
    await idp.signIn({
      method: 'browser',
      scopes: ['Directory.Read.All', GRAPH_SCOPES.groupReadAll, ARM_SCOPE],
    });
    const graph = claims(await idp.getAccessToken({ resource: 'graph', scopes: ['Group.Read.All'] }));
    expect(graph).toEqual({
      tid: TENANT_ID,
      oid: ADMIN_USER_ID,
      upn: ADMIN_UPN,
      aud: 'https://graph.microsoft.com',
      scp: 'Directory.Read.All Group.Read.All',
      roles: [],
    });
    const arm = claims(await idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] }), 'arm');
    expect(arm).toMatchObject({ aud: 'https://management.azure.com', scp: 'user_impersonation' });
  });

  it('should sign with its own key when no emulator is given, so no emulator accepts its tokens', async () => {
    const idp = new RehearsalIdentityProvider();
    await idp.signIn({ method: 'browser', scopes: [GRAPH_SCOPES.directoryReadAll] });
    const token = await idp.getAccessToken({ resource: 'graph', scopes: [] });
    expect(emulatorSigner.verify(`Bearer ${token}`, 'graph')).toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });

  it('should require consent for a scope a later stage needs and grant it after signing in again', async () => {
    const idp = new RehearsalIdentityProvider({ tokens });
    await idp.signIn({ method: 'browser', scopes: [GRAPH_SCOPES.directoryReadAll] });
    const error = await rejection(idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] }));
    expect(error.code).toBe('consent-required');
    expect(error.params).toMatchObject({ resource: 'Azure Resource Manager', scopes: 'user_impersonation' });
    await idp.signIn({ method: 'browser', scopes: [ARM_SCOPE] });
    expect(claims(await idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] }), 'arm').scp).toBe(
      'user_impersonation',
    );
  });

  it('should accept the .default scope once signed in', async () => {
    const idp = new RehearsalIdentityProvider();
    await idp.signIn({ method: 'browser', scopes: [] });
    await expect(
      idp.getAccessToken({ resource: 'graph', scopes: ['https://graph.microsoft.com/.default'] }),
    ).resolves.toMatch(/^rehearsal\./);
  });

  it('should refuse tokens before sign-in and after sign-out', async () => {
    const idp = new RehearsalIdentityProvider();
    expect((await rejection(idp.getAccessToken({ resource: 'graph', scopes: [] }))).code).toBe(
      'sign-in-required',
    );
    await idp.signIn({ method: 'browser', scopes: [GRAPH_SCOPES.directoryReadAll] });
    await idp.signOut();
    expect(await idp.status()).toBeNull();
    expect((await rejection(idp.getAccessToken({ resource: 'graph', scopes: [] }))).code).toBe(
      'sign-in-required',
    );
  });

  it('should refuse a token request that mixes Graph and ARM scopes', async () => {
    const idp = new RehearsalIdentityProvider();
    await idp.signIn({ method: 'browser', scopes: [] });
    const error = await rejection(
      idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE, 'Group.Read.All'] }),
    );
    expect(error.code).toBe('invalid-input');
  });

  it('should not sign in when the sign-in was already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const idp = new RehearsalIdentityProvider();
    const error = await rejection(idp.signIn({ method: 'browser', scopes: [], signal: controller.signal }));
    expect(error.code).toBe('cancelled');
    expect(await idp.status()).toBeNull();
  });
});
