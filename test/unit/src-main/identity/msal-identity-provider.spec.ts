import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  ARM_SCOPE,
  type DeviceCodeInfo,
  EncryptedCachePlugin,
  GRAPH_SCOPES,
  MSAL_CACHE_KEY_NAME,
  MsalIdentityProvider,
} from '/@/src-main/identity';
import { EnvelopeCipher, MemorySecretStore, secretName } from '/@/src-main/secrets';
import { AppError, type Locale } from '/@/src-main/shared';

import { FAKE_NAME, FAKE_TENANT_ID, FAKE_USERNAME, FakeAuthority } from './fake-authority';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const KEY = secretName('envelope-key', MSAL_CACHE_KEY_NAME);

let home: string;
let secrets: MemorySecretStore;
let authority: FakeAuthority;
let pages: Promise<string>[];

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'identity-msal-'));
  secrets = new MemorySecretStore();
  authority = new FakeAuthority(CLIENT_ID);
  pages = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const cacheFile = (): string => join(home, 'identity', 'msal-cache.bin');

function provider(locale: Locale = 'en'): MsalIdentityProvider {
  return new MsalIdentityProvider({
    tenant: FAKE_TENANT_ID,
    clientId: CLIENT_ID,
    cachePlugin: new EncryptedCachePlugin({ path: cacheFile(), cipher: new EnvelopeCipher(secrets) }),
    openBrowser: (url) => {
      pages.push(authority.completeBrowserSignIn(url));
      return Promise.resolve();
    },
    locale: () => locale,
    networkClient: authority,
  });
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

describe('MsalIdentityProvider against a local fake authority', () => {
  it('should sign in with a device code and hand the code to the UI when the admin approves it', async () => {
    const codes: DeviceCodeInfo[] = [];
    const account = await provider().signIn({
      method: 'device-code',
      scopes: [GRAPH_SCOPES.directoryReadAll],
      onDeviceCode: (info) => codes.push(info),
    });
    expect(account).toEqual({ username: FAKE_USERNAME, tenantId: FAKE_TENANT_ID, name: FAKE_NAME });
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({
      userCode: 'FAKE-CODE1',
      verificationUri: 'https://microsoft.com/devicelogin',
    });
    expect(Date.parse(codes[0]?.expiresOn ?? '')).toBeGreaterThan(Date.now());
    const tokenRequest = authority.requests.find((r) => r.body['grant_type'] === 'device_code');
    expect(tokenRequest?.url).toContain(`/${FAKE_TENANT_ID}/oauth2/v2.0/token`);
    expect(tokenRequest?.body['client_secret']).toBeUndefined();
  });

  it('should keep no token text in the cache file when tokens were issued', async () => {
    const idp = provider();
    await idp.signIn({ method: 'device-code', scopes: [GRAPH_SCOPES.directoryReadAll, ARM_SCOPE] });
    await idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] });
    const file = await readFile(cacheFile());
    expect(authority.issued.length).toBeGreaterThanOrEqual(4);
    const text = file.toString('latin1');
    for (const token of [...authority.issued, FAKE_USERNAME, 'RT-SECRET', 'AT-SECRET', 'refresh_token']) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(Buffer.from(token).toString('base64'));
    }
    // …yet it holds them, sealed: the plugin opens it with the keychain's key.
    const opened = await new EncryptedCachePlugin({
      path: cacheFile(),
      cipher: new EnvelopeCipher(secrets),
    }).read();
    expect(opened).toContain('RT-SECRET');
  });

  it('should ask a second device code for ARM and then get both tokens silently when Graph came first', async () => {
    const idp = provider();
    const codes: DeviceCodeInfo[] = [];
    await idp.signIn({
      method: 'device-code',
      scopes: [GRAPH_SCOPES.directoryReadAll, ARM_SCOPE],
      onDeviceCode: (info) => codes.push(info),
    });
    expect(codes).toHaveLength(2);
    const graph = await idp.getAccessToken({ resource: 'graph', scopes: ['Directory.Read.All'] });
    const arm = await idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] });
    expect(graph).toMatch(/^AT-SECRET-\d+-https:\/\/graph\.microsoft\.com\/Directory\.Read\.All$/);
    expect(arm).toMatch(/^AT-SECRET-\d+-https:\/\/management\.azure\.com\/user_impersonation$/);
    const grants = authority.requests.map((r) => r.body['grant_type']).filter(Boolean);
    // Graph by device code, ARM refused by refresh (not consented yet), ARM by device code; then cache only.
    expect(grants).toEqual(['device_code', 'refresh_token', 'device_code']);
    // Graph and ARM scopes never travel in the same token request.
    for (const request of authority.requests.filter((r) => r.body['scope'])) {
      const scope = request.body['scope'] ?? '';
      expect(scope.includes('graph.microsoft.com') && scope.includes('management.azure.com')).toBe(false);
    }
  });

  it('should fetch a new token past the cache when the caller says the last one was refused', async () => {
    const idp = provider();
    await idp.signIn({
      method: 'device-code',
      scopes: [GRAPH_SCOPES.directoryReadAll],
      onDeviceCode: () => {},
    });
    const cached = await idp.getAccessToken({ resource: 'graph', scopes: ['Directory.Read.All'] });
    expect(await idp.getAccessToken({ resource: 'graph', scopes: ['Directory.Read.All'] })).toBe(cached);
    const before = authority.requests.filter((r) => r.body['grant_type'] === 'refresh_token').length;
    const renewed = await idp.getAccessToken({
      resource: 'graph',
      scopes: ['Directory.Read.All'],
      forceRefresh: true,
    });
    expect(renewed).not.toBe(cached);
    expect(authority.requests.filter((r) => r.body['grant_type'] === 'refresh_token')).toHaveLength(
      before + 1,
    );
  });

  it('should answer consent-required when a later stage needs a scope the admin never consented to', async () => {
    const idp = provider();
    await idp.signIn({ method: 'device-code', scopes: [GRAPH_SCOPES.directoryReadAll] });
    const error = await rejection(
      idp.getAccessToken({ resource: 'graph', scopes: [GRAPH_SCOPES.applicationReadWriteAll] }),
    );
    expect(error.code).toBe('consent-required');
    expect(error.messageKey).toBe('identity.error.consentRequired');
    expect(error.params['scopes']).toBe('Application.ReadWrite.All');
  });

  it('should sign in again from the encrypted cache in a new process when the file and key are there', async () => {
    await provider().signIn({ method: 'device-code', scopes: [GRAPH_SCOPES.directoryReadAll] });
    const restarted = provider();
    expect(await restarted.status()).toEqual({
      username: FAKE_USERNAME,
      tenantId: FAKE_TENANT_ID,
      name: FAKE_NAME,
    });
    const token = await restarted.getAccessToken({
      resource: 'graph',
      scopes: [GRAPH_SCOPES.directoryReadAll],
    });
    expect(authority.issued).toContain(token);
  });

  it('should sign in through the browser with PKCE on the loopback redirect and show the localized page', async () => {
    const idp = provider('fr');
    const account = await idp.signIn({
      method: 'browser',
      scopes: [GRAPH_SCOPES.applicationReadWriteAll, ARM_SCOPE],
    });
    expect(account.username).toBe(FAKE_USERNAME);
    const page = await pages[0];
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Vous êtes connecté');
    const authorize = authority.requests.find((r) => r.body['grant_type'] === 'authorization_code');
    expect(authorize?.body['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(authorize?.body['redirect_uri']).toMatch(/^http:\/\/localhost:\d+\/?$/);
    // The ARM scope was consented in the same browser visit: its token comes by refresh.
    expect(await idp.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] })).toMatch(/^AT-SECRET-/);
    expect(pages).toHaveLength(1);
  });

  it('should say sign-in-required when nobody is signed in', async () => {
    const error = await rejection(
      provider().getAccessToken({ resource: 'graph', scopes: [GRAPH_SCOPES.groupReadAll] }),
    );
    expect(error.code).toBe('sign-in-required');
  });

  it('should stop waiting for the device code when the sign-in is cancelled', async () => {
    authority.deviceCodeApproved = false;
    const controller = new AbortController();
    const pending = provider().signIn({
      method: 'device-code',
      scopes: [GRAPH_SCOPES.directoryReadAll],
      signal: controller.signal,
      onDeviceCode: () => controller.abort(),
    });
    const error = await rejection(pending);
    expect(error.code).toBe('cancelled');
  });

  it('should close the loopback listener when a browser sign-in is cancelled', async () => {
    const controller = new AbortController();
    let redirect = '';
    const idp = new MsalIdentityProvider({
      tenant: FAKE_TENANT_ID,
      clientId: CLIENT_ID,
      cachePlugin: new EncryptedCachePlugin({ path: cacheFile(), cipher: new EnvelopeCipher(secrets) }),
      // The admin never finishes in the browser; the assistant's cancel button is pressed instead.
      openBrowser: (url) => {
        redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        controller.abort();
        return Promise.resolve();
      },
      locale: () => 'en',
      networkClient: authority,
    });
    const error = await rejection(idp.signIn({ method: 'browser', scopes: [], signal: controller.signal }));
    expect(error.code).toBe('cancelled');
    expect(redirect).toMatch(/^http:\/\/localhost:\d+/);
    await vi.waitFor(async () => {
      await expect(fetch(redirect)).rejects.toThrow();
    });
  });

  it('should forget the account, delete the cache file and the keychain key on sign-out', async () => {
    const idp = provider();
    await idp.signIn({ method: 'device-code', scopes: [GRAPH_SCOPES.directoryReadAll] });
    expect(await secrets.get(KEY)).not.toBeNull();
    await idp.signOut();
    expect(await idp.status()).toBeNull();
    await expect(readFile(cacheFile())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await secrets.get(KEY)).toBeNull();
    const error = await rejection(
      idp.getAccessToken({ resource: 'graph', scopes: [GRAPH_SCOPES.directoryReadAll] }),
    );
    expect(error.code).toBe('sign-in-required');
    expect(await provider().status()).toBeNull();
  });

  it('should start signed out instead of failing when the cache file was tampered with', async () => {
    await provider().signIn({ method: 'device-code', scopes: [GRAPH_SCOPES.directoryReadAll] });
    const blob = await readFile(cacheFile());
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0xff;
    await writeFile(cacheFile(), blob);
    const restarted = provider();
    expect(await restarted.status()).toBeNull();
    expect((await rejection(restarted.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] }))).code).toBe(
      'sign-in-required',
    );
  });
});
