import { beforeEach, describe, expect, it, vi } from 'vitest';

import {
  KEYCHAIN_SERVICE,
  type KeyringEntry,
  type KeyringEntryFactory,
  KeyringSecretStore,
  MAX_SECRET_BYTES,
} from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

// The native module is the process edge: record how the default factory opens entries.
const nativeCalls = vi.hoisted(() => [] as unknown[][]);
vi.mock('@napi-rs/keyring', () => ({
  AsyncEntry: class {
    constructor(...args: unknown[]) {
      nativeCalls.push(args);
    }
    async getPassword(): Promise<string | null> {
      return 'from-native';
    }
    async setPassword(): Promise<void> {}
    async deletePassword(): Promise<boolean> {
      return true;
    }
  },
}));

/** A keychain in a Map, with a switch to make every call fail like a dead D-Bus session. */
class FakeKeychain {
  readonly entries = new Map<string, string>();
  readonly opened: { service: string; account: string }[] = [];
  failure: Error | null = null;
  failOpen = false;

  readonly factory: KeyringEntryFactory = async (service, account) => {
    this.opened.push({ service, account });
    if (this.failOpen) throw new Error('DBus error: Failed to connect to socket');
    const key = `${service}/${account}`;
    const guard = (): void => {
      if (this.failure) throw this.failure;
    };
    const entry: KeyringEntry = {
      getPassword: async () => (guard(), this.entries.get(key) ?? null),
      setPassword: async (value) => {
        guard();
        this.entries.set(key, value);
      },
      deletePassword: async () => (guard(), this.entries.delete(key)),
    };
    return entry;
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let keychain: FakeKeychain;
let store: KeyringSecretStore;
beforeEach(() => {
  keychain = new FakeKeychain();
  store = new KeyringSecretStore({ openEntry: keychain.factory });
  nativeCalls.length = 0;
});

describe('KeyringSecretStore', () => {
  it('should file entries under the comanage-setup service with the name as account when storing', async () => {
    await store.set('pfx-password:AB12', 'value');
    expect(KEYCHAIN_SERVICE).toBe('comanage-setup');
    expect(keychain.opened).toEqual([{ service: 'comanage-setup', account: 'pfx-password:AB12' }]);
    expect(await store.get('pfx-password:AB12')).toBe('value');
  });

  it('should pass through null and the delete result when entries are missing or present', async () => {
    expect(await store.get('missing:1')).toBeNull();
    expect(await store.delete('missing:1')).toBe(false);
    await store.set('present:1', 'v');
    expect(await store.delete('present:1')).toBe(true);
  });

  it.each(['get', 'set', 'delete'] as const)(
    'should turn a failing %s into keychain-unavailable when the keychain errors',
    async (method) => {
      keychain.failure = new Error('Secret Service: unlock prompt was dismissed');
      const call =
        method === 'set' ? store.set('a:1', 'v') : method === 'get' ? store.get('a:1') : store.delete('a:1');
      const error = await rejection(call);
      expect(error.code).toBe('keychain-unavailable');
      expect(error.messageKey).toBe('error.keychainUnavailable');
      expect((error.cause as Error).message).toMatch(/unlock prompt/);
    },
  );

  it('should turn a failure to open the entry into keychain-unavailable when D-Bus is unreachable', async () => {
    keychain.failOpen = true;
    const error = await rejection(store.set('a:1', 'secret-value'));
    expect(error.code).toBe('keychain-unavailable');
    expect(keychain.entries.size).toBe(0);
  });

  it('should keep the secret value out of the error when storing fails', async () => {
    keychain.failure = new Error('backend said no');
    const error = await rejection(store.set('a:1', 'hunter2-secret'));
    expect(`${String(error)} ${JSON.stringify(error.params)} ${error.message}`).not.toContain('hunter2');
  });

  it('should refuse an oversized value before the keychain is opened when it exceeds the limit', async () => {
    const error = await rejection(store.set('token:1', 'x'.repeat(MAX_SECRET_BYTES / 2 + 1)));
    expect(error.messageKey).toBe('secrets.value.tooLarge');
    expect(keychain.opened).toEqual([]);
  });

  it('should refuse a hostile name before the keychain is opened when it has control characters', async () => {
    const error = await rejection(store.get('pfx-password:a\r\nb'));
    expect(error.code).toBe('invalid-input');
    expect(keychain.opened).toEqual([]);
  });

  it('should name the backend after the platform when constructed for each OS', () => {
    const name = (platform: NodeJS.Platform): string =>
      new KeyringSecretStore({ openEntry: keychain.factory, platform }).backend;
    expect(name('win32')).toBe('Windows Credential Manager');
    expect(name('darwin')).toBe('macOS Keychain');
    expect(name('linux')).toMatch(/Secret Service/);
  });

  it('should leave no probe entry behind when the availability check succeeds', async () => {
    await store.checkAvailable();
    expect(keychain.entries.size).toBe(0);
    expect(keychain.opened.every(({ account }) => account.startsWith('probe:'))).toBe(true);
  });

  it('should report keychain-unavailable from the availability check when the keychain is locked', async () => {
    keychain.failure = new Error('locked');
    expect((await rejection(store.checkAvailable())).code).toBe('keychain-unavailable');
  });

  it('should pin Linux entries to the Secret Service when the default native factory is used', async () => {
    const native = new KeyringSecretStore();
    expect(await native.get('client-secret:app')).toBe('from-native');
    expect(nativeCalls).toEqual([
      ['comanage-setup', 'client-secret:app', { linux: { store: 'secret-service' } }],
    ]);
  });
});
