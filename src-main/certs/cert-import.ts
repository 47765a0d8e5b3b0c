// Reads what a CA sends back (PEM, DER, PKCS#7 in PEM or DER, bundles) with Node's X509Certificate,
// which also parses EC certificates that node-forge cannot.
import { type KeyObject, X509Certificate } from 'node:crypto';

import { AppError } from '../shared';
import { children, DerError, oidText, readTlv } from './der';
import { rsaModulus } from './key-pair';

export const MAX_CERT_FILE_BYTES = 1024 * 1024;
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
/** A chain has a handful of certificates; far more blocks means the file is not a CA's answer. */
export const MAX_PEM_BLOCKS = 32;
const BEGIN = '-----BEGIN ';
const DASHES = '-----';
const PEM_LABEL = /^[A-Z0-9 ]{1,64}$/;
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

interface PemBlock {
  readonly label: string;
  readonly body: string;
}

/** Counts BEGIN markers, stopping once past the cap (one indexOf pass, never the whole file twice). */
function tooManyBlocks(text: string): boolean {
  let count = 0;
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    count += 1;
    if (count > MAX_PEM_BLOCKS) return true;
  }
  return false;
}

/**
 * The PEM blocks of a text, in one forward pass with indexOf: each search starts where the
 * previous one ended, so the cost is linear in the file size. (A lazy regex tried from every
 * BEGIN to the end of the file, which took 23 s on 1 MB of BEGIN lines.)
 */
function pemBlocks(text: string): PemBlock[] {
  if (tooManyBlocks(text)) {
    throw new AppError('invalid-input', 'certs.import.tooManyBlocks', { max: MAX_PEM_BLOCKS });
  }
  const blocks: PemBlock[] = [];
  let at = text.indexOf(BEGIN);
  while (at >= 0) {
    const labelStart = at + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelEnd);
    if (!PEM_LABEL.test(label)) throw new AppError('invalid-input', 'certs.import.truncated');
    const end = `-----END ${label}-----`;
    const bodyStart = labelEnd + DASHES.length;
    const bodyEnd = text.indexOf(end, bodyStart);
    const body = bodyEnd < 0 ? '' : text.slice(bodyStart, bodyEnd);
    // No END, or another BEGIN/END line before it: a block was cut off or pasted into another.
    if (bodyEnd < 0 || body.includes(DASHES)) throw new AppError('invalid-input', 'certs.import.truncated');
    blocks.push({ label, body });
    at = text.indexOf(BEGIN, bodyEnd + end.length);
  }
  return blocks;
}

/** Every certificate in a file, in file order. Throws a localized AppError on anything else. */
export function readCertificates(data: Buffer): X509Certificate[] {
  if (data.length === 0) throw new AppError('invalid-input', 'certs.import.empty');
  if (data.length > MAX_CERT_FILE_BYTES) {
    throw new AppError('invalid-input', 'certs.import.tooLarge', { max: MAX_CERT_FILE_BYTES });
  }
  const text = data.toString('latin1');
  if (text.includes(BEGIN)) {
    const certs: X509Certificate[] = [];
    for (const { label, body } of pemBlocks(text)) {
      if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
        certs.push(...fromDer(Buffer.from(body, 'base64')));
      } else if (label === 'PKCS7' || label === 'CERTIFICATE CHAIN') {
        certs.push(...certificatesFromPkcs7(Buffer.from(body, 'base64')));
      } else if (label.includes('PRIVATE KEY')) {
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

// By name and signature, not checkIssued(): that also demands the issuer's keyCertSign, which a
// self-signed certificate from Windows (New-SelfSignedCertificate) does not have.
function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.issuer === issuer.subject && subject.verify(issuer.publicKey);
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
