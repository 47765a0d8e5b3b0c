import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StageEngine } from '/@/src-main/engine';
import { certsChannels } from '/@/src-main/ipc/contract/certs';
import { createCertsHandlers } from '/@/src-main/ipc/handlers/certs-handlers';
import type { SecretStore } from '/@/src-main/secrets';
import type { Locale } from '/@/src-main/shared';
import { STAGES } from '/@/src-main/stages';
import { Journal, StateStore } from '/@/src-main/state';
import {
  createPfxFixtures,
  FIXTURE_CN,
  FIXTURE_PASSWORD,
  type PfxFixtures,
  SCHANNEL_CSP,
} from '/@/test/support/pfx-fixtures';

const values = new Map<string, string>();
const secrets: SecretStore = {
  backend: 'test map',
  get: async (name) => values.get(name) ?? null,
  set: async (name, value) => void values.set(name, value),
  delete: async (name) => values.delete(name),
  list: async () => [...values.keys()],
};
const home = mkdtempSync(join(tmpdir(), 'certs-handlers-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The handlers over the real stage and engine, with this file's secret map. */
async function makeHandlers(locale: Locale): Promise<ReturnType<typeof createCertsHandlers>> {
  const state = (await StateStore.open(home)).store;
  const journal = new Journal(home);
  const ctx = { home, secrets, state, locale: () => locale, now: () => new Date() };
  const engine = new StageEngine({ stages: STAGES, context: ctx, journal });
  return createCertsHandlers({ ctx, engine, journal });
}

describe('createCertsHandlers', () => {
  let handlers: Awaited<ReturnType<typeof makeHandlers>>;
  beforeAll(async () => {
    handlers = await makeHandlers('fr');
  });

  it('should have one handler per certs channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(certsChannels).sort());
  });

  it('should return the CN analysis without raw message refs and messages in the current locale', async () => {
    const result = await handlers['certs:validate-request']({ cn: 'My-CSG.contoso.com' });
    expect(result.valid).toBe(false);
    expect(result.cn).toEqual({ kind: 'invalid', prefix: 'My-CSG' });
    expect(result.errors[0]?.message).toContain('minuscules');
  });

  it('should refuse arguments the schema does not allow before any handler runs', () => {
    const args = certsChannels['certs:export-pfx'].args;
    expect(args.safeParse(['not-a-uuid', { path: '/tmp/x.pfx' }]).success).toBe(false);
    expect(
      args.safeParse(['3f0c1a9e-8a4b-4c1d-9e2f-0123456789ab', { path: '/tmp/x.pfx', password: '' }]).success,
    ).toBe(false);
    const request = certsChannels['certs:create-csr'].args;
    expect(request.safeParse([{ cn: 'x'.repeat(2000) }]).success).toBe(false);
  });

  it('should create a CSR whose result holds no secret', async () => {
    const created = await handlers['certs:create-csr']({ cn: 'cmg.contoso.com' });
    expect(created.csrPem).toContain('BEGIN CERTIFICATE REQUEST');
    const serialized = JSON.stringify(created);
    for (const secret of values.values()) expect(serialized).not.toContain(secret);
  });
});

describe('certs:inspect-pfx arguments', () => {
  const args = certsChannels['certs:inspect-pfx'].args;
  const source = { contentBase64: 'AAAA' };

  it('should take exactly one of a typed password and a keychain entry', () => {
    expect(args.safeParse([{ source, password: 'x' }]).success).toBe(true);
    expect(args.safeParse([{ source, passwordSecretName: 'pfx-password:AB' }]).success).toBe(true);
    expect(args.safeParse([{ source }]).success).toBe(false);
    expect(args.safeParse([{ source, password: 'x', passwordSecretName: 'pfx-password:AB' }]).success).toBe(
      false,
    );
  });

  it('should refuse to read any keychain entry other than a PFX password', async () => {
    const handlers = await makeHandlers('en');
    values.set('cert-key-passphrase:x', 'not for you');
    await expect(
      handlers['certs:inspect-pfx']({ source, passwordSecretName: 'cert-key-passphrase:x' }),
    ).rejects.toMatchObject({ messageKey: 'certs.service.passwordMissing' });
  });

  it('should report a file that is not a PFX as an error check, not a crash', async () => {
    const handlers = await makeHandlers('en');
    const result = await handlers['certs:inspect-pfx']({
      source: { contentBase64: Buffer.from('garbage, not DER').toString('base64') },
      password: 'x',
    });
    expect(result.checks[0]).toMatchObject({ id: 'pfx-file', severity: 'error' });
    expect(result.passwordSecretName).toBeNull();
  });
});

describe('certs:import-pfx', () => {
  let fixtures: PfxFixtures;
  beforeAll(() => {
    fixtures = createPfxFixtures();
  });
  afterAll(() => fixtures.cleanup());

  it('should take a PFX made by openssl in as a request that exports again in the Windows profile', async () => {
    const handlers = await makeHandlers('en');
    const source = { contentBase64: fixtures.files['good-default'].toString('base64') };
    const answer = await handlers['certs:import-pfx']({ source, password: FIXTURE_PASSWORD });
    expect(answer.leaf.subject).toContain(`CN=${FIXTURE_CN}`);
    expect(answer.issuers.length).toBeGreaterThan(0);
    const out = join(home, 'again.pfx');
    const exported = await handlers['certs:export-pfx'](answer.id, { path: out, csp: 'schannel' });
    expect(exported.encryption).toBe('3des');
    expect(exported.cspName).toBe(SCHANNEL_CSP);
    // An existing file is refused unless the caller says to replace it.
    await expect(handlers['certs:export-pfx'](answer.id, { path: out })).rejects.toMatchObject({
      messageKey: 'certs.output.exists',
    });
    await expect(
      handlers['certs:export-pfx'](answer.id, { path: out, overwrite: true }),
    ).resolves.toMatchObject({
      path: out,
    });
  });

  it('should refuse a wrong password with the import message and create nothing', async () => {
    const handlers = await makeHandlers('en');
    const before = values.size;
    const source = { contentBase64: fixtures.files['good-default'].toString('base64') };
    await expect(handlers['certs:import-pfx']({ source, password: 'wrong' })).rejects.toMatchObject({
      messageKey: 'certs.pfxImport.wrongPassword',
    });
    expect(values.size).toBe(before);
  });
});

describe('hostile input at the certificate channels', () => {
  let handlers: Awaited<ReturnType<typeof makeHandlers>>;
  beforeAll(async () => {
    handlers = await makeHandlers('fr');
  });
  const request = { cn: 'cmg.contoso.com' };

  it('should refuse save paths that are empty, relative, too long, or in a missing folder, writing nothing', async () => {
    const save = certsChannels['certs:save-inf'].args;
    expect(save.safeParse([request, { path: 'x'.repeat(5000) }]).success).toBe(false);
    expect(save.safeParse([request, { path: 42 }]).success).toBe(false);
    for (const path of ['', 'relative.inf', '..\\up.inf']) {
      await expect(handlers['certs:save-inf'](request, { path })).rejects.toMatchObject({
        messageKey: 'certs.service.pathNotAbsolute',
      });
    }
    const missing = join(home, 'no-such-folder', 'cmg.inf');
    await expect(handlers['certs:save-inf'](request, { path: missing })).rejects.toMatchObject({
      messageKey: 'certs.output.writeFailed',
    });
    expect(existsSync(join(home, 'no-such-folder'))).toBe(false);
  });

  it('should refuse a path with a control character and a request field with a quote, with French messages', async () => {
    await expect(
      handlers['certs:save-inf'](request, { path: join(home, 'bad\u0000name.inf') }),
    ).rejects.toMatchObject({ messageKey: 'certs.output.writeFailed' });
    expect(readdirSync(home).some((name) => name.startsWith('bad'))).toBe(false);
    await expect(
      handlers['certs:save-inf'](
        { cn: 'cmg.contoso.com', org: 'Contoso "SA"' },
        { path: join(home, 'q.inf') },
      ),
    ).rejects.toMatchObject({ messageKey: 'certs.field.specialCharacter' });
    expect(existsSync(join(home, 'q.inf'))).toBe(false);
  });

  it('should explain a truncated, an empty and a non-PFX file at import and preflight instead of failing', async () => {
    const fixtures = createPfxFixtures();
    try {
      const whole = fixtures.files['good-default'];
      const truncated = whole.subarray(0, Math.floor(whole.length / 2)).toString('base64');
      await expect(
        handlers['certs:import-pfx']({ source: { contentBase64: truncated }, password: FIXTURE_PASSWORD }),
      ).rejects.toMatchObject({
        code: 'invalid-input',
        messageKey: expect.stringMatching(/^certs\.pfxImport\./),
      });
      for (const contentBase64 of [
        truncated,
        '',
        Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64'),
      ]) {
        const result = await handlers['certs:inspect-pfx']({
          source: { contentBase64 },
          password: FIXTURE_PASSWORD,
        });
        expect(result.checks[0]).toMatchObject({ id: 'pfx-file', severity: 'error' });
        expect(result.checks[0]?.message.length).toBeGreaterThan(10);
        expect(result.checks[0]?.hint.length).toBeGreaterThan(10);
      }
    } finally {
      fixtures.cleanup();
    }
  });
});
