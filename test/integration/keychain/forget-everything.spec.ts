// "Forget everything" against the real keychain: the entries the assistant made are listed by the
// keychain itself before and after (not through our own store), for the app and for the CLI.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findCredentialsAsync } from '@napi-rs/keyring';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { COMMANDS, runCli } from '/@/src-main/cli';
import { createRuntime } from '/@/src-main/ipc';
import { KEYCHAIN_SERVICE, KeyringSecretStore } from '/@/src-main/secrets';

const inHarness = process.env.COMANAGE_KEYCHAIN_SESSION === '1';
const accounts = async (service: string): Promise<string[]> =>
  (await findCredentialsAsync(service)).map((credential) => credential.account).sort();

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-forget-it-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

if (inHarness)
  describe('forget everything with the real keychain', () => {
    it('should leave no keychain entry of the app and none of its files after a certificate request', async () => {
      const service = `comanage-forget-test-${process.pid}`;
      const secrets = new KeyringSecretStore({ service });
      const runtime = await createRuntime({
        transport: 'web',
        osLocale: 'en',
        version: '0.0.0',
        home,
        secrets,
      });
      try {
        const created = await runtime.dispatch('certs:create-csr', [
          { cn: 'cmg.contoso.com', org: 'Contoso' },
        ]);
        expect(created).toMatchObject({ ok: true });
        await secrets.set('client-secret:forget-test', 'REHEARSAL-SECRET-forget');
        const before = await accounts(service);
        expect(before).toHaveLength(2);
        expect(before.some((name) => name.startsWith('cert-key-passphrase:'))).toBe(true);

        const result = await runtime.dispatch('app:forget-everything', [{ confirm: 'forget-everything' }]);

        expect(result).toMatchObject({ ok: true, value: { removedSecrets: 2 } });
        expect(await accounts(service)).toEqual([]);
        expect((await readdir(home)).sort()).toEqual(['logs', 'state.json']);
        expect(await readdir(join(home, 'logs'))).toEqual([]);
      } finally {
        await runtime.close();
      }
    });

    it('should remove the entries with `comanage forget --yes` and nothing without --yes', async () => {
      const store = new KeyringSecretStore();
      const name = `pfx-password:forget-cli-${process.pid}`;
      await store.set(name, 'to-be-forgotten');
      const out: string[] = [];
      const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t) };
      const env = { COMANAGE_HOME: home };

      expect(await runCli(['forget'], { ...io, env, cwd: home, locale: 'en' }, COMMANDS)).toBe(2);
      expect(await accounts(KEYCHAIN_SERVICE)).toContain(name);

      expect(await runCli(['forget', '--yes'], { ...io, env, cwd: home, locale: 'en' }, COMMANDS)).toBe(0);
      expect(await accounts(KEYCHAIN_SERVICE)).toEqual([]);
      expect(out.join('')).toMatch(/keychain/);
    });
  });
else
  describe('forget everything outside the keychain harness', () => {
    it('should be run through scripts/with-keychain.mjs', () => {
      throw new Error(
        'Run: node scripts/with-keychain.mjs npx vitest run --project integration test/integration/keychain',
      );
    });
  });
