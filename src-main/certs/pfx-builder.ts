// PKCS#12 (PFX) writer. Built by hand on forge's ASN.1 (and a native PKCS#12 key derivation) because forge's
// own writer leaves certificates unencrypted, cannot add the "Microsoft CSP Name" attribute, and
// cannot carry certificates with EC keys (some public CA intermediates).
import {
  createCipheriv,
  createHash,
  createHmac,
  type KeyObject,
  pbkdf2Sync,
  randomBytes,
  type X509Certificate,
} from 'node:crypto';

import type forgeTypes from 'node-forge';

import { AppError } from '../shared';
import { asn1 } from './forge-lite';
import { pkcs12Kdf } from './inspect';

type Asn1 = forgeTypes.asn1.Asn1;

export type PfxEncryption = '3des' | 'aes256';

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  cspName: '1.3.6.1.4.1.311.17.1',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Windows uses 2000, openssl 2048. */
export const PFX_ITERATIONS = 2048;

export interface PfxBuildInput {
  readonly privateKey: KeyObject;
  readonly leaf: X509Certificate;
  /** Issuers, nearest first (the root may be included). */
  readonly chain: readonly X509Certificate[];
  readonly password: string;
  readonly encryption: PfxEncryption;
  /** Value of the "Microsoft CSP Name" attribute on the key bag; null for none. */
  readonly cspName: string | null;
  readonly friendlyName: string;
}

const seq = (value: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const set = (value: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
const oid = (value: string): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (value: Buffer): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, value.toString('binary'));
const integer = (value: number): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const nullValue = (): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const explicit0 = (value: Asn1): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [value]);
const bmp = (value: string): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, value);
const toDer = (value: Asn1): Buffer => Buffer.from(asn1.toDer(value).getBytes(), 'binary');

interface Encrypted {
  readonly algorithm: Asn1;
  readonly ciphertext: Buffer;
}

/** PBE-SHA1-3DES (PKCS#12 PBE, password as BMPString) or PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC. */
function encrypt(plaintext: Buffer, password: string, encryption: PfxEncryption): Encrypted {
  const salt = randomBytes(encryption === '3des' ? 8 : 16);
  if (encryption === '3des') {
    const key = pkcs12Kdf(password, salt, 1, PFX_ITERATIONS, 24, 'sha1');
    const iv = pkcs12Kdf(password, salt, 2, PFX_ITERATIONS, 8, 'sha1');
    const cipher = createCipheriv('des-ede3-cbc', key, iv);
    return {
      algorithm: seq([oid(OIDS.pbeSha1TripleDes), seq([octets(salt), integer(PFX_ITERATIONS)])]),
      ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final()]),
    };
  }
  // PBES2 takes the password's UTF-8 bytes, as openssl and Windows do.
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, PFX_ITERATIONS, 32, 'sha256');
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const kdf = seq([
    oid(OIDS.pbkdf2),
    seq([octets(salt), integer(PFX_ITERATIONS), seq([oid(OIDS.hmacWithSha256), nullValue()])]),
  ]);
  return {
    algorithm: seq([oid(OIDS.pbes2), seq([kdf, seq([oid(OIDS.aes256Cbc), octets(iv)])])]),
    ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final()]),
  };
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

function dataContentInfo(content: Buffer): Asn1 {
  return seq([oid(OIDS.data), explicit0(octets(content))]);
}

function encryptedContentInfo(content: Buffer, password: string, encryption: PfxEncryption): Asn1 {
  const { algorithm, ciphertext } = encrypt(content, password, encryption);
  const encryptedContent = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, ciphertext.toString('binary'));
  const encryptedData = seq([integer(0), seq([oid(OIDS.data), algorithm, encryptedContent])]);
  return seq([oid(OIDS.encryptedData), explicit0(encryptedData)]);
}

/** Builds the PFX bytes: encrypted certificate bags, a shrouded key bag, and the MAC over both. */
export function buildPfx(input: PfxBuildInput): Buffer {
  if (input.password.length === 0) throw new AppError('invalid-input', 'certs.pfx.passwordEmpty');
  const localKeyId = createHash('sha1').update(input.leaf.raw).digest();
  const pairing = [
    attribute(OIDS.localKeyId, octets(localKeyId)),
    attribute(OIDS.friendlyName, bmp(input.friendlyName)),
  ];

  const certBags = [input.leaf, ...input.chain].map((cert, index) =>
    seq([
      oid(OIDS.certBag),
      explicit0(seq([oid(OIDS.x509Certificate), explicit0(octets(cert.raw))])),
      ...(index === 0 ? [set(pairing)] : []),
    ]),
  );

  const keyInfo = input.privateKey.export({ type: 'pkcs8', format: 'der' });
  const shrouded = encrypt(keyInfo, input.password, input.encryption);
  const keyAttributes = [...pairing];
  if (input.cspName) keyAttributes.push(attribute(OIDS.cspName, bmp(input.cspName)));
  const keyBag = seq([
    oid(OIDS.pkcs8ShroudedKeyBag),
    explicit0(seq([shrouded.algorithm, octets(shrouded.ciphertext)])),
    set(keyAttributes),
  ]);

  const authSafe = toDer(
    seq([
      encryptedContentInfo(toDer(seq(certBags)), input.password, input.encryption),
      dataContentInfo(toDer(seq([keyBag]))),
    ]),
  );

  // Windows' classic profile pairs 3DES with a SHA-1 MAC; the AES profile uses SHA-256 like openssl 3.
  const md = input.encryption === '3des' ? 'sha1' : 'sha256';
  const macSalt = randomBytes(md === 'sha1' ? 8 : 16);
  const macKey = pkcs12Kdf(input.password, macSalt, 3, PFX_ITERATIONS, md === 'sha1' ? 20 : 32, md);
  const mac = createHmac(md, macKey).update(authSafe).digest();
  const macData = seq([
    seq([seq([oid(md === 'sha1' ? OIDS.sha1 : OIDS.sha256), nullValue()]), octets(mac)]),
    octets(macSalt),
    integer(PFX_ITERATIONS),
  ]);
  return toDer(seq([integer(3), dataContentInfo(authSafe), macData]));
}
