import { type KeyObject, X509Certificate } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  certificatesFromPkcs7,
  findLeafForKey,
  keyMatchesCertificate,
  MAX_CERT_FILE_BYTES,
  MAX_PEM_BLOCKS,
  orderChain,
  readCertificates,
} from '/@/src-main/certs/cert-import';
import { buildCsrPem } from '/@/src-main/certs/csr-builder';
import { generateRsaKey } from '/@/src-main/certs/key-pair';
import { validateRequest } from '/@/src-main/certs/request-fields';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';
import { makeCert, testKey } from '/@/test/support/x509-factory';

let ca: CaFixture;
let key: KeyObject;
let otherKey: KeyObject;
let leafPem: string;
let ecLeafPem: string;

beforeAll(async () => {
  ca = createCaFixture();
  [key, otherKey] = await Promise.all([generateRsaKey(2048), generateRsaKey(2048)]);
  const csr = buildCsrPem(validateRequest({ cn: 'cmg.contoso.com' }).request!, key);
  leafPem = ca.sign(csr);
  ecLeafPem = ca.sign(csr, { issuer: 'ec' });
});
afterAll(() => ca.cleanup());

const subjects = (certs: readonly X509Certificate[]): string[] => certs.map((cert) => cert.subject);

describe('readCertificates', () => {
  it('should read a PEM bundle in file order when several certificates are concatenated', () => {
    const certs = readCertificates(Buffer.from(ca.rootPem + leafPem + ca.intermediatePem));
    expect(subjects(certs)).toEqual([
      'CN=Certs Test Root',
      'CN=cmg.contoso.com',
      'CN=Certs Test RSA Issuing CA',
    ]);
  });

  it('should read one DER certificate and the same as bare base64', () => {
    const der = ca.toDer(leafPem);
    expect(subjects(readCertificates(der))).toEqual(['CN=cmg.contoso.com']);
    expect(subjects(readCertificates(Buffer.from(der.toString('base64'))))).toEqual(['CN=cmg.contoso.com']);
  });

  it('should read PKCS#7 in DER and PEM with the chain when the CA sends a .p7b', () => {
    for (const form of ['DER', 'PEM'] as const) {
      const p7 = ca.toPkcs7([leafPem, ca.intermediatePem, ca.rootPem], form);
      expect(readCertificates(p7)).toHaveLength(3);
    }
  });

  it('should read an EC intermediate that node-forge cannot parse without crashing', () => {
    const p7 = ca.toPkcs7([ecLeafPem, ca.ecIntermediatePem], 'DER');
    const certs = certificatesFromPkcs7(p7);
    expect(certs[1]?.publicKey.asymmetricKeyType).toBe('ec');
  });

  it.each([
    ['empty', Buffer.alloc(0), 'certs.import.empty'],
    ['binary garbage', Buffer.from([0x30, 0x82, 0xff, 0xff, 1, 2, 3, 4, 5]), 'certs.import.truncated'],
    ['random bytes', Buffer.from('\u0001\u0002garbage\u00ff', 'latin1'), 'certs.import.unreadable'],
    ['text', Buffer.from('hello, this is not a certificate'), 'certs.import.unreadable'],
    [
      'a private key',
      Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      'certs.import.privateKeyInFile',
    ],
    ['a huge file', Buffer.alloc(2 * 1024 * 1024, 0x41), 'certs.import.tooLarge'],
  ])('should refuse %s with a clear message key', (_name, data, messageKey) => {
    expect(() => readCertificates(data)).toThrow(expect.objectContaining({ messageKey }));
  });

  it('should refuse a truncated PEM when the END line is missing', () => {
    const truncated = leafPem.slice(0, Math.floor(leafPem.length / 2));
    expect(() => readCertificates(Buffer.from(truncated))).toThrow(
      expect.objectContaining({ messageKey: 'certs.import.truncated' }),
    );
  });

  it('should refuse a PEM block whose base64 body was cut in the middle', () => {
    const lines = leafPem.trim().split('\n');
    const cut = [...lines.slice(0, 5), lines[lines.length - 1]].join('\n');
    expect(() => readCertificates(Buffer.from(cut))).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});

describe('key matching and chain order', () => {
  it('should find the leaf by its public key and order the chain leaf to root when given shuffled', () => {
    const pool = readCertificates(Buffer.from(ca.rootPem + ca.intermediatePem + leafPem));
    const leaf = findLeafForKey(pool, key);
    const chain = orderChain(leaf, pool);
    expect(subjects(chain.issuers)).toEqual(['CN=Certs Test RSA Issuing CA', 'CN=Certs Test Root']);
    expect(chain.endsAtRoot).toBe(true);
    expect(chain.missingIssuer).toBeNull();
  });

  it('should name the missing intermediate when only the leaf is given', () => {
    const chain = orderChain(new X509Certificate(leafPem), []);
    expect(chain.endsAtRoot).toBe(false);
    expect(chain.missingIssuer).toBe('CN=Certs Test RSA Issuing CA');
  });

  it('should follow an EC intermediate and put unrelated certificates aside', () => {
    const pool = readCertificates(
      Buffer.from(ecLeafPem + ca.intermediatePem + ca.ecIntermediatePem + ca.rootPem),
    );
    const chain = orderChain(findLeafForKey(pool, key), pool);
    expect(subjects(chain.issuers)).toEqual(['CN=Certs Test EC Issuing CA', 'CN=Certs Test Root']);
    expect(subjects(chain.unrelated)).toEqual(['CN=Certs Test RSA Issuing CA']);
  });

  it('should refuse when no certificate belongs to the key', () => {
    const pool = readCertificates(Buffer.from(leafPem + ca.intermediatePem));
    expect(keyMatchesCertificate(pool[0]!, otherKey)).toBe(false);
    expect(() => findLeafForKey(pool, otherKey)).toThrow(
      expect.objectContaining({ messageKey: 'certs.import.noMatchingKey' }),
    );
  });
});

describe('PEM reading on hostile input', () => {
  const refusal = (key: string): unknown => expect.objectContaining({ messageKey: key });

  it('should refuse 1 MB of BEGIN lines as too many blocks at once instead of scanning for minutes', () => {
    const line = '-----BEGIN CERTIFICATE-----\n';
    const flood = Buffer.from(line.repeat(Math.floor(MAX_CERT_FILE_BYTES / line.length)));
    const started = performance.now();
    expect(() => readCertificates(flood)).toThrow(refusal('certs.import.tooManyBlocks'));
    // Generous sanity bound for a loaded machine; the quadratic reader took 23 s here.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('should refuse more blocks than a chain can have and read the cap itself', () => {
    const block = `${leafPem.trim()}\n`;
    expect(() => readCertificates(Buffer.from(block.repeat(MAX_PEM_BLOCKS + 1)))).toThrow(
      refusal('certs.import.tooManyBlocks'),
    );
    expect(readCertificates(Buffer.from(block.repeat(MAX_PEM_BLOCKS)))).toHaveLength(MAX_PEM_BLOCKS);
  });

  it('should refuse a block pasted into another one as cut off', () => {
    const [head, tail] = [leafPem.slice(0, 100), leafPem.slice(100)];
    expect(() => readCertificates(Buffer.from(`${head}\n${ca.rootPem}${tail}`))).toThrow(
      refusal('certs.import.truncated'),
    );
  });

  it('should refuse a BEGIN line without its closing dashes', () => {
    expect(() => readCertificates(Buffer.from('-----BEGIN CERTIFICATE\nMIIB\n'))).toThrow(
      refusal('certs.import.truncated'),
    );
  });
});

describe('chain order with Windows-made certificates', () => {
  it('should take a self-signed certificate without keyCertSign as a root, not as a missing issuer', () => {
    const own = makeCert({
      subject: 'cmg.contoso.com',
      key: testKey(0),
      keyUsage: ['digitalSignature', 'keyEncipherment'],
    });
    const chain = orderChain(own, [own]);
    expect(chain).toMatchObject({ endsAtRoot: true, missingIssuer: null, issuers: [] });
  });
});
