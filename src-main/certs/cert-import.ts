// Reads what a CA sends back (PEM, DER, PKCS#7 in PEM or DER, bundles) with Node's X509Certificate,
// which also parses EC certificates that node-forge cannot.
import { type KeyObject, X509Certificate } from 'node:crypto';

import { AppError } from '../shared';
import { children, DerError, oidText, readTlv } from './der';
import { rsaModulus } from './key-pair';

export const MAX_CERT_FILE_BYTES = 1024 * 1024;
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BASE64_ONLY = /^[A-Za-z0-9+/=\s]+$/;

function unreadable(cause?: unknown): AppError {
  return new AppError('invalid-input', 'certs.import.unreadable', {}, cause ? { cause } : undefined);
}

/** Certificates carried by a DER PKCS#7 SignedData (a .p7b/.p7c "certificate chain" file). */
export function certificatesFromPkcs7(der: Buffer): X509Certificate[] {
  try {
    const contentInfo = readTlv(der, 0);
    const [typeTlv, explicit] = children(der, contentInfo);
    if (!typeTlv || !explicit || oidText(der, typeTlv) !== SIGNED_DATA_OID) throw unreadable();
    const signedData = children(der, explicit)[0];
    if (!signedData) throw unreadable();
    // certificates [0] IMPLICIT SET OF Certificate
    const certSet = children(der, signedData).find((tlv) => tlv.tag === 0xa0);
    if (!certSet) return [];
    return children(der, certSet)
      .filter((tlv) => tlv.tag === 0x30)
      .map((tlv) => new X509Certificate(der.subarray(tlv.start, tlv.end)));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(error);
  }
}

function fromDer(der: Buffer): X509Certificate[] {
  if (der.length < 2 || der[0] !== 0x30) throw unreadable();
  try {
    const outer = readTlv(der, 0);
    const first = children(der, outer)[0];
    if (first?.tag === 0x06) return certificatesFromPkcs7(der);
    return [new X509Certificate(der.subarray(0, outer.end))];
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw error instanceof DerError
      ? new AppError('invalid-input', 'certs.import.truncated')
      : unreadable(error);
  }
}

/** Every certificate in a file, in file order. Throws a localized AppError on anything else. */
export function readCertificates(data: Buffer): X509Certificate[] {
  if (data.length === 0) throw new AppError('invalid-input', 'certs.import.empty');
  if (data.length > MAX_CERT_FILE_BYTES) {
    throw new AppError('invalid-input', 'certs.import.tooLarge', { max: MAX_CERT_FILE_BYTES });
  }
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const certs: X509Certificate[] = [];
    const blocks = [...text.matchAll(PEM_BLOCK)];
    const begins = text.match(/-----BEGIN /g)?.length ?? 0;
    if (blocks.length < begins) throw new AppError('invalid-input', 'certs.import.truncated');
    for (const [, label, body] of blocks) {
      if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
        certs.push(...fromDer(Buffer.from(body ?? '', 'base64')));
      } else if (label === 'PKCS7' || label === 'CERTIFICATE CHAIN') {
        certs.push(...certificatesFromPkcs7(Buffer.from(body ?? '', 'base64')));
      } else if (label?.includes('PRIVATE KEY')) {
        throw new AppError('invalid-input', 'certs.import.privateKeyInFile');
      }
    }
    if (certs.length === 0) throw new AppError('invalid-input', 'certs.import.noCertificate');
    return certs;
  }
  if (BASE64_ONLY.test(text)) return fromDer(Buffer.from(text, 'base64'));
  const certs = fromDer(data);
  if (certs.length === 0) throw new AppError('invalid-input', 'certs.import.noCertificate');
  return certs;
}

export function keyMatchesCertificate(cert: X509Certificate, privateKey: KeyObject): boolean {
  const certModulus = rsaModulus(cert.publicKey);
  if (certModulus !== null) return certModulus === rsaModulus(privateKey);
  try {
    return cert.checkPrivateKey(privateKey);
  } catch {
    return false;
  }
}

function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(cert: X509Certificate): boolean {
  return issuedBy(cert, cert);
}

export interface OrderedChain {
  readonly leaf: X509Certificate;
  /** Issuers after the leaf, nearest first; the root last when it was supplied. */
  readonly issuers: readonly X509Certificate[];
  readonly endsAtRoot: boolean;
  /** Issuer DN of the last certificate when no certificate supplied issued it (and it is not a root). */
  readonly missingIssuer: string | null;
  /** Supplied certificates that are not part of the leaf's chain. */
  readonly unrelated: readonly X509Certificate[];
}

/** Orders certificates leaf → root by issuer name and signature, and says what is missing. */
export function orderChain(leaf: X509Certificate, pool: readonly X509Certificate[]): OrderedChain {
  const remaining = pool.filter((cert) => cert.fingerprint256 !== leaf.fingerprint256);
  const issuers: X509Certificate[] = [];
  let current = leaf;
  while (!isSelfSigned(current)) {
    const index = remaining.findIndex((candidate) => issuedBy(current, candidate));
    if (index < 0) break;
    current = remaining.splice(index, 1)[0] as X509Certificate;
    issuers.push(current);
  }
  const endsAtRoot = isSelfSigned(current);
  const unique = remaining.filter(
    (cert, index) => remaining.findIndex((other) => other.fingerprint256 === cert.fingerprint256) === index,
  );
  return { leaf, issuers, endsAtRoot, missingIssuer: endsAtRoot ? null : current.issuer, unrelated: unique };
}

/** The certificate of the stored key among those the CA sent; refused when none matches. */
export function findLeafForKey(certs: readonly X509Certificate[], privateKey: KeyObject): X509Certificate {
  const leaf = certs.find((cert) => keyMatchesCertificate(cert, privateKey));
  if (!leaf) throw new AppError('invalid-input', 'certs.import.noMatchingKey', { count: certs.length });
  return leaf;
}
