// Reads a PKCS#12 (.pfx) file made anywhere (Windows, openssl, node-forge) without ever throwing:
// every failure becomes a `PfxReadFailure` with a reason the preflight can explain.
// Node's crypto does the password-based cryptography of what Windows and openssl write today (MAC,
// PBE-SHA1-3DES, PBES2 with AES or 3DES); node-forge does the rest (RC2-40, RC4…, which Node's
// OpenSSL 3 refuses) and parses the ASN.1. The structure is walked here so that the algorithms, the MAC and the Microsoft CSP attribute
// (which forge drops) are visible, and certificates are parsed by Node (forge can't read EC keys).
import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  type Decipher,
  type KeyObject,
  pbkdf2Sync,
  timingSafeEqual,
  X509Certificate,
} from 'node:crypto';

import type forgeTypes from 'node-forge';

import * as forge from '../forge-lite';
import {
  type Asn1,
  child,
  children,
  integerOf,
  isContext,
  octetsOf,
  oidOf,
  parseDer,
  textOf,
  toDer,
} from './asn1';
import { DIGESTS, OID, PBES2_CIPHERS, PKCS12_PBE, PRFS } from './oids';
import { digestLength, type Pkcs12Digest, pkcs12Kdf } from './pkcs12-kdf';
import type { EncryptionProfile, PbeAlgorithm } from './types';

/** A PFX holds a handful of certificates; anything bigger is not worth parsing. */
export const MAX_PFX_BYTES = 1024 * 1024;
/** Windows uses 2000 and openssl 2048; a huge count would stall the process (forge is pure JS). */
export const MAX_ITERATIONS = 200_000;

export type PfxReadFailureReason =
  'empty' | 'too-large' | 'not-pkcs12' | 'unsupported' | 'too-many-iterations' | 'wrong-password' | 'corrupt';

export interface PfxBagAttributes {
  readonly friendlyName: string | null;
  readonly localKeyIdHex: string | null;
  /** "Microsoft CSP Name" (1.3.6.1.4.1.311.17.1): where Windows imports the key. */
  readonly cspName: string | null;
}

export interface PfxKeyEntry extends PfxBagAttributes {
  readonly key: KeyObject;
  readonly encryption: PbeAlgorithm | null;
}

export interface PfxCertEntry extends PfxBagAttributes {
  readonly der: Buffer;
  /** `null` when Node cannot parse the certificate. */
  readonly cert: X509Certificate | null;
}

export interface PfxContents {
  readonly keys: readonly PfxKeyEntry[];
  /** In the order the file stores them. */
  readonly certs: readonly PfxCertEntry[];
  readonly encryption: EncryptionProfile;
  /** `windows-empty`: an empty password that only opened with Windows' encoding (no terminator). */
  readonly passwordEncoding: 'as-given' | 'windows-empty';
  readonly hasMac: boolean;
}

export type ReadPfxResult =
  | { readonly ok: true; readonly pfx: PfxContents }
  | { readonly ok: false; readonly reason: PfxReadFailureReason };

class ReadFailure extends Error {
  constructor(readonly reason: PfxReadFailureReason) {
    super(reason);
  }
}

// forge's PBE helpers are not in @types/node-forge; this is the slice used here.
interface ForgeCipher {
  update(input: forgeTypes.util.ByteBuffer): void;
  finish(): boolean;
  output: forgeTypes.util.ByteBuffer;
}
interface ForgePbe {
  getCipher(oid: string, params: Asn1, password: string | null): ForgeCipher;
}
/** Loads all of forge: only files using RC2, RC4 or other legacy schemes get here. */
const pbe = (): ForgePbe => (forge.fullForge().pki as unknown as { pbe: ForgePbe }).pbe;

/** Opens a PFX with `password`; an empty password also tries Windows' encoding of "". */
export function readPfx(data: Buffer, password: string): ReadPfxResult {
  if (data.length === 0) return { ok: false, reason: 'empty' };
  if (data.length > MAX_PFX_BYTES) return { ok: false, reason: 'too-large' };
  try {
    return { ok: true, pfx: readOrThrow(data, password) };
  } catch (error) {
    return { ok: false, reason: error instanceof ReadFailure ? error.reason : 'corrupt' };
  }
}

interface Outer {
  authSafe: string;
  mac: { digest: string; md: Pkcs12Digest; value: Buffer; salt: Buffer; iterations: number } | null;
}

function readOuter(data: Buffer): Outer {
  try {
    const pfx = parseDer(data);
    if (integerOf(child(pfx, 0, 'version'), 'version') !== 3) throw new ReadFailure('unsupported');
    const authSafeInfo = child(pfx, 1, 'authSafe');
    const contentType = oidOf(child(authSafeInfo, 0, 'authSafe type'), 'authSafe type');
    // Public-key integrity mode (signedData) is not used by Windows or openssl exports.
    if (contentType !== OID.data) throw new ReadFailure('unsupported');
    const authSafe = octetsOf(child(child(authSafeInfo, 1, 'authSafe content'), 0, 'octets'), 'octets');
    const macData = children(pfx, 'pfx')[2];
    return { authSafe, mac: macData ? readMac(macData) : null };
  } catch (error) {
    if (error instanceof ReadFailure) throw error;
    throw new ReadFailure('not-pkcs12');
  }
}

function readMac(macData: Asn1): NonNullable<Outer['mac']> {
  const digestInfo = child(macData, 0, 'mac');
  const digestOid = oidOf(child(child(digestInfo, 0, 'mac alg'), 0, 'mac alg oid'), 'mac alg oid');
  const digest = DIGESTS[digestOid];
  const md = digest ? MAC_DIGESTS[digest] : undefined;
  if (!digest || !md) throw new ReadFailure('unsupported');
  const iterationsNode = children(macData, 'macData')[2];
  const iterations = iterationsNode ? integerOf(iterationsNode, 'mac iterations') : 1;
  if (iterations < 1) throw new ReadFailure('corrupt');
  if (iterations > MAX_ITERATIONS) throw new ReadFailure('too-many-iterations');
  return {
    digest,
    md,
    value: Buffer.from(octetsOf(child(digestInfo, 1, 'mac value'), 'mac value'), 'binary'),
    salt: Buffer.from(octetsOf(child(macData, 1, 'mac salt'), 'mac salt'), 'binary'),
    iterations,
  };
}

/** MAC digests (names as in DIGESTS) that the PKCS#12 key derivation supports. */
const MAC_DIGESTS: Readonly<Record<string, Pkcs12Digest>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function macMatches(outer: Outer, password: string | null): boolean {
  const mac = outer.mac;
  if (!mac) return false;
  const macKey = pkcs12Kdf(password, mac.salt, 3, mac.iterations, digestLength(mac.md), mac.md);
  const expected = createHmac(mac.md, macKey).update(Buffer.from(outer.authSafe, 'binary')).digest();
  return expected.length === mac.value.length && timingSafeEqual(expected, mac.value);
}

function readOrThrow(data: Buffer, password: string): PfxContents {
  const outer = readOuter(data);
  const candidates: (string | null)[] = password === '' ? ['', null] : [password];
  let chosen: string | null | undefined;
  if (outer.mac) {
    chosen = candidates.find((candidate) => macMatches(outer, candidate));
    if (chosen === undefined) throw new ReadFailure('wrong-password');
    return readContents(outer, chosen, true);
  }
  // No MAC: the only proof of the password is that decryption succeeds.
  for (const candidate of candidates) {
    try {
      return readContents(outer, candidate, false);
    } catch (error) {
      if (!(error instanceof ReadFailure && error.reason === 'wrong-password')) throw error;
    }
  }
  throw new ReadFailure('wrong-password');
}

interface Collected {
  keys: PfxKeyEntry[];
  certs: PfxCertEntry[];
  certEncryption: PbeAlgorithm | null;
  /** With a verified MAC the password is right, so a failed decryption means a damaged file. */
  failedDecryption: PfxReadFailureReason;
}

function readContents(outer: Outer, password: string | null, hasMac: boolean): PfxContents {
  const collected: Collected = {
    keys: [],
    certs: [],
    certEncryption: null,
    failedDecryption: hasMac ? 'corrupt' : 'wrong-password',
  };
  let contentInfos: Asn1[];
  try {
    contentInfos = children(parseDer(outer.authSafe), 'authenticatedSafe');
  } catch {
    throw new ReadFailure('corrupt');
  }
  for (const info of contentInfos) {
    const type = oidOf(child(info, 0, 'content type'), 'content type');
    const content = child(info, 1, 'content');
    if (type === OID.data) {
      walkSafeContents(octetsOf(child(content, 0, 'data'), 'data'), password, collected, null);
    } else if (type === OID.encryptedData) {
      const encryptedData = child(content, 0, 'encryptedData');
      const { algorithm, plain } = decryptEncryptedData(encryptedData, password, collected);
      walkSafeContents(plain, password, collected, algorithm);
    } else {
      throw new ReadFailure('unsupported');
    }
  }
  return {
    keys: collected.keys,
    certs: collected.certs,
    hasMac,
    passwordEncoding: password === null ? 'windows-empty' : 'as-given',
    encryption: {
      keyEncryption: collected.keys[0]?.encryption ?? null,
      certEncryption: collected.certEncryption,
      macDigest: outer.mac?.digest ?? null,
      macIterations: outer.mac?.iterations ?? null,
    },
  };
}

function decryptEncryptedData(
  encryptedData: Asn1,
  password: string | null,
  collected: Collected,
): { algorithm: PbeAlgorithm; plain: string } {
  const contentInfo = child(encryptedData, 1, 'encryptedContentInfo');
  const algorithmId = child(contentInfo, 1, 'content encryption algorithm');
  const algorithm = describePbe(algorithmId);
  const encrypted = children(contentInfo, 'encryptedContentInfo')[2];
  if (!isContext(encrypted, 0)) throw new ReadFailure('corrupt');
  const plain = decrypt(algorithmId, octetsOf(encrypted, 'encrypted content'), password);
  if (plain === null) throw new ReadFailure(collected.failedDecryption);
  return { algorithm, plain };
}

function decrypt(algorithmId: Asn1, encrypted: string, password: string | null): string | null {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  let native: Decipher | null;
  try {
    native = nativeDecipher(algorithmId, password);
  } catch (error) {
    throw error instanceof ReadFailure ? error : new ReadFailure('unsupported');
  }
  if (native) {
    try {
      const input = Buffer.from(encrypted, 'binary');
      return Buffer.concat([native.update(input), native.final()]).toString('binary');
    } catch {
      return null;
    }
  }
  // PKCS#12 PBE turns the password into a BMPString itself; PBES2 (PBKDF2) takes octets, which
  // openssl and Windows encode as UTF-8, while forge would keep only the low byte of each character.
  const secret = oid === OID.pbes2 && password !== null ? forge.util.encodeUtf8(password) : password;
  let cipher: ForgeCipher;
  try {
    cipher = pbe().getCipher(oid, params, secret);
  } catch {
    throw new ReadFailure('unsupported');
  }
  try {
    cipher.update(forge.util.createBuffer(encrypted));
    return cipher.finish() ? cipher.output.getBytes() : null;
  } catch {
    return null;
  }
}

const PKCS12_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';

/** PBES2 ciphers and PRFs Node decrypts itself: cipher name, key length. */
const NATIVE_PBES2_CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
const NATIVE_PRFS: Readonly<Record<string, Pkcs12Digest>> = {
  hmacWithSHA1: 'sha1',
  hmacWithSHA256: 'sha256',
  hmacWithSHA384: 'sha384',
  hmacWithSHA512: 'sha512',
};

/**
 * A native decipher for PBE-SHA1-3DES and for PBES2 (PBKDF2) with AES-CBC or 3DES; `null` for
 * anything else (forge handles it). Throws on parameters it cannot read.
 */
function nativeDecipher(algorithmId: Asn1, password: string | null): Decipher | null {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  if (oid === PKCS12_PBE_SHA1_3DES) {
    const salt = Buffer.from(octetsOf(child(params, 0, 'salt'), 'salt'), 'binary');
    const iterations = integerOf(child(params, 1, 'iterations'), 'iterations');
    const key = pkcs12Kdf(password, salt, 1, iterations, 24, 'sha1');
    const iv = pkcs12Kdf(password, salt, 2, iterations, 8, 'sha1');
    return createDecipheriv('des-ede3-cbc', key, iv);
  }
  // Windows' empty password (no bytes at all) has no PBES2 form: leave that case to forge as before.
  if (oid !== OID.pbes2 || password === null) return null;
  const algorithm = describePbe(algorithmId);
  const kdfParams = children(child(child(params, 0, 'kdf'), 1, 'kdf params'), 'kdf params');
  const saltNode = kdfParams[0];
  const scheme = child(params, 1, 'scheme');
  const cipher = NATIVE_PBES2_CIPHERS[oidOf(child(scheme, 0, 'scheme oid'), 'scheme oid')];
  const prf = algorithm.prf === undefined ? undefined : NATIVE_PRFS[algorithm.prf];
  // A salt given as an AlgorithmIdentifier ("otherSource") is left to forge.
  if (!cipher || !prf || !saltNode || typeof saltNode.value !== 'string') return null;
  const keyLengthNode = kdfParams.find((node, index) => index >= 2 && !Array.isArray(node.value));
  if (keyLengthNode && integerOf(keyLengthNode, 'key length') !== cipher.keyLength) return null;
  const key = pbkdf2Sync(
    Buffer.from(password, 'utf8'),
    Buffer.from(saltNode.value, 'binary'),
    integerOf(kdfParams[1], 'kdf iterations'),
    cipher.keyLength,
    prf,
  );
  const iv = Buffer.from(octetsOf(child(scheme, 1, 'iv'), 'iv'), 'binary');
  return createDecipheriv(cipher.name, key, iv);
}

/** Names the protection of a shrouded key or encrypted content, refusing absurd iteration counts. */
export function describePbe(algorithmId: Asn1): PbeAlgorithm {
  const oid = oidOf(child(algorithmId, 0, 'algorithm'), 'algorithm');
  const params = child(algorithmId, 1, 'algorithm parameters');
  let result: PbeAlgorithm;
  const pkcs12 = PKCS12_PBE[oid];
  if (pkcs12) {
    result = { ...pkcs12, iterations: integerOf(child(params, 1, 'iterations'), 'iterations') };
  } else if (oid === OID.pbes2) {
    const kdf = child(params, 0, 'kdf');
    if (oidOf(child(kdf, 0, 'kdf oid'), 'kdf oid') !== OID.pbkdf2) throw new ReadFailure('unsupported');
    const kdfParams = children(child(kdf, 1, 'kdf params'), 'kdf params');
    const prfNode = kdfParams.find((node) => Array.isArray(node.value));
    const prf = prfNode ? (PRFS[oidOf(child(prfNode, 0, 'prf'), 'prf')] ?? 'unknown') : 'hmacWithSHA1';
    const cipherOid = oidOf(child(child(params, 1, 'scheme'), 0, 'scheme oid'), 'scheme oid');
    const cipher = PBES2_CIPHERS[cipherOid] ?? { name: cipherOid, family: 'unknown' as const };
    result = {
      name: `PBES2 ${cipher.name}`,
      family: cipher.family,
      prf,
      iterations: integerOf(kdfParams[1], 'kdf iterations'),
    };
  } else {
    throw new ReadFailure('unsupported');
  }
  if ((result.iterations ?? 0) > MAX_ITERATIONS) throw new ReadFailure('too-many-iterations');
  return result;
}

function walkSafeContents(
  bytes: string,
  password: string | null,
  collected: Collected,
  encryption: PbeAlgorithm | null,
): void {
  for (const bag of children(parseDer(bytes), 'safeContents')) {
    const type = oidOf(child(bag, 0, 'bag type'), 'bag type');
    const value = child(child(bag, 1, 'bag value'), 0, 'bag value');
    const attributes = readAttributes(children(bag, 'bag')[2]);
    if (type === OID.keyBag || type === OID.shroudedKeyBag) {
      collected.keys.push({ ...attributes, ...readKey(type, value, password, collected) });
    } else if (type === OID.certBag) {
      if (oidOf(child(value, 0, 'cert type'), 'cert type') !== OID.x509Certificate) continue;
      const der = Buffer.from(octetsOf(child(child(value, 1, 'cert'), 0, 'cert'), 'cert'), 'binary');
      collected.certs.push({ ...attributes, der, cert: parseCertificate(der) });
      collected.certEncryption ??= encryption;
    } else if (type === OID.safeContentsBag) {
      walkSafeContents(forge.asn1.toDer(value).getBytes(), password, collected, encryption);
    }
    // CRL and secret bags carry nothing the preflight needs.
  }
}

function readKey(
  type: string,
  value: Asn1,
  password: string | null,
  collected: Collected,
): { key: KeyObject; encryption: PbeAlgorithm | null } {
  let privateKeyInfo = value;
  let encryption: PbeAlgorithm | null = null;
  if (type === OID.shroudedKeyBag) {
    const algorithmId = child(value, 0, 'key encryption algorithm');
    encryption = describePbe(algorithmId);
    const plain = decrypt(algorithmId, octetsOf(child(value, 1, 'encrypted key'), 'encrypted key'), password);
    if (plain === null) throw new ReadFailure(collected.failedDecryption);
    privateKeyInfo = parseDer(plain);
  }
  try {
    return {
      key: createPrivateKey({ key: toDer(privateKeyInfo), format: 'der', type: 'pkcs8' }),
      encryption,
    };
  } catch {
    throw new ReadFailure('corrupt');
  }
}

function parseCertificate(der: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

function readAttributes(set: Asn1 | undefined): PfxBagAttributes {
  let friendlyName: string | null = null;
  let localKeyIdHex: string | null = null;
  let cspName: string | null = null;
  for (const attribute of set && Array.isArray(set.value) ? set.value : []) {
    const oid = oidOf(child(attribute, 0, 'attribute type'), 'attribute type');
    const first = children(child(attribute, 1, 'attribute values'), 'attribute values')[0];
    if (!first || typeof first.value !== 'string') continue;
    if (oid === OID.friendlyName) friendlyName = textOf(first);
    else if (oid === OID.microsoftCspName) cspName = textOf(first);
    else if (oid === OID.localKeyId) localKeyIdHex = forge.util.bytesToHex(first.value);
  }
  return { friendlyName, localKeyIdHex, cspName };
}
