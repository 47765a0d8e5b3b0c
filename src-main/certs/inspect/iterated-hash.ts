// Iterated SHA-1 and SHA-256 for the PKCS#12 key derivation (RFC 7292 B.2): after the first round,
// each round hashes the previous digest alone, so every round is one compression of a single padded
// block whose words are the previous digest. Done here on 32-bit integers in place: no Buffer, no
// call into C++ per round. A `crypto.hash` call costs about 1 µs whatever the input; this loop costs
// about 0.2 µs per SHA-1 round, which is what brings a 200,000-round file close to openssl's time.
// Checked against `crypto.hash` round for round (test/unit/src-main/certs/inspect/iterated-hash.spec.ts).

/** Message schedule of SHA-1, reused by every call (single-threaded, never re-entered). */
const W1 = new Int32Array(80);
// The padding of a 20-byte message never changes: 0x80 after it, its bit length (160) at the end.
W1[5] = 0x80000000 | 0;
W1[15] = 160;

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** `rounds` times: digest = SHA-1(digest). `digest` is 20 bytes; a new Buffer is returned. */
export function iterateSha1(digest: Buffer, rounds: number): Buffer {
  let h0 = digest.readInt32BE(0);
  let h1 = digest.readInt32BE(4);
  let h2 = digest.readInt32BE(8);
  let h3 = digest.readInt32BE(12);
  let h4 = digest.readInt32BE(16);
  const w = W1;
  for (let round = 0; round < rounds; round++) {
    w[0] = h0;
    w[1] = h1;
    w[2] = h2;
    w[3] = h3;
    w[4] = h4;
    for (let i = 16; i < 80; i++) {
      w[i] = rotl(
        (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number),
        1,
      );
    }
    let a = 0x67452301 | 0;
    let b = 0xefcdab89 | 0;
    let c = 0x98badcfe | 0;
    let d = 0x10325476 | 0;
    let e = 0xc3d2e1f0 | 0;
    // Unrolled by five so that the five working variables rotate by name instead of by copying.
    for (let i = 0; i < 20; i += 5) {
      e = (rotl(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + (w[i] as number)) | 0;
      b = rotl(b, 30);
      d = (rotl(e, 5) + (c ^ (a & (b ^ c))) + d + 0x5a827999 + (w[i + 1] as number)) | 0;
      a = rotl(a, 30);
      c = (rotl(d, 5) + (b ^ (e & (a ^ b))) + c + 0x5a827999 + (w[i + 2] as number)) | 0;
      e = rotl(e, 30);
      b = (rotl(c, 5) + (a ^ (d & (e ^ a))) + b + 0x5a827999 + (w[i + 3] as number)) | 0;
      d = rotl(d, 30);
      a = (rotl(b, 5) + (e ^ (c & (d ^ e))) + a + 0x5a827999 + (w[i + 4] as number)) | 0;
      c = rotl(c, 30);
    }
    for (let i = 20; i < 40; i += 5) {
      e = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + (w[i] as number)) | 0;
      b = rotl(b, 30);
      d = (rotl(e, 5) + (a ^ b ^ c) + d + 0x6ed9eba1 + (w[i + 1] as number)) | 0;
      a = rotl(a, 30);
      c = (rotl(d, 5) + (e ^ a ^ b) + c + 0x6ed9eba1 + (w[i + 2] as number)) | 0;
      e = rotl(e, 30);
      b = (rotl(c, 5) + (d ^ e ^ a) + b + 0x6ed9eba1 + (w[i + 3] as number)) | 0;
      d = rotl(d, 30);
      a = (rotl(b, 5) + (c ^ d ^ e) + a + 0x6ed9eba1 + (w[i + 4] as number)) | 0;
      c = rotl(c, 30);
    }
    for (let i = 40; i < 60; i += 5) {
      e = (rotl(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + (w[i] as number)) | 0;
      b = rotl(b, 30);
      d = (rotl(e, 5) + ((a & b) | (c & (a | b))) + d + 0x8f1bbcdc + (w[i + 1] as number)) | 0;
      a = rotl(a, 30);
      c = (rotl(d, 5) + ((e & a) | (b & (e | a))) + c + 0x8f1bbcdc + (w[i + 2] as number)) | 0;
      e = rotl(e, 30);
      b = (rotl(c, 5) + ((d & e) | (a & (d | e))) + b + 0x8f1bbcdc + (w[i + 3] as number)) | 0;
      d = rotl(d, 30);
      a = (rotl(b, 5) + ((c & d) | (e & (c | d))) + a + 0x8f1bbcdc + (w[i + 4] as number)) | 0;
      c = rotl(c, 30);
    }
    for (let i = 60; i < 80; i += 5) {
      e = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + (w[i] as number)) | 0;
      b = rotl(b, 30);
      d = (rotl(e, 5) + (a ^ b ^ c) + d + 0xca62c1d6 + (w[i + 1] as number)) | 0;
      a = rotl(a, 30);
      c = (rotl(d, 5) + (e ^ a ^ b) + c + 0xca62c1d6 + (w[i + 2] as number)) | 0;
      e = rotl(e, 30);
      b = (rotl(c, 5) + (d ^ e ^ a) + b + 0xca62c1d6 + (w[i + 3] as number)) | 0;
      d = rotl(d, 30);
      a = (rotl(b, 5) + (c ^ d ^ e) + a + 0xca62c1d6 + (w[i + 4] as number)) | 0;
      c = rotl(c, 30);
    }
    h0 = (a + 0x67452301) | 0;
    h1 = (b + 0xefcdab89) | 0;
    h2 = (c + 0x98badcfe) | 0;
    h3 = (d + 0x10325476) | 0;
    h4 = (e + 0xc3d2e1f0) | 0;
  }
  const out = Buffer.alloc(20);
  [h0, h1, h2, h3, h4].forEach((word, index) => out.writeInt32BE(word, 4 * index));
  return out;
}

const K256 = Int32Array.from(
  [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ],
  (word) => word | 0,
);
const H256 = Int32Array.from(
  [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
  (word) => word | 0,
);
const W256 = new Int32Array(64);
// Padding of a 32-byte message: 0x80 after it, its bit length (256) at the end.
W256[8] = 0x80000000 | 0;
W256[15] = 256;
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** `rounds` times: digest = SHA-256(digest). `digest` is 32 bytes; a new Buffer is returned. */
export function iterateSha256(digest: Buffer, rounds: number): Buffer {
  const h = new Int32Array(8);
  for (let i = 0; i < 8; i++) h[i] = digest.readInt32BE(4 * i);
  const w = W256;
  for (let round = 0; round < rounds; round++) {
    w.set(h, 0);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15] as number;
      const y = w[i - 2] as number;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
    }
    let a = H256[0] as number;
    let b = H256[1] as number;
    let c = H256[2] as number;
    let d = H256[3] as number;
    let e = H256[4] as number;
    let f = H256[5] as number;
    let g = H256[6] as number;
    let k = H256[7] as number;
    for (let i = 0; i < 64; i++) {
      const t1 =
        (k +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          (g ^ (e & (f ^ g))) +
          (K256[i] as number) +
          (w[i] as number)) |
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (a + (H256[0] as number)) | 0;
    h[1] = (b + (H256[1] as number)) | 0;
    h[2] = (c + (H256[2] as number)) | 0;
    h[3] = (d + (H256[3] as number)) | 0;
    h[4] = (e + (H256[4] as number)) | 0;
    h[5] = (f + (H256[5] as number)) | 0;
    h[6] = (g + (H256[6] as number)) | 0;
    h[7] = (k + (H256[7] as number)) | 0;
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) out.writeInt32BE(h[i] as number, 4 * i);
  return out;
}
