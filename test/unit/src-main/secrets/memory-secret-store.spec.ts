import { describe, expect, it } from 'vitest';

import { MAX_SECRET_BYTES, MemorySecretStore } from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('MemorySecretStore', () => {
  it('should say it is for tests when its backend is shown', () => {
    expect(new MemorySecretStore().backend).toMatch(/tests only/);
  });

  it('should return a stored value when it is read back', async () => {
    const store = new MemorySecretStore();
    await store.set('client-secret:app', 'Zoë\'s "sécret" ✓');
    expect(await store.get('client-secret:app')).toBe('Zoë\'s "sécret" ✓');
  });

  it('should return null when the name was never stored', async () => {
    expect(await new MemorySecretStore().get('pfx-password:none')).toBeNull();
  });

  it('should keep the newest value when a name is overwritten', async () => {
    const store = new MemorySecretStore();
    await store.set('pfx-password:a', 'first');
    await store.set('pfx-password:a', 'second');
    expect(await store.get('pfx-password:a')).toBe('second');
    expect(store.names()).toEqual(['pfx-password:a']);
  });

  it('should report whether something was deleted when delete is called twice', async () => {
    const store = new MemorySecretStore();
    await store.set('pfx-password:a', 'value');
    expect(await store.delete('pfx-password:a')).toBe(true);
    expect(await store.delete('pfx-password:a')).toBe(false);
    expect(await store.get('pfx-password:a')).toBeNull();
  });

  it('should refuse a value over the keychain limit when it is set', async () => {
    const store = new MemorySecretStore();
    const error = await rejection(store.set('big:1', 'x'.repeat(MAX_SECRET_BYTES)));
    expect(error.messageKey).toBe('secrets.value.tooLarge');
    expect(store.names()).toEqual([]);
  });

  it('should refuse a name with control characters when any method is called', async () => {
    const store = new MemorySecretStore();
    for (const call of [store.get('a\nb'), store.set('a\u0000b', 'v'), store.delete('\u202Eab')]) {
      expect((await rejection(call)).messageKey).toBe('secrets.name.invalid');
    }
  });

  it('should fail like an unreachable keychain and store nothing when it is made unavailable', async () => {
    const store = new MemorySecretStore();
    await store.set('kept:1', 'value');
    store.setAvailable(false);
    for (const call of [store.get('kept:1'), store.set('new:1', 'v'), store.delete('kept:1')]) {
      const error = await rejection(call);
      expect(error.code).toBe('keychain-unavailable');
      expect(error.messageKey).toBe('error.keychainUnavailable');
    }
    store.setAvailable(true);
    expect(store.names()).toEqual(['kept:1']);
  });
});
