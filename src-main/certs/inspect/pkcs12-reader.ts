// Reads a PKCS#12 (.pfx) file made anywhere (Windows, .NET, openssl, keytool, node-forge) without
// ever throwing: every failure becomes a `PfxReadFailure` with a reason the preflight can explain.
// The structure is walked here so that the algorithms, the MAC and the Microsoft CSP attribute
// (which forge drops) are visible; `pbe-decrypt.ts` decrypts, certificates are parsed by Node (forge
// can't read EC keys). All key derivation of one file shares one budget (`kdf-budget.ts`). This is
// synchronous and CPU-bound: the host calls it through `pfx-worker-client.ts`, off its event loop.
import { createHmac, createPrivateKey, type KeyObject, timingSafeEqual, X509Certificate } from 'node:crypto';

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
  parseDerPrefix,
  textOf,
  toDer,
} from './asn1';
import { KdfBudget, KdfBudgetExceeded, MAX_ITERATIONS, pkcs12KdfCost } from './kdf-budget';
import { DIGESTS, NODE_KEY_ALGORITHMS, OID } from './oids';
import { decryptPbe, describePbe, pbeCost } from './pbe-decrypt';
import { digestLength, type Pkcs12Digest, pkcs12Kdf } from './pkcs12-kdf';
import { type PfxReadFailureReason, ReadFailure } from './read-failure';
import type { EncryptionProfile, PbeAlgorithm } from './types';

export { MAX_ITERATIONS, MAX_KDF_WORK } from './kdf-budget';
export type { PfxReadFailureReason } from './read-failure';

/** A PFX holds a handful of certificates; anything bigger is not worth parsing. */
export const MAX_PFX_BYTES = 1024 * 1024;

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
  /** Distinct keys: the same key stored twice (.NET writes one bag per provider) is listed once. */
  readonly keys: readonly PfxKeyEntry[];
  /** In the order the file stores them. */
  readonly certs: readonly PfxCertEntry[];
  readonly encryption: EncryptionProfile;
  /** `windows-empty`: an empty password that only opened with Windows' encoding (no terminator). */
  readonly passwordEncoding: 'as-given' | 'windows-empty';
  readonly hasMac: boolean;
  /** Bytes after the PKCS#12 structure (zeros some Windows exports add, a line break), ignored. */
  readonly trailingBytes: number;
}

export type ReadPfxResult =
  | { readonly ok: true; readonly pfx: PfxContents }
  | {
      readonly ok: false;
      readonly reason: PfxReadFailureReason;
      /** For `unsupported-key-type`: the OID of the key's algorithm. */
      readonly keyAlgorithm?: string;
    };

/** Opens a PFX with `password`; an empty password also tries Windows' encoding of "". */
export function readPfx(data: Buffer, password: string): ReadPfxResult {
  if (data.length === 0) return { ok: false, reason: 'empty' };
  if (data.length > MAX_PFX_BYTES) return { ok: false, reason: 'too-large' };
  try {
    return { ok: true, pfx: readOrThrow(data, password, new KdfBudget()) };
  } catch (error) {
    if (error instanceof KdfBudgetExceeded) return { ok: false, reason: 'too-much-work' };
    if (!(error instanceof ReadFailure)) return { ok: false, reason: 'corrupt' };
    return error.keyAlgorithm === undefined
      ? { ok: false, reason: error.reason }
      : { ok: false, reason: error.reason, keyAlgorithm: error.keyAlgorithm };
  }
}

interface Mac {
  digest: string;
  md: Pkcs12Digest;
  value: Buffer;
  salt: Buffer;
  iterations: number;
}

interface Outer {
  authSafe: Buffer;
  contentInfos: Asn1[];
  mac: Mac | null;
  trailingBytes: number;
}

function readOuter(data: Buffer): Outer {
  let outer: Omit<Outer, 'contentInfos'>;
  try {
    const { node: pfx, trailingBytes } = parseDerPrefix(data);
    if (integerOf(child(pfx, 0, 'version'), 'version') !== 3) throw new ReadFailure('unsupported');
    const authSafeInfo = child(pfx, 1, 'authSafe');
    const contentType = oidOf(child(authSafeInfo, 0, 'authSafe type'), 'authSafe type');
    // Public-key integrity mode (signedData) is not used by Windows or openssl exports.
    if (contentType !== OID.data) throw new ReadFailure('unsupported');
    const authSafe = octetsOf(child(child(authSafeInfo, 1, 'authSafe content'), 0, 'octets'), 'octets');
    const macData = children(pfx, 'pfx')[2];
    outer = {
      authSafe: Buffer.from(authSafe, 'binary'),
      mac: macData ? readMac(macData) : null,
      trailingBytes,
    };
  } catch (error) {
    if (error instanceof ReadFailure) throw error;
    throw new ReadFailure('not-pkcs12');
  }
  try {
    return { ...outer, contentInfos: children(parseDer(outer.authSafe), 'authenticatedSafe') };
  } catch {
    throw new ReadFailure('corrupt');
  }
}

/** MAC digests (names as in DIGESTS) that the PKCS#12 key derivation supports. */
const MAC_DIGESTS: Readonly<Record<string, Pkcs12Digest>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function readMac(macData: Asn1): Mac {
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

function macCost(mac: Mac): number {
  return pkcs12KdfCost(mac.md, mac.iterations, digestLength(mac.md));
}

function macMatches(outer: Outer, mac: Mac, password: string | null, budget: KdfBudget): boolean {
  budget.charge(macCost(mac));
  const macKey = pkcs12Kdf(password, mac.salt, 3, mac.iterations, digestLength(mac.md), mac.md);
  const expected = createHmac(mac.md, macKey).update(outer.authSafe).digest();
  return expected.length === mac.value.length && timingSafeEqual(expected, mac.value);
}

/**
 * The work the file asks for before anything is decrypted: the MAC and every piece visible
 * without a password. Checked first so a file made to stall the reader costs nothing.
 */
function visibleWork(outer: Outer): number {
  let work = outer.mac ? macCost(outer.mac) : 0;
  try {
    for (const info of outer.contentInfos) {
      const type = oidOf(child(info, 0, 'content type'), 'content type');
      const content = child(info, 1, 'content');
      if (type === OID.encryptedData) {
        const encryptedInfo = child(child(content, 0, 'encryptedData'), 1, 'encryptedContentInfo');
        work += pbeCost(child(encryptedInfo, 1, 'content encryption algorithm'));
      } else if (type === OID.data) {
        const bags = children(parseDer(octetsOf(child(content, 0, 'data'), 'data')), 'safeContents');
        for (const bag of bags) {
          if (oidOf(child(bag, 0, 'bag type'), 'bag type') !== OID.shroudedKeyBag) continue;
          work += pbeCost(child(child(child(bag, 1, 'bag value'), 0, 'bag value'), 0, 'key algorithm'));
        }
      }
    }
  } catch (error) {
    // A malformed piece is reported when it is read, with the reason that applies there.
    if (error instanceof ReadFailure) throw error;
  }
  return work;
}

function readOrThrow(data: Buffer, password: string, budget: KdfBudget): PfxContents {
  const outer = readOuter(data);
  const candidates: (string | null)[] = password === '' ? ['', null] : [password];
  const up = visibleWork(outer);
  if (up > budget.limit) throw new KdfBudgetExceeded(up);
  const mac = outer.mac;
  if (mac) {
    const chosen = candidates.find((candidate) => macMatches(outer, mac, candidate, budget));
    if (chosen === undefined) throw new ReadFailure('wrong-password');
    return readContents(outer, chosen, budget);
  }
  // No MAC: the only proof of the password is that decryption succeeds.
  for (const candidate of candidates) {
    try {
      return readContents(outer, candidate, budget);
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
  /**
   * What unreadable decrypted data means. With a verified MAC the password is right, so the file is
   * damaged; without one, bad padding and garbage that does not parse both mean a wrong password.
   */
  undecryptable: PfxReadFailureReason;
  budget: KdfBudget;
}

function readContents(outer: Outer, password: string | null, budget: KdfBudget): PfxContents {
  const hasMac = outer.mac !== null;
  const collected: Collected = {
    keys: [],
    certs: [],
    certEncryption: null,
    undecryptable: hasMac ? 'corrupt' : 'wrong-password',
    budget,
  };
  for (const info of outer.contentInfos) {
    const type = oidOf(child(info, 0, 'content type'), 'content type');
    const content = child(info, 1, 'content');
    if (type === OID.data) {
      walkSafeContents(octetsOf(child(content, 0, 'data'), 'data'), password, collected, null, 'corrupt');
    } else if (type === OID.encryptedData) {
      const encryptedData = child(content, 0, 'encryptedData');
      const { algorithm, plain } = decryptEncryptedData(encryptedData, password, collected);
      walkSafeContents(plain, password, collected, algorithm, collected.undecryptable);
    } else {
      throw new ReadFailure('unsupported');
    }
  }
  const keys = distinctKeys(collected.keys);
  return {
    keys,
    certs: collected.certs,
    hasMac,
    passwordEncoding: password === null ? 'windows-empty' : 'as-given',
    trailingBytes: outer.trailingBytes,
    encryption: {
      keyEncryption: keys[0]?.encryption ?? null,
      certEncryption: collected.certEncryption,
      macDigest: outer.mac?.digest ?? null,
      macIterations: outer.mac?.iterations ?? null,
    },
  };
}

/** One entry per key: a second bag with the same key only fills in attributes the first lacks. */
function distinctKeys(keys: readonly PfxKeyEntry[]): PfxKeyEntry[] {
  const out: PfxKeyEntry[] = [];
  for (const entry of keys) {
    const index = out.findIndex((seen) => seen.key.equals(entry.key));
    const seen = out[index];
    if (!seen) {
      out.push(entry);
      continue;
    }
    out[index] = {
      ...seen,
      friendlyName: seen.friendlyName ?? entry.friendlyName,
      localKeyIdHex: seen.localKeyIdHex ?? entry.localKeyIdHex,
      cspName: seen.cspName ?? entry.cspName,
    };
  }
  return out;
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
  const input = Buffer.from(octetsOf(encrypted, 'encrypted content'), 'binary');
  const plain = decryptPbe(algorithmId, input, password, collected.budget);
  if (plain === null) throw new ReadFailure(collected.undecryptable);
  return { algorithm, plain: plain.toString('binary') };
}

/** Walks a SafeContents; anything unreadable in it is `damaged` (see `Collected.undecryptable`). */
function walkSafeContents(
  bytes: string,
  password: string | null,
  collected: Collected,
  encryption: PbeAlgorithm | null,
  damaged: PfxReadFailureReason,
): void {
  try {
    for (const bag of children(parseDer(bytes), 'safeContents'))
      walkBag(bag, password, collected, encryption, damaged);
  } catch (error) {
    if (error instanceof ReadFailure || error instanceof KdfBudgetExceeded) throw error;
    throw new ReadFailure(damaged);
  }
}

function walkBag(
  bag: Asn1,
  password: string | null,
  collected: Collected,
  encryption: PbeAlgorithm | null,
  damaged: PfxReadFailureReason,
): void {
  const type = oidOf(child(bag, 0, 'bag type'), 'bag type');
  const value = child(child(bag, 1, 'bag value'), 0, 'bag value');
  const attributes = readAttributes(children(bag, 'bag')[2]);
  if (type === OID.keyBag || type === OID.shroudedKeyBag) {
    collected.keys.push({ ...attributes, ...readKey(type, value, password, collected, damaged) });
  } else if (type === OID.certBag) {
    if (oidOf(child(value, 0, 'cert type'), 'cert type') !== OID.x509Certificate) return;
    const der = Buffer.from(octetsOf(child(child(value, 1, 'cert'), 0, 'cert'), 'cert'), 'binary');
    collected.certs.push({ ...attributes, der, cert: parseCertificate(der) });
    collected.certEncryption ??= encryption;
  } else if (type === OID.safeContentsBag) {
    walkSafeContents(forge.asn1.toDer(value).getBytes(), password, collected, encryption, damaged);
  }
  // CRL and secret bags carry nothing the preflight needs.
}

function readKey(
  type: string,
  value: Asn1,
  password: string | null,
  collected: Collected,
  damaged: PfxReadFailureReason,
): { key: KeyObject; encryption: PbeAlgorithm | null } {
  if (type !== OID.shroudedKeyBag) return { key: privateKeyOf(value, damaged), encryption: null };
  const algorithmId = child(value, 0, 'key encryption algorithm');
  const encryption = describePbe(algorithmId);
  const encrypted = Buffer.from(octetsOf(child(value, 1, 'encrypted key'), 'encrypted key'), 'binary');
  const plain = decryptPbe(algorithmId, encrypted, password, collected.budget);
  if (plain === null) throw new ReadFailure(collected.undecryptable);
  let privateKeyInfo: Asn1;
  try {
    privateKeyInfo = parseDer(plain);
  } catch {
    throw new ReadFailure(collected.undecryptable);
  }
  return { key: privateKeyOf(privateKeyInfo, collected.undecryptable), encryption };
}

/** A PKCS#8 PrivateKeyInfo as a key; a well-formed one of an algorithm Node lacks is named by OID. */
function privateKeyOf(privateKeyInfo: Asn1, damaged: PfxReadFailureReason): KeyObject {
  try {
    return createPrivateKey({ key: toDer(privateKeyInfo), format: 'der', type: 'pkcs8' });
  } catch {
    let algorithm: string | null = null;
    try {
      integerOf(child(privateKeyInfo, 0, 'key version'), 'key version');
      algorithm = oidOf(child(child(privateKeyInfo, 1, 'key algorithm'), 0, 'key algorithm oid'), 'oid');
      octetsOf(child(privateKeyInfo, 2, 'private key'), 'private key');
    } catch {
      algorithm = null;
    }
    if (algorithm !== null && !NODE_KEY_ALGORITHMS.has(algorithm)) {
      throw new ReadFailure('unsupported-key-type', algorithm);
    }
    throw new ReadFailure(damaged);
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
