// Issue 9, "Data loss": a refused overwrite, or a second export of the same certificate to another
// path, must never replace the password the keychain holds for an earlier PFX file.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readPfx } from '/@/src-main/certs';
import { type ArgsOf, type ChannelName, createRuntime, type ResultOf, type Runtime } from '/@/src-main/ipc';
import { MemorySecretStore } from '/@/src-main/secrets';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

let home: string;
let ca: CaFixture;
let secrets: MemorySecretStore;
let runtime: Runtime;

async function call<C extends ChannelName>(channel: C, ...args: ArgsOf<C>): Promise<ResultOf<C>> {
  const response = await runtime.dispatch(channel, JSON.parse(JSON.stringify(args)));
  if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
  return response.value as ResultOf<C>;
}

/** A request with the CA's answer imported: ready to export. */
async function answeredRequest(): Promise<string> {
  const created = await call('certs:create-csr', { cn: 'cmg.contoso.com', org: 'Contoso' });
  const answer = ca.toPkcs7([ca.sign(created.csrPem), ca.intermediatePem, ca.rootPem], 'DER');
  await call('certs:import-answer', created.id, { contentBase64: answer.toString('base64') });
  return created.id;
}

async function opensWithKeychainPassword(path: string, secretName: string): Promise<boolean> {
  const password = await secrets.get(secretName);
  if (password === null) return false;
  return readPfx(await readFile(path), password).ok;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'export-loss-'));
  ca = createCaFixture();
  secrets = new MemorySecretStore();
  runtime = await createRuntime({ transport: 'web', osLocale: 'en', version: 't', home, secrets, env: {} });
});
afterEach(async () => {
  await runtime.close();
  ca.cleanup();
  await rm(home, { recursive: true, force: true });
});

describe('PFX export and its keychain entry', () => {
  it('should keep P openable with the password the keychain holds for P after a refused overwrite and an export of the same certificate to Q', async () => {
    const id = await answeredRequest();
    const p = join(home, 'P.pfx');
    const q = join(home, 'Q.pfx');
    const first = await call('certs:export-pfx', id, { path: p });

    // Same certificate, same path, another password: the admin keeps the existing file.
    await expect(call('certs:export-pfx', id, { path: p, password: 'another one' })).rejects.toMatchObject({
      code: 'conflict',
    });
    const second = await call('certs:export-pfx', id, { path: q, password: 'the Q password' });

    expect(second.passwordSecretName).not.toBe(first.passwordSecretName);
    expect(await secrets.get(first.passwordSecretName)).toBe(first.generatedPassword);
    expect(await opensWithKeychainPassword(p, first.passwordSecretName)).toBe(true);
    expect(await opensWithKeychainPassword(q, second.passwordSecretName)).toBe(true);
  });

  it('should keep the old file and put its password back when the keychain fails during a confirmed replacement', async () => {
    const id = await answeredRequest();
    const p = join(home, 'P.pfx');
    const first = await call('certs:export-pfx', id, { path: p, password: 'first' });
    const set = secrets.set.bind(secrets);
    secrets.set = async (name, value) => {
      if (value === 'second') throw new Error('keychain locked');
      await set(name, value);
    };
    await expect(
      call('certs:export-pfx', id, { path: p, password: 'second', overwrite: true }),
    ).rejects.toBeDefined();
    expect(await secrets.get(first.passwordSecretName)).toBe('first');
    expect(await opensWithKeychainPassword(p, first.passwordSecretName)).toBe(true);
    expect((await readdir(home)).filter((name) => name.includes('pending'))).toEqual([]);
  });
});
