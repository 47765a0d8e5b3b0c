// Password-based decryption of PKCS#12 pieces: the PKCS#12 PBE schemes (RFC 7292 C: 3DES, 2DES,
// RC2, RC4) and PBES2 (RFC 8018: PBKDF2 with AES, 3DES, DES or RC2). Keys come from our own B.2 KDF
// or Node's native PBKDF2, each derivation charged to the file's budget before it runs. Node's
// OpenSSL 3 ciphers do AES and 3DES; RC2 and DES come from forge's block ciphers (no legacy
// provider in Node), RC4 from `rc4.ts`.
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';

import * as forge from '../forge-lite';
import { type Asn1, child, children, integerOf, octetsOf, oidOf } from './asn1';
import type { KdfBudget } from './kdf-budget';
import { MAX_ITERATIONS, pbkdf2Cost, pkcs12KdfCost } from './kdf-budget';
import { OID, PBES2_CIPHERS, PKCS12_PBE, PRFS } from './oids';
import { pkcs12Kdf } from './pkcs12-kdf';
import { rc4 } from './rc4';
import { ReadFailure } from './read-failure';
import type { PbeAlgorithm } from './types';

type Cipher =
  | { readonly kind: 'native'; readonly name: string }
  | { readonly kind: 'rc2'; readonly effectiveBits: number }
  | { readonly kind: 'des' }
  | { readonly kind: 'rc4' };

/** Key and IV lengths of the PKCS#12 PBE schemes, by OID. */
const PKCS12_CIPHERS: Readonly<Record<string, { cipher: Cipher; key: number; iv: number }>> = {
  '1.2.840.113549.1.12.1.1': { cipher: { kind: 'rc4' }, key: 16, iv: 0 },
  '1.2.840.113549.1.12.1.2': { cipher: { kind: 'rc4' }, key: 5, iv: 0 },
  '1.2.840.113549.1.12.1.3': { cipher: { kind: 'native', name: 'des-ede3-cbc' }, key: 24, iv: 8 },
  '1.2.840.113549.1.12.1.4': { cipher: { kind: 'native', name: 'des-ede-cbc' }, key: 16, iv: 8 },
  '1.2.840.113549.1.12.1.5': { cipher: { kind: 'rc2', effectiveBits: 128 }, key: 16, iv: 8 },
  '1.2.840.113549.1.12.1.6': { cipher: { kind: 'rc2', effectiveBits: 40 }, key: 5, iv: 8 },
};

/** PBES2 encryption schemes: cipher and key length (RC2's comes from its parameters). */
const PBES2_SCHEMES: Readonly<Record<string, { cipher: Cipher | 'rc2'; key: number; iv: number }>> = {
  '2.16.840.1.101.3.4.1.2': { cipher: { kind: 'native', name: 'aes-128-cbc' }, key: 16, iv: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: { kind: 'native', name: 'aes-192-cbc' }, key: 24, iv: 16 },
  '2.16.840.1.101.3.4.1.42': { cipher: { kind: 'native', name: 'aes-256-cbc' }, key: 32, iv: 16 },
  '1.2.840.113549.3.7': { cipher: { kind: 'native', name: 'des-ede3-cbc' }, key: 24, iv: 8 },
  '1.3.14.3.2.7': { cipher: { kind: 'des' }, key: 8, iv: 8 },
  [OID.rc2Cbc]: { cipher: 'rc2', key: 0, iv: 8 },
};

const PRF_DIGESTS: Readonly<Record<string, string>> = {
  hmacWithSHA1: 'sha1',
  hmacWithSHA224: 'sha224',
  hmacWithSHA256: 'sha256',
  hmacWithSHA384: 'sha384',
  hmacWithSHA512: 'sha512',
};

function iterationsOf(node: Asn1 | undefined, what: string): number {
  const iterations = integerOf(node, what);
  if (iterations < 1) throw new ReadFailure('corrupt');
  if (iterations > MAX_ITERATIONS) throw new ReadFailure('too-many-iterations');
  return iterations;
}

interface Pbes2Params {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly keyLength: number | null;
  readonly prf: string;
  readonly schemeOid: string;
  readonly scheme: Asn1;
}

function readPbes2(params: Asn1): Pbes2Params {
  const kdf = child(params, 0, 'kdf');
  if (oidOf(child(kdf, 0, 'kdf oid'), 'kdf oid') !== OID.pbkdf2) throw new ReadFailure('unsupported');
  const kdfParams = children(child(kdf, 1, 'kdf params'), 'kdf params');
  const saltNode = kdfParams[0];
  // A salt given as an AlgorithmIdentifier ("otherSource") is not used by any tool.
  if (!saltNode || typeof saltNode.value !== 'string') throw new ReadFailure('unsupported');
  const rest = kdfParams.slice(2);
  const keyLengthNode = rest.find((node) => !Array.isArray(node.value));
  const prfNode = rest.find((node) => Array.isArray(node.value));
  const prf = prfNode ? PRFS[oidOf(child(prfNode, 0, 'prf'), 'prf')] : 'hmacWithSHA1';
  if (prf === undefined) throw new ReadFailure('unsupported');
  const scheme = child(params, 1, 'scheme');
  return {
    salt: Buffer.from(saltNode.value, 'binary'),
    iterations: iterationsOf(kdfParams[1], 'kdf iterations'),
    keyLength: keyLengthNode ? integerOf(keyLengthNode, 'key length') : null,
    prf,
    schemeOid: oidOf(child(scheme, 0, 'scheme oid'), 'scheme oid'),
    scheme,
  };
}

/** Names the protection of a shrouded key or encrypted content; refuses absurd iteration counts. */
export function describePbe(algorithmId: Asn1): PbeAlgorithm {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  const pkcs12 = PKCS12_PBE[oid];
  if (pkcs12) return { ...pkcs12, iterations: iterationsOf(child(params, 1, 'iterations'), 'iterations') };
  if (oid !== OID.pbes2) throw new ReadFailure('unsupported');
  const pbes2 = readPbes2(params);
  const cipher = PBES2_CIPHERS[pbes2.schemeOid] ?? { name: pbes2.schemeOid, family: 'unknown' as const };
  return {
    name: `PBES2 ${cipher.name}`,
    family: cipher.family,
    prf: pbes2.prf,
    iterations: pbes2.iterations,
  };
}

/** The key-derivation work `decryptPbe` will charge for `algorithmId` (for a check before any work). */
export function pbeCost(algorithmId: Asn1): number {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  const pkcs12 = PKCS12_CIPHERS[oid];
  if (pkcs12) {
    const iterations = iterationsOf(child(params, 1, 'iterations'), 'iterations');
    return pkcs12KdfCost('sha1', iterations, pkcs12.key) + pkcs12KdfCost('sha1', iterations, pkcs12.iv);
  }
  if (oid !== OID.pbes2) throw new ReadFailure('unsupported');
  const pbes2 = readPbes2(params);
  const digest = PRF_DIGESTS[pbes2.prf];
  if (!digest) throw new ReadFailure('unsupported');
  return pbkdf2Cost(digest, pbes2.iterations, pbes2.keyLength ?? PBES2_SCHEMES[pbes2.schemeOid]?.key ?? 32);
}

/** RC2-CBC-Parameter's version number → effective key bits (RFC 8018 B.2.3). */
function rc2EffectiveBits(version: number | null): number {
  if (version === null) return 32;
  if (version >= 256) return version;
  const table: Readonly<Record<number, number>> = { 160: 40, 120: 64, 58: 128 };
  const bits = table[version];
  if (bits === undefined) throw new ReadFailure('unsupported');
  return bits;
}

/**
 * Decrypts `encrypted` with the scheme `algorithmId` names. `null` when the result has bad padding
 * (a wrong password, or damage); throws `ReadFailure` for what cannot be tried at all.
 */
export function decryptPbe(
  algorithmId: Asn1,
  encrypted: Buffer,
  password: string | null,
  budget: KdfBudget,
): Buffer | null {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  const pkcs12 = PKCS12_CIPHERS[oid];
  if (pkcs12) {
    const salt = Buffer.from(octetsOf(child(params, 0, 'salt'), 'salt'), 'binary');
    const iterations = iterationsOf(child(params, 1, 'iterations'), 'iterations');
    budget.charge(pbeCost(algorithmId));
    const key = pkcs12Kdf(password, salt, 1, iterations, pkcs12.key, 'sha1');
    const iv = pkcs12.iv > 0 ? pkcs12Kdf(password, salt, 2, iterations, pkcs12.iv, 'sha1') : null;
    return runCipher(pkcs12.cipher, key, iv, encrypted);
  }
  if (oid !== OID.pbes2) throw new ReadFailure('unsupported');
  const pbes2 = readPbes2(params);
  const scheme = PBES2_SCHEMES[pbes2.schemeOid];
  const digest = PRF_DIGESTS[pbes2.prf];
  if (!scheme || !digest) throw new ReadFailure('unsupported');
  let cipher: Cipher;
  let keyLength: number;
  let iv: Buffer;
  if (scheme.cipher === 'rc2') {
    // RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
    const rc2Params = children(child(pbes2.scheme, 1, 'rc2 params'), 'rc2 params');
    const ivNode = rc2Params[rc2Params.length - 1];
    const version = rc2Params.length > 1 ? integerOf(rc2Params[0], 'rc2 version') : null;
    const effectiveBits = rc2EffectiveBits(version);
    cipher = { kind: 'rc2', effectiveBits };
    keyLength = pbes2.keyLength ?? Math.ceil(effectiveBits / 8);
    iv = Buffer.from(octetsOf(ivNode, 'iv'), 'binary');
  } else {
    cipher = scheme.cipher;
    keyLength = scheme.key;
    if (pbes2.keyLength !== null && pbes2.keyLength !== keyLength) throw new ReadFailure('corrupt');
    iv = Buffer.from(octetsOf(child(pbes2.scheme, 1, 'iv'), 'iv'), 'binary');
  }
  if (keyLength < 1 || keyLength > 128 || iv.length !== scheme.iv) throw new ReadFailure('corrupt');
  budget.charge(pbkdf2Cost(digest, pbes2.iterations, keyLength));
  // PBES2 takes the password as octets, which openssl and Windows write as UTF-8; Windows' "no
  // password at all" is the same empty string of octets.
  const key = pbkdf2Sync(
    Buffer.from(password ?? '', 'utf8'),
    pbes2.salt,
    pbes2.iterations,
    keyLength,
    digest,
  );
  return runCipher(cipher, key, iv, encrypted);
}

function runCipher(cipher: Cipher, key: Buffer, iv: Buffer | null, encrypted: Buffer): Buffer | null {
  if (cipher.kind === 'rc4') return rc4(key, encrypted);
  if (cipher.kind === 'native') {
    try {
      const decipher = createDecipheriv(cipher.name, key, iv);
      return Buffer.concat([decipher.update(encrypted), decipher.final()]);
    } catch {
      return null;
    }
  }
  if (!iv || encrypted.length === 0 || encrypted.length % 8 !== 0) return null;
  const full = forge.fullForge();
  const input = full.util.createBuffer(encrypted.toString('binary'));
  // Passing a padding function turns off forge's own unpadding, which is lax; `unpad` is strict.
  const keepPadding = (): boolean => true;
  let output: string;
  if (cipher.kind === 'rc2') {
    const decipher = full.rc2.createDecryptionCipher(key.toString('binary'), cipher.effectiveBits);
    decipher.start(iv.toString('binary'));
    decipher.update(input);
    if (!decipher.finish(keepPadding)) return null;
    output = decipher.output.getBytes();
  } else {
    const decipher = full.cipher.createDecipher('DES-CBC', key.toString('binary'));
    decipher.start({ iv: iv.toString('binary') });
    decipher.update(input);
    // @types/node-forge omits the padding argument of BlockCipher.finish.
    if (!(decipher.finish as (pad: () => boolean) => boolean)(keepPadding)) return null;
    output = decipher.output.getBytes();
  }
  return unpad(Buffer.from(output, 'binary'), 8);
}

/** Strict PKCS#7 unpadding (what OpenSSL checks for the native ciphers). */
function unpad(plain: Buffer, blockSize: number): Buffer | null {
  const count = plain[plain.length - 1] ?? 0;
  if (count < 1 || count > blockSize || count > plain.length) return null;
  for (let i = plain.length - count; i < plain.length; i++) if (plain[i] !== count) return null;
  return plain.subarray(0, plain.length - count);
}
