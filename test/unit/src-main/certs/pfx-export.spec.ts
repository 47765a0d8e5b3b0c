import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildCsrPem } from '/@/src-main/certs/csr-builder';
import { generateRsaKey, rsaModulus } from '/@/src-main/certs/key-pair';
import { exportPfx, type PfxExportRequest } from '/@/src-main/certs/pfx-export';
import { importPfx } from '/@/src-main/certs/pfx-import';
import { validateRequest } from '/@/src-main/certs/request-fields';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

const PASSWORD = 'Pfx "pässword" 1';
let ca: CaFixture;
let key: KeyObject;
let otherKey: KeyObject;
let leaf: X509Certificate;
let ecLeaf: X509Certificate;

beforeAll(async () => {
  ca = createCaFixture();
  [key, otherKey] = await Promise.all([generateRsaKey(2048), generateRsaKey(2048)]);
  const csr = buildCsrPem(validateRequest({ cn: 'cmg.contoso.com' }).request!, key);
  leaf = new X509Certificate(ca.sign(csr));
  ecLeaf = new X509Certificate(ca.sign(csr, { issuer: 'ec' }));
});
afterAll(() => ca.cleanup());

const chain = (): X509Certificate[] => [
  new X509Certificate(ca.intermediatePem),
  new X509Certificate(ca.rootPem),
];
const request = (overrides: Partial<PfxExportRequest> = {}): PfxExportRequest => ({
  privateKey: key,
  leaf,
  chain: chain(),
  password: PASSWORD,
  ...overrides,
});

/** `openssl pkcs12 -info` reduced to the lines about structure: the key material is dropped. */
function pfxInfo(data: Buffer): string[] {
  const text = ca.opensslWithStderr(
    ['pkcs12', '-info', '-nodes', '-passin', 'env:PFX_PASS', '-in', ca.file('info.pfx', data)],
    {
      PFX_PASS: PASSWORD,
    },
  );
  return text
    .split('\n')
    .filter((line) => /MAC|PKCS7|Keybag|CSP Name|friendlyName|subject=/.test(line))
    .map((line) => line.trim().replace(/ = /g, '='));
}

describe('exportPfx', () => {
  it('should write PBE-SHA1-3DES key and certificates with a SHA-1 MAC and the SChannel CSP by default', () => {
    const result = exportPfx(request(), new Date('2026-11-23T10:00:00Z'));
    const info = pfxInfo(result.data);
    expect(info).toContain('MAC: sha1, Iteration 2048');
    expect(info).toContain('PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(info).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(info).toContain('Microsoft CSP Name: Microsoft RSA SChannel Cryptographic Provider');
    expect(info).toContain('friendlyName: cmg.contoso.com 2026-11-23');
    expect(result).toMatchObject({ encryption: '3des', certificateCount: 3, warnings: [] });
  });

  it('should hold the whole chain in order when openssl lists the certificates', () => {
    const { data } = exportPfx(request());
    const certs = ca.openssl(
      ['pkcs12', '-nokeys', '-passin', 'env:PFX_PASS', '-in', ca.file('chain.pfx', data)],
      {
        PFX_PASS: PASSWORD,
      },
    );
    expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(certs.replace(/ = /g, '=').match(/subject=.*/g)).toEqual([
      'subject=CN=cmg.contoso.com',
      'subject=CN=Certs Test RSA Issuing CA',
      'subject=CN=Certs Test Root',
    ]);
  });

  it('should hold the private key of the leaf when openssl extracts it', () => {
    const { data } = exportPfx(request());
    const path = ca.file('key.pfx', data);
    const keyPem = ca.openssl(['pkcs12', '-nocerts', '-nodes', '-passin', 'env:PFX_PASS', '-in', path], {
      PFX_PASS: PASSWORD,
    });
    const modulus = ca.openssl(['rsa', '-noout', '-modulus'], {}, keyPem).trim().replace('Modulus=', '');
    expect(Buffer.from(modulus, 'hex').toString('base64url')).toBe(rsaModulus(key));
    ca.openssl(['pkcs12', '-noout', '-passin', 'env:PFX_PASS', '-in', path], { PFX_PASS: PASSWORD });
  });

  it('should write AES-256 with a SHA-256 MAC and warn when AES-256 is chosen', () => {
    const result = exportPfx(request({ encryption: 'aes256' }));
    const info = pfxInfo(result.data);
    expect(info).toContain('MAC: sha256, Iteration 2048');
    expect(info).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256');
    expect(info).toContain(
      'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
    );
    expect(result.warnings).toEqual(['certs.pfx.aesWarning']);
  });

  it('should name the KSP, or no CSP at all, when asked', () => {
    expect(pfxInfo(exportPfx(request({ csp: 'ksp' })).data)).toContain(
      'Microsoft CSP Name: Microsoft Software Key Storage Provider',
    );
    const none = exportPfx(request({ csp: 'none' }));
    expect(none.cspName).toBeNull();
    expect(pfxInfo(none.data).some((line) => line.includes('CSP Name'))).toBe(false);
  });

  it('should carry an EC intermediate when the CA chain has one', () => {
    const result = exportPfx(
      request({ leaf: ecLeaf, chain: [new X509Certificate(ca.ecIntermediatePem)], friendlyName: 'CMG 2026' }),
    );
    const info = pfxInfo(result.data);
    expect(info).toContain('subject=CN=Certs Test EC Issuing CA');
    expect(info).toContain('friendlyName: CMG 2026');
  });

  it('should refuse an empty password, a foreign key and a bad friendly name', () => {
    expect(() => exportPfx(request({ password: '' }))).toThrow(
      expect.objectContaining({ messageKey: 'certs.pfx.passwordEmpty' }),
    );
    expect(() => exportPfx(request({ privateKey: otherKey }))).toThrow(
      expect.objectContaining({ messageKey: 'certs.pfx.keyMismatch' }),
    );
    expect(() => exportPfx(request({ friendlyName: 'a\nb' }))).toThrow(
      expect.objectContaining({ messageKey: 'certs.pfx.friendlyName' }),
    );
  });
});

describe('importPfx', () => {
  it('should return the key and the ordered chain when the PFX was made by openssl with its defaults', () => {
    // The plain key exists only in the fixture's temp folder, as input for openssl.
    const keyFile = ca.file('plain.key', key.export({ type: 'pkcs8', format: 'pem' }) as string);
    const chainFile = ca.file('chain.pem', ca.rootPem + ca.intermediatePem);
    const out = ca.file('openssl.pfx', '');
    ca.openssl(
      ['pkcs12', '-export', '-in', ca.file('leaf.pem', leaf.toString()), '-inkey', keyFile].concat([
        '-certfile',
        chainFile,
        '-passout',
        'env:PFX_PASS',
        '-out',
        out,
      ]),
      { PFX_PASS: PASSWORD },
    );
    const imported = importPfx(readFileSync(out), PASSWORD);
    expect(rsaModulus(imported.privateKey)).toBe(rsaModulus(key));
    expect(imported.chain.leaf.subject).toBe('CN=cmg.contoso.com');
    expect(imported.chain.issuers.map((cert) => cert.subject)).toEqual([
      'CN=Certs Test RSA Issuing CA',
      'CN=Certs Test Root',
    ]);
  });

  it('should say the password is wrong when it is', () => {
    const { data } = exportPfx(request());
    expect(() => importPfx(data, 'not it')).toThrow(
      expect.objectContaining({ messageKey: 'certs.pfxImport.wrongPassword' }),
    );
  });

  it('should refuse garbage that is not a PFX', () => {
    expect(() => importPfx(Buffer.from('garbage'), 'x')).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});
