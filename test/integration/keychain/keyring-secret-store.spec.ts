import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { findCredentialsAsync } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';

import {
  EnvelopeCipher,
  KEYCHAIN_SERVICE,
  KeyringSecretStore,
  MAX_SECRET_BYTES,
  secretName,
} from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

const HARNESS_COMMAND =
  'node scripts/with-keychain.mjs npx vitest run --project integration test/integration/keychain';
const inHarness = process.env.COMANAGE_KEYCHAIN_SESSION === '1';
const run = promisify(execFile);
const JITI = resolve(createRequire(import.meta.url).resolve('jiti/package.json'), '..', 'lib/jiti-cli.mjs');
const PROBE = resolve(import.meta.dirname, 'fixtures/store-probe.ts');

interface ProbeResult {
  ok: boolean;
  value?: string | null;
  deleted?: boolean;
  code?: string;
  messageKey?: string;
}

/** Runs the real store in a child process with the given environment. */
async function probe(env: NodeJS.ProcessEnv, ...args: string[]): Promise<ProbeResult> {
  const { stdout } = await run(process.execPath, [JITI, PROBE, ...args], { env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeResult;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

if (!inHarness) {
  describe('keychain integration (outside the harness)', () => {
    it('should be run inside the keychain harness when the real keychain tests start', () => {
      throw new Error(
        `COMANAGE_KEYCHAIN_SESSION is not 1: these tests need a real, unlocked OS keychain and refuse to ` +
          `pass without one. Run them through the harness: ${HARNESS_COMMAND}`,
      );
    });
  });
} else {
  // Every name carries this run's tag, so parallel runs and leftovers never collide.
  const tag = `it-${process.pid}-${randomBytes(4).toString('hex')}`;
  const used = new Set<string>();
  const name = (kind: string, id: string): string => {
    const full = secretName(kind, `${tag}-${id}`);
    used.add(full);
    return full;
  };
  const store = new KeyringSecretStore();

  afterAll(async () => {
    for (const entry of used) await store.delete(entry).catch(() => false);
  });

  describe('KeyringSecretStore against the real keychain', () => {
    it('should pass the availability check when the harness keychain is unlocked', async () => {
      await expect(store.checkAvailable()).resolves.toBeUndefined();
    });

    it('should store, read back and delete a secret when the keychain is reachable', async () => {
      const entry = name('client-secret', 'basic');
      await store.set(entry, 'Abc~123.secret_value');
      expect(await store.get(entry)).toBe('Abc~123.secret_value');
      expect(await store.delete(entry)).toBe(true);
      expect(await store.get(entry)).toBeNull();
      expect(await store.delete(entry)).toBe(false);
    });

    it('should return null when a name was never stored', async () => {
      expect(await store.get(name('pfx-password', 'never'))).toBeNull();
    });

    it('should round-trip unicode names and values with quotes, tabs and NUL when they are stored', async () => {
      const entry = name('key-passphrase', 'Zoë-鍵-ключ');
      const value = `Zoë ✓ 😀 ключ 鍵 'single' "double" \`back\`\ttab\u0000nul`;
      await store.set(entry, value);
      expect(await store.get(entry)).toBe(value);
    });

    it('should replace the value and keep one entry when a name is overwritten', async () => {
      const entry = name('pfx-password', 'overwrite');
      await store.set(entry, 'first');
      await store.set(entry, 'second');
      expect(await store.get(entry)).toBe('second');
      const matches = (await findCredentialsAsync(KEYCHAIN_SERVICE)).filter((c) => c.account === entry);
      expect(matches).toEqual([{ account: entry, password: 'second' }]);
    });

    it.each([
      ['ASCII', 'a', MAX_SECRET_BYTES / 2],
      ['three-byte UTF-8', '€', Math.floor(MAX_SECRET_BYTES / 3)],
      ['astral', '😀', MAX_SECRET_BYTES / 4],
    ])('should store the largest allowed %s value and refuse one more character', async (_l, unit, fit) => {
      const entry = name('size', `${fit}`);
      await store.set(entry, unit.repeat(fit));
      expect(await store.get(entry)).toBe(unit.repeat(fit));
      const refused = name('size', `${fit}-over`);
      expect((await rejection(store.set(refused, unit.repeat(fit + 1)))).messageKey).toBe(
        'secrets.value.tooLarge',
      );
      expect(await store.get(refused)).toBeNull();
    });

    it('should let another process read the secret when it was stored through the keychain', async () => {
      const entry = name('client-secret', 'cross-process');
      await store.set(entry, 'shared-across-processes');
      expect(await probe(process.env, 'get', entry)).toEqual({ ok: true, value: 'shared-across-processes' });
      expect(await probe(process.env, 'delete', entry)).toEqual({ ok: true, deleted: true });
      expect(await store.get(entry)).toBeNull();
    });
  });

  describe('KeyringSecretStore when the keychain cannot be used', () => {
    it.skipIf(process.platform !== 'linux')(
      'should report keychain-unavailable and store nothing when the session bus socket does not exist',
      async () => {
        const entry = name('client-secret', 'no-dbus');
        const missingSocket = join(tmpdir(), `comanage-no-bus-${tag}`, 'bus');
        const result = await probe(
          { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${missingSocket}` },
          'set',
          entry,
          'must-not-be-stored',
        );
        expect(result).toEqual({
          ok: false,
          code: 'keychain-unavailable',
          messageKey: 'error.keychainUnavailable',
        });
        expect(await store.get(entry)).toBeNull();
      },
    );

    it.skipIf(process.platform !== 'linux')(
      'should report keychain-unavailable when no session bus address is set at all',
      async () => {
        const env = { ...process.env };
        delete env.DBUS_SESSION_BUS_ADDRESS;
        delete env.DISPLAY;
        const entry = name('client-secret', 'no-bus-address');
        expect(await probe(env, 'set', entry, 'must-not-be-stored')).toMatchObject({
          ok: false,
          code: 'keychain-unavailable',
        });
        expect(await store.get(entry)).toBeNull();
      },
    );
    it.skipIf(process.platform !== 'linux')(
      'should report keychain-unavailable when the session has a keyring daemon that cannot be unlocked',
      async () => {
        // A fresh bus where the Secret Service is only D-Bus-activated: its login keyring needs
        // an unlock prompt, which cannot be shown here, exactly like a locked keychain.
        const home = await mkdtemp(join(tmpdir(), 'comanage-locked-keyring-'));
        try {
          const { stdout } = await run(
            'dbus-run-session',
            ['--', process.execPath, JITI, PROBE, 'set', 'client-secret:locked', 'must-not-be-stored'],
            {
              env: { ...process.env, HOME: home, XDG_DATA_HOME: home, XDG_RUNTIME_DIR: home, DISPLAY: '' },
              timeout: 60_000,
            },
          );
          expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
            ok: false,
            code: 'keychain-unavailable',
            messageKey: 'error.keychainUnavailable',
          });
        } finally {
          await rm(home, { recursive: true, force: true });
        }
      },
    );

    if (process.platform !== 'linux') {
      console.info('D-Bus failure tests skipped: they only apply to the Linux Secret Service backend.');
    }
  });

  describe('EnvelopeCipher with its key in the real keychain', () => {
    it('should encrypt to a 0600 file and decrypt with a fresh store when the key lives in the keychain', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'comanage-keychain-envelope-'));
      try {
        const envelope = `${tag}-msal-cache`;
        const keyEntry = name('envelope-key', 'msal-cache');
        const file = join(dir, 'msal-cache.bin');
        const secret = Buffer.from(`{"refresh_token":"RT-${tag}"}`);
        await new EnvelopeCipher(store).encryptToFile(file, secret, envelope);

        expect((await stat(file)).mode & 0o777).toBe(0o600);
        expect((await readFile(file)).includes(Buffer.from(`RT-${tag}`))).toBe(false);
        const key = await probe(process.env, 'get', keyEntry);
        expect(Buffer.from(key.value ?? '', 'base64')).toHaveLength(32);

        const fresh = new EnvelopeCipher(new KeyringSecretStore());
        expect(await fresh.decryptFile(file, envelope)).toEqual(secret);

        const copy = await readFile(file);
        await fresh.destroy(envelope, file);
        expect(await store.get(keyEntry)).toBeNull();
        expect((await rejection(fresh.open(copy, envelope))).messageKey).toBe('error.envelopeTampered');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
