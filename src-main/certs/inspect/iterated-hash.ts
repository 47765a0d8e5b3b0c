// Iterated SHA-1 and SHA-256 for the PKCS#12 key derivation (RFC 7292 B.2): after the first round,
// each round hashes the previous digest alone, so every round is one compression of a single padded
// block whose words are the previous digest. Done here on 32-bit integers in place: no Buffer, no
// call into C++ per round. A `crypto.hash` call costs about 1 µs whatever the input; this loop costs
// about 0.13 µs per SHA-1 round here, which brings a 200,000-round file close to openssl's time.
// Checked against `crypto.hash` round for round (test/unit/src-main/certs/inspect/iterated-hash.spec.ts).

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/**
 * `rounds` times: digest = SHA-1(digest). `digest` is 20 bytes; a new Buffer is returned.
 *
 * The message is always 20 bytes, so words 5-15 of its one block are the fixed padding
 * (0x80000000, zeros, the length 160). The 80 steps are written out, each schedule word `wN` is
 * a local, and the padding is folded in: a word that depends on the padding alone became a
 * constant added to the round constant, and zero terms were dropped. Everything stays in
 * registers (about 1.6 times faster than a loop over a schedule array). Generated once by a
 * throw-away script from the FIPS 180-4 definitions; checked against `crypto.hash`
 * (iterated-hash.spec.ts).
 */
export function iterateSha1(digest: Buffer, rounds: number): Buffer {
  let h0 = digest.readInt32BE(0);
  let h1 = digest.readInt32BE(4);
  let h2 = digest.readInt32BE(8);
  let h3 = digest.readInt32BE(12);
  let h4 = digest.readInt32BE(16);
  for (let round = 0; round < rounds; round++) {
    let a = 0x67452301;
    let b = 0xefcdab89 | 0;
    let c = 0x98badcfe | 0;
    let d = 0x10325476;
    let e = 0xc3d2e1f0 | 0;
    const w16 = rotl(h2 ^ h0, 1);
    const w17 = rotl(h3 ^ h1, 1);
    const w18 = rotl(h4 ^ h2 ^ 0xa0, 1);
    const w19 = rotl(w16 ^ h3 ^ 0x80000000, 1);
    const w20 = rotl(w17 ^ h4, 1);
    const w21 = rotl(w18 ^ 0x80000000, 1);
    const w22 = rotl(w19, 1);
    const w23 = rotl(w20 ^ 0xa0, 1);
    const w24 = rotl(w21 ^ w16, 1);
    const w25 = rotl(w22 ^ w17, 1);
    const w26 = rotl(w23 ^ w18, 1);
    const w27 = rotl(w24 ^ w19, 1);
    const w28 = rotl(w25 ^ w20, 1);
    const w29 = rotl(w26 ^ w21 ^ 0xa0, 1);
    const w30 = rotl(w27 ^ w22 ^ w16, 1);
    const w31 = rotl(w28 ^ w23 ^ w17 ^ 0xa0, 1);
    const w32 = rotl(w29 ^ w24 ^ w18 ^ w16, 1);
    const w33 = rotl(w30 ^ w25 ^ w19 ^ w17, 1);
    const w34 = rotl(w31 ^ w26 ^ w20 ^ w18, 1);
    const w35 = rotl(w32 ^ w27 ^ w21 ^ w19, 1);
    const w36 = rotl(w33 ^ w28 ^ w22 ^ w20, 1);
    const w37 = rotl(w34 ^ w29 ^ w23 ^ w21, 1);
    const w38 = rotl(w35 ^ w30 ^ w24 ^ w22, 1);
    const w39 = rotl(w36 ^ w31 ^ w25 ^ w23, 1);
    const w40 = rotl(w37 ^ w32 ^ w26 ^ w24, 1);
    const w41 = rotl(w38 ^ w33 ^ w27 ^ w25, 1);
    const w42 = rotl(w39 ^ w34 ^ w28 ^ w26, 1);
    const w43 = rotl(w40 ^ w35 ^ w29 ^ w27, 1);
    const w44 = rotl(w41 ^ w36 ^ w30 ^ w28, 1);
    const w45 = rotl(w42 ^ w37 ^ w31 ^ w29, 1);
    const w46 = rotl(w43 ^ w38 ^ w32 ^ w30, 1);
    const w47 = rotl(w44 ^ w39 ^ w33 ^ w31, 1);
    const w48 = rotl(w45 ^ w40 ^ w34 ^ w32, 1);
    const w49 = rotl(w46 ^ w41 ^ w35 ^ w33, 1);
    const w50 = rotl(w47 ^ w42 ^ w36 ^ w34, 1);
    const w51 = rotl(w48 ^ w43 ^ w37 ^ w35, 1);
    const w52 = rotl(w49 ^ w44 ^ w38 ^ w36, 1);
    const w53 = rotl(w50 ^ w45 ^ w39 ^ w37, 1);
    const w54 = rotl(w51 ^ w46 ^ w40 ^ w38, 1);
    const w55 = rotl(w52 ^ w47 ^ w41 ^ w39, 1);
    const w56 = rotl(w53 ^ w48 ^ w42 ^ w40, 1);
    const w57 = rotl(w54 ^ w49 ^ w43 ^ w41, 1);
    const w58 = rotl(w55 ^ w50 ^ w44 ^ w42, 1);
    const w59 = rotl(w56 ^ w51 ^ w45 ^ w43, 1);
    const w60 = rotl(w57 ^ w52 ^ w46 ^ w44, 1);
    const w61 = rotl(w58 ^ w53 ^ w47 ^ w45, 1);
    const w62 = rotl(w59 ^ w54 ^ w48 ^ w46, 1);
    const w63 = rotl(w60 ^ w55 ^ w49 ^ w47, 1);
    const w64 = rotl(w61 ^ w56 ^ w50 ^ w48, 1);
    const w65 = rotl(w62 ^ w57 ^ w51 ^ w49, 1);
    const w66 = rotl(w63 ^ w58 ^ w52 ^ w50, 1);
    const w67 = rotl(w64 ^ w59 ^ w53 ^ w51, 1);
    const w68 = rotl(w65 ^ w60 ^ w54 ^ w52, 1);
    const w69 = rotl(w66 ^ w61 ^ w55 ^ w53, 1);
    const w70 = rotl(w67 ^ w62 ^ w56 ^ w54, 1);
    const w71 = rotl(w68 ^ w63 ^ w57 ^ w55, 1);
    const w72 = rotl(w69 ^ w64 ^ w58 ^ w56, 1);
    const w73 = rotl(w70 ^ w65 ^ w59 ^ w57, 1);
    const w74 = rotl(w71 ^ w66 ^ w60 ^ w58, 1);
    const w75 = rotl(w72 ^ w67 ^ w61 ^ w59, 1);
    const w76 = rotl(w73 ^ w68 ^ w62 ^ w60, 1);
    const w77 = rotl(w74 ^ w69 ^ w63 ^ w61, 1);
    const w78 = rotl(w75 ^ w70 ^ w64 ^ w62, 1);
    const w79 = rotl(w76 ^ w71 ^ w65 ^ w63, 1);
    e = (rotl(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + h0) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (c ^ (a & (b ^ c))) + d + 0x5a827999 + h1) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (b ^ (e & (a ^ b))) + c + 0x5a827999 + h2) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (a ^ (d & (e ^ a))) + b + 0x5a827999 + h3) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (e ^ (c & (d ^ e))) + a + 0x5a827999 + h4) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (d ^ (b & (c ^ d))) + e + 0xda827999) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (c ^ (a & (b ^ c))) + d + 0x5a827999) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (b ^ (e & (a ^ b))) + c + 0x5a827999) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (a ^ (d & (e ^ a))) + b + 0x5a827999) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (e ^ (c & (d ^ e))) + a + 0x5a827999) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827999) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (c ^ (a & (b ^ c))) + d + 0x5a827999) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (b ^ (e & (a ^ b))) + c + 0x5a827999) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (a ^ (d & (e ^ a))) + b + 0x5a827999) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (e ^ (c & (d ^ e))) + a + 0x5a827999) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827a39) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (c ^ (a & (b ^ c))) + d + 0x5a827999 + w16) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (b ^ (e & (a ^ b))) + c + 0x5a827999 + w17) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (a ^ (d & (e ^ a))) + b + 0x5a827999 + w18) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (e ^ (c & (d ^ e))) + a + 0x5a827999 + w19) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w20) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0x6ed9eba1 + w21) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0x6ed9eba1 + w22) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0x6ed9eba1 + w23) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0x6ed9eba1 + w24) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w25) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0x6ed9eba1 + w26) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0x6ed9eba1 + w27) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0x6ed9eba1 + w28) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0x6ed9eba1 + w29) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w30) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0x6ed9eba1 + w31) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0x6ed9eba1 + w32) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0x6ed9eba1 + w33) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0x6ed9eba1 + w34) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w35) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0x6ed9eba1 + w36) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0x6ed9eba1 + w37) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0x6ed9eba1 + w38) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0x6ed9eba1 + w39) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + w40) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + ((a & b) | (c & (a | b))) + d + 0x8f1bbcdc + w41) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + ((e & a) | (b & (e | a))) + c + 0x8f1bbcdc + w42) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + ((d & e) | (a & (d | e))) + b + 0x8f1bbcdc + w43) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + ((c & d) | (e & (c | d))) + a + 0x8f1bbcdc + w44) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + w45) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + ((a & b) | (c & (a | b))) + d + 0x8f1bbcdc + w46) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + ((e & a) | (b & (e | a))) + c + 0x8f1bbcdc + w47) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + ((d & e) | (a & (d | e))) + b + 0x8f1bbcdc + w48) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + ((c & d) | (e & (c | d))) + a + 0x8f1bbcdc + w49) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + w50) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + ((a & b) | (c & (a | b))) + d + 0x8f1bbcdc + w51) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + ((e & a) | (b & (e | a))) + c + 0x8f1bbcdc + w52) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + ((d & e) | (a & (d | e))) + b + 0x8f1bbcdc + w53) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + ((c & d) | (e & (c | d))) + a + 0x8f1bbcdc + w54) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + w55) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + ((a & b) | (c & (a | b))) + d + 0x8f1bbcdc + w56) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + ((e & a) | (b & (e | a))) + c + 0x8f1bbcdc + w57) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + ((d & e) | (a & (d | e))) + b + 0x8f1bbcdc + w58) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + ((c & d) | (e & (c | d))) + a + 0x8f1bbcdc + w59) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + w60) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0xca62c1d6 + w61) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0xca62c1d6 + w62) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0xca62c1d6 + w63) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0xca62c1d6 + w64) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + w65) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0xca62c1d6 + w66) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0xca62c1d6 + w67) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0xca62c1d6 + w68) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0xca62c1d6 + w69) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + w70) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0xca62c1d6 + w71) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0xca62c1d6 + w72) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0xca62c1d6 + w73) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0xca62c1d6 + w74) | 0;
    c = rotl(c, 30);
    e = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + w75) | 0;
    b = rotl(b, 30);
    d = (rotl(e, 5) + (a ^ b ^ c) + d + 0xca62c1d6 + w76) | 0;
    a = rotl(a, 30);
    c = (rotl(d, 5) + (e ^ a ^ b) + c + 0xca62c1d6 + w77) | 0;
    e = rotl(e, 30);
    b = (rotl(c, 5) + (d ^ e ^ a) + b + 0xca62c1d6 + w78) | 0;
    d = rotl(d, 30);
    a = (rotl(b, 5) + (c ^ d ^ e) + a + 0xca62c1d6 + w79) | 0;
    c = rotl(c, 30);
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
