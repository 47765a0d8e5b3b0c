import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_ITERATIONS, readPfx } from '/@/src-main/certs/inspect';
import { createPfxFixtures, FIXTURE_PASSWORD, type PfxFixtures, remac } from '/@/test/support/pfx-fixtures';

let fixtures: PfxFixtures;
beforeAll(() => {
  fixtures = createPfxFixtures();
});
afterAll(() => fixtures.cleanup());

/** Rewrites the MAC iteration count of a PFX (the MAC is then wrong, which must not matter). */
function withMacIterations(pfxDer: Buffer, iterations: number): Buffer {
  const pfx = forge.asn1.fromDer(pfxDer.toString('binary'));
  const macData = (pfx.value as forge.asn1.Asn1[])[2] as forge.asn1.Asn1;
  (macData.value as forge.asn1.Asn1[])[2] = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.INTEGER,
    false,
    forge.asn1.integerToDer(iterations).getBytes(),
  );
  return Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary');
}

describe('readPfx', () => {
  it('should return the key and every certificate with the leaf paired by its private key', () => {
    const result = readPfx(fixtures.files['good-3des'], FIXTURE_PASSWORD);
    if (!result.ok) throw new Error(result.reason);
    expect(result.pfx.keys).toHaveLength(1);
    expect(result.pfx.certs).toHaveLength(3);
    expect(result.pfx.certs.some((entry) => entry.cert?.checkPrivateKey(result.pfx.keys[0]!.key))).toBe(true);
    expect(result.pfx.passwordEncoding).toBe('as-given');
  });

  it("should open a file protected with Windows' unterminated empty password", () => {
    const result = readPfx(fixtures.files['windows-empty-password'], '');
    expect(result.ok && result.pfx.passwordEncoding).toBe('windows-empty');
  });

  it('should open an openssl file with an empty password using the usual encoding', () => {
    const result = readPfx(fixtures.files['empty-password'], '');
    expect(result.ok && result.pfx.passwordEncoding).toBe('as-given');
  });

  it('should say wrong-password when the MAC does not verify', () => {
    expect(readPfx(fixtures.files['good-legacy'], 'wrong')).toEqual({ ok: false, reason: 'wrong-password' });
    expect(readPfx(fixtures.files['good-legacy'], '')).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('should refuse an absurd iteration count before doing any key derivation', () => {
    const hostile = withMacIterations(fixtures.files['good-3des'], MAX_ITERATIONS * 100);
    expect(readPfx(hostile, FIXTURE_PASSWORD)).toEqual({ ok: false, reason: 'too-many-iterations' });
  });

  it('should read a BER file whose outer sequence has an indefinite length, as some Windows tools write', () => {
    const der = fixtures.files['good-legacy'];
    const headerLength = 2 + ((der[1] ?? 0) & 0x80 ? (der[1] ?? 0) & 0x7f : 0);
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(headerLength), Buffer.from([0, 0])]);
    const result = readPfx(ber, FIXTURE_PASSWORD);
    expect(result.ok && result.pfx.certs).toHaveLength(3);
  });

  it('should refuse deeply nested ASN.1 without overflowing the stack', () => {
    const depth = 200_000;
    const nested = Buffer.alloc(depth * 2);
    for (let i = 0; i < depth; i++) nested.writeUInt16BE(0x3080, i * 2);
    expect(readPfx(nested, FIXTURE_PASSWORD)).toEqual({ ok: false, reason: 'not-pkcs12' });
  });

  it('should call a PFX of another version unsupported', () => {
    const pfx = forge.asn1.fromDer(fixtures.files['good-3des'].toString('binary'));
    nth(pfx, 0).value = forge.asn1.integerToDer(2).getBytes();
    const changed = Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary');
    expect(readPfx(changed, FIXTURE_PASSWORD)).toEqual({ ok: false, reason: 'unsupported' });
  });

  it('should read a file written by node-forge with 3DES and keep its friendly name', () => {
    const key = forge.pki.privateKeyFromPem(fixtures.pem.leafKey);
    const certs = [fixtures.pem.leaf, fixtures.pem.intermediate].map((pem) =>
      forge.pki.certificateFromPem(pem),
    );
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, 'forge-pw', {
      algorithm: '3des',
      friendlyName: 'CMG 2026',
    });
    const result = readPfx(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), 'forge-pw');
    if (!result.ok) throw new Error(result.reason);
    expect(result.pfx.keys[0]?.friendlyName).toBe('CMG 2026');
    expect(result.pfx.encryption).toMatchObject({
      keyEncryption: { name: 'PBE-SHA1-3DES' },
      // node-forge leaves certificates unencrypted.
      certEncryption: null,
      macDigest: 'SHA-1',
    });
  });

  it('should report corrupt when the MAC verifies but an encrypted part was altered', () => {
    // Flip the last byte of the next-to-last 3DES block (8 bytes) of the encrypted certificates: in CBC this
    // flips the padding byte, so decryption must fail; the MAC is recomputed so the password is right.
    const pfx = forge.asn1.fromDer(fixtures.files['good-3des'].toString('binary'));
    const authSafeInfo = (pfx.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
    const octets = ((authSafeInfo.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1)
      .value as forge.asn1.Asn1[];
    const authSafe = forge.asn1.fromDer((octets[0] as forge.asn1.Asn1).value as string);
    const encryptedData = nth(nth(authSafe, 0), 1);
    const encryptedContent = nth(nth(nth(encryptedData, 0), 1), 2);
    const bytes = Buffer.from(encryptedContent.value as string, 'binary');
    bytes[bytes.length - 9] = (bytes[bytes.length - 9] ?? 0) ^ 0xff;
    encryptedContent.value = bytes.toString('binary');
    (octets[0] as forge.asn1.Asn1).value = forge.asn1.toDer(authSafe).getBytes();
    const damaged = remac(Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary'), FIXTURE_PASSWORD);
    expect(readPfx(damaged, FIXTURE_PASSWORD)).toEqual({ ok: false, reason: 'corrupt' });
  });
});

function nth(node: forge.asn1.Asn1, index: number): forge.asn1.Asn1 {
  return (node.value as forge.asn1.Asn1[])[index] as forge.asn1.Asn1;
}
