import type { KeyObject } from 'node:crypto';

import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildCsrPem } from '/@/src-main/certs/csr-builder';
import { decryptPrivateKey, encryptPrivateKey, generateRsaKey, rsaModulus } from '/@/src-main/certs/key-pair';
import { type CertRequest, validateRequest } from '/@/src-main/certs/request-fields';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

let ca: CaFixture;
let key: KeyObject;

beforeAll(async () => {
  ca = createCaFixture();
  key = await generateRsaKey(2048);
});
afterAll(() => ca.cleanup());

const request = validateRequest({
  cn: 'cmg.contoso.com',
  sans: ['cmg2.contoso.com'],
  org: 'Contoso Ltée',
  ou: 'IT',
  locality: 'Liège',
  state: 'Liège',
  country: 'BE',
}).request!;

describe('buildCsrPem', () => {
  it('should produce a CSR that openssl verifies with SHA-256, the SANs, server-auth EKU and key usage', () => {
    const csr = buildCsrPem(request, key);
    const text = ca.openssl(
      ['req', '-verify', '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'],
      {},
      csr,
    );
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('DNS:cmg.contoso.com, DNS:cmg2.contoso.com');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toContain('Digital Signature, Key Encipherment');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('C=BE, ST=Liège, L=Liège, O=Contoso Ltée, OU=IT, CN=cmg.contoso.com');
  });

  it('should carry the public key of the given private key when inspected by openssl', () => {
    const csr = buildCsrPem(request, key);
    const modulus = ca.openssl(['req', '-noout', '-modulus'], {}, csr).trim().replace('Modulus=', '');
    expect(Buffer.from(modulus, 'hex').toString('base64url')).toBe(rsaModulus(key));
  });
});

/** The request as node-forge's CSR writer made it before signing moved to Node (same bytes expected). */
function forgeCsrPem(input: CertRequest, privateKey: KeyObject): string {
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const rsa = forgeKey as forge.pki.rsa.PrivateKey;
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const printable = forge.asn1.Type.PRINTABLESTRING as unknown as forge.asn1.Class;
  const fields: [string, string | undefined, forge.asn1.Class][] = [
    ['C', input.country, printable],
    ['ST', input.state, utf8],
    ['L', input.locality, utf8],
    ['O', input.org, utf8],
    ['OU', input.ou, utf8],
    ['CN', input.cn, utf8],
  ];
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(rsa.n, rsa.e);
  csr.setSubject(
    fields
      .filter(([, value]) => value)
      .map(([shortName, value, valueTagClass]) => ({ shortName, value, valueTagClass })),
  );
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        { name: 'subjectAltName', altNames: input.sans.map((value) => ({ type: 2, value })) },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      ],
    },
  ]);
  csr.sign(rsa, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr).replace(/\r\n/g, '\n');
}

describe('buildCsrPem against forge', () => {
  it('should write exactly the bytes forge wrote, with every subject field and with only a CN', () => {
    const minimal = validateRequest({ cn: 'cmg.contoso.com', sans: ['cmg.contoso.com'] }).request!;
    for (const input of [request, minimal]) expect(buildCsrPem(input, key)).toBe(forgeCsrPem(input, key));
  });
});

describe('encryptPrivateKey', () => {
  it('should write an encrypted PKCS#8 PEM that openssl opens with the passphrase from an env var', () => {
    const pem = encryptPrivateKey(key, 'pass "phrase" é');
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toBe(true);
    const text = ca.openssl(
      ['pkey', '-passin', 'env:KEY_PASS', '-pubout'],
      { KEY_PASS: 'pass "phrase" é' },
      pem,
    );
    expect(text).toContain('BEGIN PUBLIC KEY');
    const parsed = ca.openssl(['asn1parse'], {}, pem);
    expect(parsed).toContain('PBES2');
    expect(parsed).toContain('aes-256-cbc');
  });

  it('should refuse when the passphrase is empty', () => {
    expect(() => encryptPrivateKey(key, '')).toThrow(
      expect.objectContaining({ messageKey: 'certs.key.passphraseEmpty' }),
    );
  });
});

describe('decryptPrivateKey', () => {
  it('should return the same key when the passphrase is right', () => {
    const opened = decryptPrivateKey(encryptPrivateKey(key, 'right'), 'right');
    expect(rsaModulus(opened)).toBe(rsaModulus(key));
  });

  it('should fail with a clear key when the passphrase is wrong', () => {
    expect(() => decryptPrivateKey(encryptPrivateKey(key, 'right'), 'wrong')).toThrow(
      expect.objectContaining({ messageKey: 'certs.key.wrongPassphrase' }),
    );
  });

  it('should refuse a plain unencrypted key file when one is given', () => {
    const plain = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => decryptPrivateKey(plain, 'x')).toThrow(
      expect.objectContaining({ messageKey: 'certs.key.notEncryptedPem' }),
    );
  });

  it('should refuse a truncated key file', () => {
    const pem = encryptPrivateKey(key, 'right');
    expect(() => decryptPrivateKey(pem.slice(0, pem.length / 2), 'right')).toThrow(
      expect.objectContaining({ messageKey: 'certs.key.notEncryptedPem' }),
    );
  });
});
