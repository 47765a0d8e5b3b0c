// RC4, for PKCS#12 files encrypted with pbeWithSHAAnd128BitRC4 / pbeWithSHAAnd40BitRC4 (RFC 7292 C).
// Node's OpenSSL 3 has RC4 only in its legacy provider, which Node does not load, and forge has none.
// RC4 is a stream cipher: decrypting is encrypting. Checked against openssl -legacy output.

export function rc4(key: Buffer, input: Buffer): Buffer {
  if (key.length === 0 || key.length > 256) throw new RangeError('RC4 keys are 1 to 256 bytes');
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i++) {
    const si = s[i] as number;
    j = (j + si + (key[i % key.length] as number)) & 0xff;
    s[i] = s[j] as number;
    s[j] = si;
  }
  const out = Buffer.alloc(input.length);
  let x = 0;
  let y = 0;
  for (let n = 0; n < input.length; n++) {
    x = (x + 1) & 0xff;
    const sx = s[x] as number;
    y = (y + sx) & 0xff;
    const sy = s[y] as number;
    s[x] = sy;
    s[y] = sx;
    out[n] = (input[n] as number) ^ (s[(sx + sy) & 0xff] as number);
  }
  return out;
}
