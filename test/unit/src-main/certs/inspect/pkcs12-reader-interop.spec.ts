// PFX files made elsewhere that the reader used to refuse or misreport (issue 9): trailing padding,
// RC4, RC2 and DES schemes, high PBKDF2 counts, an unsupported key type, a wrong password without a
// MAC, the same key stored twice, a key alone, and files asking for absurd key-derivation work.
import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { importPfx } from '/@/src-main/certs';
import { inspectPfx, MAX_KDF_WORK, readPfx } from '/@/src-main/certs/inspect';
import {
  assemblePfx,
  certBag,
  claimedKeyBag,
  EXTRA_PASSWORD,
  gostPkcs8,
  opensslPfx,
  sharedKeyPkcs8,
  shroudedKeyBag,
} from '/@/test/support/pfx-fixtures-extra';

function opened(data: Buffer, password = EXTRA_PASSWORD) {
  const result = readPfx(data, password);
  if (!result.ok) throw new Error(`expected the file to open, got ${result.reason}`);
  return result.pfx;
}

function keyMatchesCert(data: Buffer): boolean {
  const pfx = opened(data);
  return pfx.keys.length === 1 && pfx.certs[0]?.cert?.checkPrivateKey(pfx.keys[0]!.key) === true;
}

describe('readPfx with files made elsewhere', () => {
  it.each([
    ['three zero bytes', Buffer.alloc(3)],
    ['a line break', Buffer.from('\n')],
    ['CR LF', Buffer.from('\r\n')],
  ])('should open a valid export followed by %s and count the padding', (_name, padding) => {
    const data = Buffer.concat([
      opensslPfx(['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES']),
      padding,
    ]);
    const pfx = opened(data);
    expect(pfx.trailingBytes).toBe(padding.length);
    expect(keyMatchesCert(data)).toBe(true);
  });

  it('should report trailing padding as one info line and keep every other check', () => {
    const data = Buffer.concat([opensslPfx([]), Buffer.alloc(4)]);
    const result = inspectPfx(data, EXTRA_PASSWORD, { locale: 'en' });
    expect(result.checks.find((check) => check.id === 'pfx-file')?.severity).toBe('pass');
    const padding = result.checks.filter((check) => check.id === 'pfx-trailing-data');
    expect(padding).toHaveLength(1);
    expect(padding[0]).toMatchObject({ severity: 'info', params: { bytes: 4 } });
    expect(padding[0]?.message).toContain('4');
    expect(result.summary?.commonName).toBe('cmg.contoso.com');
  });

  it('should still refuse a file cut short', () => {
    const data = opensslPfx([]);
    expect(readPfx(data.subarray(0, data.length - 10), EXTRA_PASSWORD)).toEqual({
      ok: false,
      reason: 'not-pkcs12',
    });
  });

  it.each([
    ['PBE-SHA1-RC4-128', 'PBE-SHA1-RC4-40', 'rc4'],
    ['PBE-SHA1-RC2-128', 'PBE-SHA1-RC2-40', 'rc2'],
    ['PBE-SHA1-2DES', 'PBE-SHA1-2DES', '3des'],
    ['rc2-cbc', 'rc2-40-cbc', 'rc2'],
    ['rc2-64-cbc', 'rc2-64-cbc', 'rc2'],
    ['des-cbc', 'des-cbc', 'des'],
  ])('should open an openssl -legacy file with key %s and certificates %s', (keyPbe, certPbe, family) => {
    const data = opensslPfx(['-legacy', '-keypbe', keyPbe, '-certpbe', certPbe]);
    expect(keyMatchesCert(data)).toBe(true);
    expect(opened(data).encryption.keyEncryption?.family).toBe(family);
    expect(readPfx(data, 'not the password')).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it.each([
    ['PBES2 RC2', ['-legacy', '-keypbe', 'rc2-cbc', '-certpbe', 'rc2-cbc']],
    ['PBES2 DES', ['-legacy', '-keypbe', 'des-cbc', '-certpbe', 'des-cbc']],
    ['PKCS#12 RC4', ['-legacy', '-keypbe', 'PBE-SHA1-RC4-128', '-certpbe', 'PBE-SHA1-RC4-40']],
  ])('should warn that a %s key is weakly protected rather than only modern', (_name, options) => {
    const checks = inspectPfx(opensslPfx(options), EXTRA_PASSWORD, { locale: 'en' }).checks;
    expect(checks.find((check) => check.id === 'pfx-encryption')).toMatchObject({
      severity: 'warning',
      messageKey: 'inspect.encryption.weakKey',
    });
  });

  it('should open an openssl -iter 600000 file (PBES2, AES-256, SHA-256 MAC)', () => {
    const data = opensslPfx(['-iter', '600000']);
    const pfx = opened(data);
    expect(pfx.encryption.keyEncryption).toMatchObject({ name: 'PBES2 AES-256-CBC', iterations: 600_000 });
    expect(pfx.encryption.macIterations).toBe(600_000);
    expect(keyMatchesCert(data)).toBe(true);
  });

  it('should name an unsupported key type with its OID instead of calling the file damaged', () => {
    const data = assemblePfx([shroudedKeyBag(gostPkcs8()), certBag()]);
    expect(readPfx(data, EXTRA_PASSWORD)).toEqual({
      ok: false,
      reason: 'unsupported-key-type',
      keyAlgorithm: '1.2.643.7.1.1.1.1',
    });
    const checks = inspectPfx(data, EXTRA_PASSWORD, { locale: 'fr' }).checks;
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({
      id: 'pfx-file',
      severity: 'error',
      messageKey: 'inspect.file.unsupportedKeyType',
    });
    expect(checks[0]?.message).toContain('1.2.643.7.1.1.1.1');
  });

  it('should call every wrong password a wrong password when the file has no MAC', () => {
    // One iteration keeps each try cheap; about 1 in 256 wrong keys gives valid CBC padding, so
    // 1500 tries reach that case (garbage that then fails to parse) with near certainty.
    const data = opensslPfx(['-nomac', '-noiter', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES']);
    expect(keyMatchesCert(data)).toBe(true);
    const reasons = new Set<string>();
    for (let attempt = 0; attempt < 1500; attempt++) {
      const result = readPfx(data, `wrong-${attempt}`);
      reasons.add(result.ok ? 'opened' : result.reason);
    }
    expect([...reasons]).toEqual(['wrong-password']);
  });

  it('should call a wrong password a wrong password for a MAC-less RC4 file (no padding to check)', () => {
    const data = opensslPfx([
      '-nomac',
      '-legacy',
      '-keypbe',
      'PBE-SHA1-RC4-128',
      '-certpbe',
      'PBE-SHA1-RC4-40',
    ]);
    expect(keyMatchesCert(data)).toBe(true);
    for (const wrong of ['wrong', 'Extra-password 1', '']) {
      expect(readPfx(data, wrong)).toEqual({ ok: false, reason: 'wrong-password' });
    }
  });

  it('should count the same key stored in two bags (CSP and KSP, as .NET writes) as one key', () => {
    const key = sharedKeyPkcs8();
    const data = assemblePfx([
      shroudedKeyBag(key, 'Microsoft Enhanced RSA and AES Cryptographic Provider'),
      shroudedKeyBag(key, 'Microsoft Software Key Storage Provider'),
      certBag(),
    ]);
    const pfx = opened(data);
    expect(pfx.keys).toHaveLength(1);
    expect(pfx.keys[0]?.cspName).toBe('Microsoft Enhanced RSA and AES Cryptographic Provider');
    const checks = inspectPfx(data, EXTRA_PASSWORD, { locale: 'en' }).checks;
    expect(checks.find((check) => check.id === 'key-match')).toMatchObject({
      severity: 'pass',
      messageKey: 'inspect.key.ok',
    });
  });

  it('should still count two different keys as two', () => {
    const data = assemblePfx([shroudedKeyBag(sharedKeyPkcs8()), shroudedKeyBag(anotherRsaKey()), certBag()]);
    expect(opened(data).keys).toHaveLength(2);
  });

  it('should say only that the certificate is missing when the file holds a key alone', () => {
    const data = assemblePfx([shroudedKeyBag(sharedKeyPkcs8())]);
    const checks = inspectPfx(data, EXTRA_PASSWORD, { locale: 'nl' }).checks;
    expect(checks.find((check) => check.id === 'pfx-file')).toMatchObject({
      severity: 'error',
      messageKey: 'inspect.file.keyWithoutCertificate',
    });
    expect(checks.some((check) => check.id === 'key-match')).toBe(false);
    expect(checks.some((check) => check.messageKey === 'inspect.key.mismatch')).toBe(false);
  });

  it('should refuse 100 key bags at 200,000 rounds before deriving anything', () => {
    const bags = Array.from({ length: 100 }, () => claimedKeyBag(200_000));
    const data = assemblePfx([...bags, certBag()]);
    expect(readPfx(data, EXTRA_PASSWORD)).toEqual({ ok: false, reason: 'too-much-work' });
    const checks = inspectPfx(data, EXTRA_PASSWORD, { locale: 'en' }).checks;
    expect(checks[0]).toMatchObject({
      id: 'pfx-file',
      severity: 'error',
      messageKey: 'inspect.file.tooMuchWork',
    });
    expect(checks[0]?.message).toContain(MAX_KDF_WORK.toLocaleString('en'));
  });

  it('should refuse a wrong password with the MAC before charging any bag', () => {
    // The bags alone fit the budget, so the answer is the password, not the work.
    const data = assemblePfx([claimedKeyBag(200_000), certBag()]);
    expect(readPfx(data, 'wrong')).toEqual({ ok: false, reason: 'wrong-password' });
  });
});

/** A second RSA key, different from the shared one (1024 bits: only its identity matters here). */
function anotherRsaKey(): Buffer {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    format: 'der',
    type: 'pkcs8',
  });
}

describe('importPfx with files made elsewhere', () => {
  it('should say a GOST key is not RSA, naming its OID, instead of "not a readable PFX"', () => {
    const data = assemblePfx([shroudedKeyBag(gostPkcs8()), certBag()]);
    expect(() => importPfx(data, EXTRA_PASSWORD)).toThrow(
      expect.objectContaining({ messageKey: 'certs.key.notRsa', params: { type: '1.2.643.7.1.1.1.1' } }),
    );
  });

  it('should take in a .NET-style file with the same key in two bags', () => {
    const key = sharedKeyPkcs8();
    const data = assemblePfx([
      shroudedKeyBag(key, 'Microsoft Enhanced RSA and AES Cryptographic Provider'),
      shroudedKeyBag(key),
      certBag(),
    ]);
    expect(importPfx(data, EXTRA_PASSWORD).chain.leaf.subject).toBe('CN=cmg.contoso.com');
  });
});
