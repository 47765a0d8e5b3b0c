import { readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TokenCacheContext } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EncryptedCachePlugin, MSAL_CACHE_KEY_NAME } from '/@/src-main/identity';
import { EnvelopeCipher, MemorySecretStore, secretName } from '/@/src-main/secrets';
import type { Logger } from '/@/src-main/shared';

const ACCESS = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.ACCESS-TOKEN-TEXT-4711.sig';
const REFRESH = '0.AXEAREFRESH-TOKEN-TEXT-0815';
const ID_TOKEN = 'eyJhbGciOiJub25lIn0.ID-TOKEN-TEXT-1234.';
/** MSAL's serialized cache format, with recognisable token strings. */
const CACHE = JSON.stringify({
  Account: { 'uid.utid-login.windows.net-utid': { username: 'admin@fabrikam.example' } },
  AccessToken: { at1: { secret: ACCESS, credential_type: 'AccessToken' } },
  RefreshToken: { rt1: { secret: REFRESH, credential_type: 'RefreshToken' } },
  IdToken: { id1: { secret: ID_TOKEN, credential_type: 'IdToken' } },
  AppMetadata: {},
});
const KEY = secretName('envelope-key', MSAL_CACHE_KEY_NAME);

/** The slice of MSAL's serializable cache the plugin touches. */
class FakeTokenCache {
  text: string | null = null;
  constructor(private readonly current = '') {}
  serialize(): string {
    return this.current;
  }
  deserialize(text: string): void {
    this.text = text;
  }
}

let dir: string;
let secrets: MemorySecretStore;
let path: string;
const warnings: string[] = [];
const logger: Logger = {
  info: () => undefined,
  warn: (message) => warnings.push(message),
  error: () => undefined,
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'identity-cache-'));
  secrets = new MemorySecretStore();
  path = join(dir, 'identity', 'msal-cache.bin');
  warnings.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plugin = (): EncryptedCachePlugin =>
  new EncryptedCachePlugin({ path, cipher: new EnvelopeCipher(secrets), logger });

async function save(text: string): Promise<void> {
  await plugin().afterCacheAccess(new TokenCacheContext(new FakeTokenCache(text), true));
}

describe('EncryptedCachePlugin', () => {
  it('should write no token text to disk when MSAL saves a changed cache', async () => {
    await save(CACHE);
    const file = await readFile(path);
    for (const secret of [
      ACCESS,
      REFRESH,
      ID_TOKEN,
      'ACCESS-TOKEN-TEXT',
      'REFRESH-TOKEN',
      'admin@fabrikam',
    ]) {
      expect(file.includes(Buffer.from(secret))).toBe(false);
      expect(file.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    expect(file.subarray(0, 4).toString('ascii')).toBe('CMEV');
    expect(await secrets.get(KEY)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('should give MSAL the same cache back when it reads it again', async () => {
    await save(CACHE);
    const cache = new FakeTokenCache();
    await plugin().beforeCacheAccess(new TokenCacheContext(cache, false));
    expect(cache.text).toBe(CACHE);
  });

  it('should write nothing when MSAL reports no change', async () => {
    await plugin().afterCacheAccess(new TokenCacheContext(new FakeTokenCache(CACHE), false));
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await secrets.get(KEY)).toBeNull();
  });

  it('should hand MSAL nothing when there is no cache file yet', async () => {
    const cache = new FakeTokenCache();
    await plugin().beforeCacheAccess(new TokenCacheContext(cache, false));
    expect(cache.text).toBeNull();
  });

  it('should treat a tampered file as an empty cache and log it without crashing', async () => {
    await save(CACHE);
    const blob = await readFile(path);
    blob[40] = (blob[40] ?? 0) ^ 0x01;
    await writeFile(path, blob);
    const cache = new FakeTokenCache();
    await plugin().beforeCacheAccess(new TokenCacheContext(cache, false));
    expect(cache.text).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings.join(' ')).not.toContain(REFRESH);
  });

  it('should treat a cache whose keychain key is gone as empty', async () => {
    await save(CACHE);
    await secrets.delete(KEY);
    expect(await plugin().read()).toBeNull();
  });

  it('should delete the file and its keychain key when cleared (sign-out)', async () => {
    await save(CACHE);
    await plugin().clear();
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await secrets.get(KEY)).toBeNull();
    // Clearing twice (nothing left) is fine.
    await expect(plugin().clear()).resolves.toBeUndefined();
  });

  it('should not decrypt a copy of the old file after sign-out and a new sign-in', async () => {
    await save(CACHE);
    const oldCopy = await readFile(path);
    await plugin().clear();
    await save('{"Account":{}}');
    await writeFile(path, oldCopy);
    expect(await plugin().read()).toBeNull();
  });

  it('should fail with a keychain error instead of writing plain text when the keychain refuses', async () => {
    const broken = new EncryptedCachePlugin({
      path,
      cipher: new EnvelopeCipher({
        backend: 'broken',
        get: () => Promise.resolve(null),
        set: () => Promise.reject(new Error('keychain locked')),
        delete: () => Promise.resolve(false),
        list: () => Promise.resolve([]),
      }),
    });
    await expect(broken.write(CACHE)).rejects.toThrow('keychain locked');
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
