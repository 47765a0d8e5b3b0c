// RFC 7292 appendix B.2 key derivation (PKCS#12 PBE keys, IVs and MAC keys). The first round of each
// block hashes D || I natively; the remaining rounds hash a digest alone, which `iterated-hash.ts`
// does for SHA-1 and SHA-256 without a call into C++ per round (SHA-384/512 stay on `crypto.hash`:
// only a MAC can use them and 64-bit arithmetic is slow in JS). It agrees with forge's pure-JS
// version byte for byte (test/unit/src-main/certs/inspect/pkcs12-kdf.spec.ts).
import { hash } from 'node:crypto';

import { iterateSha1, iterateSha256 } from './iterated-hash';

export type Pkcs12Digest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Output length (u) and block length (v) of each digest, in bytes. */
const SIZES: Readonly<Record<Pkcs12Digest, { readonly u: number; readonly v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

export function digestLength(digest: Pkcs12Digest): number {
  return SIZES[digest].u;
}

/** Purpose byte of the derivation ("diversifier" ID): 1 key, 2 IV, 3 MAC key. */
export type Pkcs12KeyId = 1 | 2 | 3;

/** The password as a BMPString with its two-byte terminator; `null` (Windows' empty password) is no bytes at all. */
function passwordBytes(password: string | null): Buffer {
  if (password === null) return Buffer.alloc(0);
  const bytes = Buffer.alloc(2 * password.length + 2);
  for (let i = 0; i < password.length; i++) bytes.writeUInt16BE(password.charCodeAt(i), 2 * i);
  return bytes;
}

/** Copies of `source` filling a multiple of `v` bytes (empty when `source` is empty). */
function repeatToBlocks(source: Buffer, v: number): Buffer {
  const out = Buffer.alloc(v * Math.ceil(source.length / v));
  for (let i = 0; i < out.length; i++) out[i] = source[i % source.length] as number;
  return out;
}

export function pkcs12Kdf(
  password: string | null,
  salt: Buffer,
  id: Pkcs12KeyId,
  iterations: number,
  bytes: number,
  digest: Pkcs12Digest,
): Buffer {
  // With no round the "key" would not depend on the password at all.
  if (!(iterations >= 1)) throw new RangeError('PKCS#12 key derivation needs at least one iteration');
  const { u, v } = SIZES[digest];
  const diversifier = Buffer.alloc(v, id);
  const input = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(passwordBytes(password), v)]);
  const blocks = Math.ceil(bytes / u);
  const out = Buffer.alloc(blocks * u);
  for (let block = 0; block < blocks; block++) {
    const a = iterate(digest, hash(digest, Buffer.concat([diversifier, input]), 'buffer'), iterations - 1);
    a.copy(out, block * u);
    if (block + 1 === blocks) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block I_j of the input, B being `a` repeated.
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let i = v - 1; i >= 0; i--) {
        const sum = (input[start + i] as number) + (a[i % u] as number) + carry;
        input[start + i] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out.subarray(0, bytes);
}

/** `rounds` more rounds of digest = H(digest). */
function iterate(digest: Pkcs12Digest, first: Buffer, rounds: number): Buffer {
  if (digest === 'sha1') return iterateSha1(first, rounds);
  if (digest === 'sha256') return iterateSha256(first, rounds);
  let a = first;
  for (let round = 0; round < rounds; round++) a = hash(digest, a, 'buffer');
  return a;
}
