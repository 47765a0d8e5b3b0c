import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { CertService, generatePassword } from '/@/src-main/certs/cert-service';
import type { SecretStore } from '/@/src-main/secrets';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

/** Map-backed SecretStore, enough to see what the service keeps in the keychain. */
class MapSecretStore implements SecretStore {
  readonly backend = 'test map';
  readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.values.delete(name);
  }
  async list(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

// The CA is read-only; each test gets its own home, store and service, so order does not matter.
let ca: CaFixture;
const homes: string[] = [];

interface Context {
  home: string;
  secrets: MapSecretStore;
  service: CertService;
}

function newContext(): Context {
  const home = mkdtempSync(join(tmpdir(), 'cert-service-'));
  homes.push(home);
  const secrets = new MapSecretStore();
  const service = new CertService({ secrets, home, now: () => new Date('2026-11-23T08:00:00Z') });
  return { home, secrets, service };
}

/** A fresh service holding one request for cmg.contoso.com. */
async function withRequest(): Promise<Context & { id: string; csrPem: string }> {
  const context = newContext();
  const created = await context.service.createCsr({ cn: 'cmg.contoso.com', org: 'Contoso', country: 'BE' });
  return { ...context, id: created.id, csrPem: created.csrPem };
}

/** Same, with the CA's answer (leaf + chain) taken in, ready to export. */
async function withAnswer(): Promise<Context & { id: string; csrPem: string }> {
  const context = await withRequest();
  const p7 = ca.toPkcs7([ca.sign(context.csrPem), ca.intermediatePem, ca.rootPem], 'DER');
  await context.service.importAnswer(context.id, { contentBase64: p7.toString('base64') });
  return context;
}

beforeAll(() => {
  ca = createCaFixture();
});
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});
afterAll(() => {
  ca.cleanup();
});

describe('CertService', () => {
  it('should return localized field errors and the CN analysis when validating live', () => {
    const { service } = newContext();
    const result = service.validate({ cn: 'cmg-prod.contoso.com', country: 'UK' }, 'nl');
    expect(result.valid).toBe(false);
    expect(result.errors.map((error) => error.field)).toEqual(['cn', 'country']);
    expect(result.errors[1]?.message).toContain('GB');
    expect(result.cn.kind).toBe('invalid');
  });

  it('should preview the subject and SANs when the request is valid', () => {
    const { service } = newContext();
    const preview = service.preview({ cn: 'cmg.contoso.com', ou: 'IT' }, 'en');
    expect(preview).toMatchObject({
      valid: true,
      subject: 'CN=cmg.contoso.com, OU=IT',
      sans: ['cmg.contoso.com'],
    });
    expect(preview.providerName).toBe('Microsoft RSA SChannel Cryptographic Provider');
  });

  it('should keep the key encrypted on disk with its passphrase only in the secret store', async () => {
    const { home, secrets, id } = await withRequest();
    const dir = join(home, 'certs', id);
    expect(readdirSync(dir).sort()).toEqual(['private-key.pem', 'request.csr', 'request.json']);
    const keyPem = readFileSync(join(dir, 'private-key.pem'), 'utf8');
    expect(keyPem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toBe(true);
    expect(statSync(join(dir, 'private-key.pem')).mode & 0o777).toBe(0o600);
    const passphrase = secrets.values.get(`cert-key-passphrase:${id}`);
    expect(passphrase).toBeDefined();
    expect(readFileSync(join(dir, 'request.json'), 'utf8')).not.toContain(passphrase!);
    ca.openssl(['pkey', '-noout', '-passin', 'env:P', '-in', join(dir, 'private-key.pem')], {
      P: passphrase!,
    });
  });

  it('should refuse to create a CSR and store nothing when the request is invalid', async () => {
    const { home, secrets, service, id } = await withRequest();
    const before = secrets.values.size;
    await expect(service.createCsr({ cn: 'cmg.contoso.com', org: 'a\nb' })).rejects.toMatchObject({
      messageKey: 'certs.field.controlCharacter',
    });
    expect(secrets.values.size).toBe(before);
    expect(readdirSync(join(home, 'certs'))).toEqual([id]);
  });

  it('should give the certreq INF and localized commands', () => {
    const { service } = newContext();
    const inf = service.certreqInf({ cn: 'cmg.contoso.com' }, 'fr');
    expect(inf.text).toContain('HashAlgorithm = SHA256');
    expect(inf.commands).toContain('certreq -new');
    expect(inf.commands).toContain('autorité de certification');
  });

  it('should import the answer as base64 PKCS#7, then export a PFX with a generated password kept in the store', async () => {
    const { home, secrets, service, id, csrPem } = await withRequest();
    const leafPem = ca.sign(csrPem);
    const p7 = ca.toPkcs7([leafPem, ca.intermediatePem, ca.rootPem], 'DER');
    const answer = await service.importAnswer(id, { contentBase64: p7.toString('base64') });
    expect(answer.leaf.subject).toBe('CN=cmg.contoso.com, O=Contoso, C=BE');
    expect(answer.issuers.map((issuer) => issuer.subject)).toEqual([
      'CN=Certs Test RSA Issuing CA',
      'CN=Certs Test Root',
    ]);
    expect(answer.missingIssuer).toBeNull();

    const path = join(home, 'cmg.pfx');
    const exported = await service.exportPfx(id, { path }, 'en');
    expect(exported.generatedPassword).toHaveLength(24);
    expect(secrets.values.get(exported.passwordSecretName)).toBe(exported.generatedPassword);
    expect(exported).toMatchObject({ encryption: '3des', certificateCount: 3 });
    ca.openssl(['pkcs12', '-noout', '-passin', 'env:P', '-in', path], { P: exported.generatedPassword! });
  });

  it('should not return a password when the admin typed one', async () => {
    const { home, service, id } = await withAnswer();
    const path = join(home, 'typed.pfx');
    const exported = await service.exportPfx(id, { path, password: 'typed one', encryption: 'aes256' }, 'en');
    expect(exported.generatedPassword).toBeUndefined();
    expect(exported.warnings.map((warning) => warning.messageKey)).toEqual(['certs.pfx.aesWarning']);
  });

  it('should refuse an answer for another key and unknown or malformed request ids', async () => {
    const { home, service, csrPem } = await withRequest();
    const other = await service.createCsr({ cn: 'other.contoso.com' });
    const leafPem = ca.sign(csrPem);
    await expect(
      service.importAnswer(other.id, { contentBase64: Buffer.from(leafPem).toString('base64') }),
    ).rejects.toMatchObject({
      messageKey: 'certs.import.noMatchingKey',
    });
    await expect(service.importAnswer('../../etc', { contentBase64: '' })).rejects.toMatchObject({
      messageKey: 'certs.service.unknownRequest',
    });
    await expect(service.exportPfx(other.id, { path: join(home, 'x.pfx') }, 'en')).rejects.toMatchObject({
      messageKey: 'certs.service.noAnswer',
    });
  });
});

describe('generatePassword', () => {
  it('should give 24 characters from the unambiguous alphabet, different each time', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
  });
});
