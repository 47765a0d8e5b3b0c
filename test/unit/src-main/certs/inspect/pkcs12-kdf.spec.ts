import forge from 'node-forge';
import { describe, expect, it } from 'vitest';

import { type Pkcs12Digest, pkcs12Kdf } from '/@/src-main/certs/inspect/pkcs12-kdf';

/** forge's pure-JS RFC 7292 B.2 derivation, which the native one replaces. */
function forgeKdf(
  password: string | null,
  salt: Buffer,
  id: 1 | 2 | 3,
  iterations: number,
  bytes: number,
  digest: Pkcs12Digest,
): string {
  const md = forge.md[digest].create();
  // @types/node-forge types the password as string; forge also takes null (no bytes at all).
  const key = forge.pkcs12.generateKey(
    password as string,
    forge.util.createBuffer(salt.toString('binary')),
    id,
    iterations,
    bytes,
    md,
  );
  return Buffer.from(key.getBytes(), 'binary').toString('hex');
}

const DIGESTS: readonly Pkcs12Digest[] = ['sha1', 'sha256', 'sha384', 'sha512'];

/** Deterministic varied inputs: password lengths around block boundaries, non-ASCII, null, empty salt. */
function cases(): [Pkcs12Digest, string | null, Buffer, 1 | 2 | 3, number, number][] {
  const out: [Pkcs12Digest, string | null, Buffer, 1 | 2 | 3, number, number][] = [];
  for (let n = 0; n < 120; n++) {
    const digest = DIGESTS[n % DIGESTS.length] as Pkcs12Digest;
    const password =
      n % 11 === 0
        ? null
        : Array.from({ length: (n * 5) % 70 }, (_, i) =>
            String.fromCharCode(32 + ((i * 7919 + n * 31) % 600)),
          ).join('');
    const salt = Buffer.from(
      Array.from({ length: n % 9 === 0 ? 0 : 1 + (n % 20) }, (_, i) => (i * 37 + n) & 0xff),
    );
    out.push([digest, password, salt, ((n % 3) + 1) as 1 | 2 | 3, 1 + (n % 4), 1 + ((n * 13) % 150)]);
  }
  return out;
}

describe('pkcs12Kdf', () => {
  it('should derive the same bytes as forge for every digest, purpose, password and length', () => {
    for (const [digest, password, salt, id, iterations, bytes] of cases()) {
      const ours = pkcs12Kdf(password, salt, id, iterations, bytes, digest).toString('hex');
      expect({ digest, password, id, bytes, key: ours }).toEqual({
        digest,
        password,
        id,
        bytes,
        key: forgeKdf(password, salt, id, iterations, bytes, digest),
      });
    }
  });

  it('should match forge with the iteration count PFX files use (2048)', () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    for (const id of [1, 2, 3] as const) {
      expect(pkcs12Kdf('Pässwort-€', salt, id, 2048, 24, 'sha1').toString('hex')).toBe(
        forgeKdf('Pässwort-€', salt, id, 2048, 24, 'sha1'),
      );
    }
  });

  it('should tell the empty password (a terminator) from none at all', () => {
    const salt = Buffer.alloc(8, 1);
    expect(pkcs12Kdf('', salt, 3, 10, 20, 'sha1')).not.toEqual(pkcs12Kdf(null, salt, 3, 10, 20, 'sha1'));
  });

  it('should refuse zero iterations', () => {
    expect(() => pkcs12Kdf('x', Buffer.alloc(8), 1, 0, 24, 'sha1')).toThrow(RangeError);
  });
});
