import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  type IdentityProvider,
  IdentitySession,
  type IdentitySessionOptions,
  REAL_ENDPOINTS,
  type TenantConfig,
} from '/@/src-main/identity';
import { RehearsalIdentityProvider } from '/@/src-main/rehearsal';
import { MemorySecretStore } from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

const TENANT = 'fabrikam.onmicrosoft.com';
const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const REHEARSAL_ENDPOINTS = {
  graphBaseUrl: 'http://127.0.0.1:1/graph',
  armBaseUrl: 'http://127.0.0.1:1/arm',
};

/** Stands in for MSAL: records how it was built and signs in at once. */
class FakeTenantProvider implements IdentityProvider {
  readonly kind = 'msal' as const;
  signedIn = false;
  signedOut = 0;
  constructor(readonly config: TenantConfig) {}
  status() {
    return Promise.resolve(this.signedIn ? { username: 'a@fabrikam.example', tenantId: 'tid' } : null);
  }
  signIn() {
    this.signedIn = true;
    return Promise.resolve({ username: 'a@fabrikam.example', tenantId: 'tid' });
  }
  getAccessToken() {
    return Promise.resolve('real-token');
  }
  signOut() {
    this.signedIn = false;
    this.signedOut += 1;
    return Promise.resolve();
  }
}

let home: string;
let built: FakeTenantProvider[];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'identity-session-'));
  built = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function open(overrides: Partial<IdentitySessionOptions> = {}): Promise<IdentitySession> {
  return IdentitySession.open({
    home,
    secrets: new MemorySecretStore(),
    rehearsal: { identity: new RehearsalIdentityProvider(), endpoints: REHEARSAL_ENDPOINTS },
    openBrowser: () => Promise.resolve(),
    locale: () => 'en',
    createProvider: (config) => {
      const provider = new FakeTenantProvider(config);
      built.push(provider);
      return provider;
    },
    ...overrides,
  });
}

describe('IdentitySession', () => {
  it('should start in rehearsal mode, signed out, talking to the simulated tenant', async () => {
    const session = await open();
    expect(await session.status()).toEqual({ mode: 'rehearsal', signedIn: false, account: null });
    expect(session.endpoints()).toEqual(REHEARSAL_ENDPOINTS);
    await expect(session.getAccessToken({ resource: 'graph', scopes: [] })).rejects.toMatchObject({
      code: 'sign-in-required',
    });
  });

  it('should sign in to the simulated tenant when no tenant is given', async () => {
    const session = await open();
    const status = await session.signIn({ method: 'browser', scopes: ['Directory.Read.All'] });
    expect(status).toMatchObject({ mode: 'rehearsal', signedIn: true });
    expect(await session.getAccessToken({ resource: 'graph', scopes: ['Directory.Read.All'] })).toMatch(
      /^rehearsal\./,
    );
    expect(built).toHaveLength(0);
  });

  it('should switch to the real tenant, remember it (ids only) and use real endpoints', async () => {
    const session = await open();
    const status = await session.signIn({
      method: 'device-code',
      tenant: TENANT,
      clientId: CLIENT_ID,
      scopes: [],
    });
    expect(status).toMatchObject({ mode: 'tenant', signedIn: true });
    expect(built[0]?.config).toEqual({ tenant: TENANT, clientId: CLIENT_ID });
    expect(session.endpoints()).toEqual(REAL_ENDPOINTS);
    expect(await session.getAccessToken({ resource: 'arm', scopes: [] })).toBe('real-token');
    const saved = JSON.parse(await readFile(join(home, 'identity', 'tenant.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ tenant: TENANT, clientId: CLIENT_ID });
    const reopened = await open();
    expect(reopened.mode).toBe('tenant');
  });

  it('should stay in rehearsal mode and save nothing when the real sign-in fails', async () => {
    const session = await open({
      createProvider: (config) =>
        Object.assign(new FakeTenantProvider(config), {
          signIn: () => Promise.reject(new AppError('cancelled', 'identity.error.cancelled')),
        }),
    });
    await expect(
      session.signIn({ method: 'browser', tenant: TENANT, clientId: CLIENT_ID, scopes: [] }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(session.mode).toBe('rehearsal');
    await expect(readFile(join(home, 'identity', 'tenant.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('should refuse half a tenant configuration', async () => {
    const session = await open();
    await expect(session.signIn({ method: 'browser', tenant: TENANT, scopes: [] })).rejects.toMatchObject({
      messageKey: 'identity.error.tenantConfigIncomplete',
    });
  });

  it('should sign out of the real tenant, forget it and fall back to rehearsal', async () => {
    const session = await open();
    await session.signIn({ method: 'browser', tenant: TENANT, clientId: CLIENT_ID, scopes: [] });
    const status = await session.signOut();
    expect(status).toEqual({ mode: 'rehearsal', signedIn: false, account: null });
    expect(built[0]?.signedOut).toBe(1);
    await expect(readFile(join(home, 'identity', 'tenant.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('should take the tenant from the environment when none was saved', async () => {
    const session = await open({ env: { COMANAGE_TENANT: TENANT, COMANAGE_CLIENT_ID: CLIENT_ID } });
    expect(session.mode).toBe('tenant');
    await session.signIn({ method: 'browser', scopes: [] });
    expect(built[0]?.config).toEqual({ tenant: TENANT, clientId: CLIENT_ID });
  });

  it('should ignore a damaged tenant file and start in rehearsal mode', async () => {
    await mkdir(join(home, 'identity'), { recursive: true });
    await writeFile(join(home, 'identity', 'tenant.json'), '{"tenant":"../../etc","clientId":"x"}');
    expect((await open()).mode).toBe('rehearsal');
  });

  it('should say rehearsal sign-in is unavailable when the simulated tenant is not running', async () => {
    const session = await open({ rehearsal: null });
    await expect(session.signIn({ method: 'browser', scopes: [] })).rejects.toMatchObject({
      code: 'unavailable',
      messageKey: 'identity.error.rehearsalUnavailable',
    });
  });
});
