// Picks the leaf and follows issuers through the certificates in the file.
import type { KeyObject, X509Certificate } from 'node:crypto';

import { readCertFields } from './cert-fields';
import type { PfxCertEntry } from './pkcs12-reader';

export type ChainStatus =
  | 'complete-with-root'
  | 'complete-without-root'
  | 'self-signed-leaf'
  | 'missing-intermediate'
  | 'bad-signature'
  | 'issuer-not-ca'
  | 'ca-expired'
  | 'ca-not-yet-valid';

export interface ChainReport {
  readonly status: ChainStatus;
  /** Leaf first. */
  readonly path: readonly X509Certificate[];
  /** The certificate the status is about (the one with the bad signature, the expired CA, …). */
  readonly culprit: X509Certificate | null;
}

export function matchesKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/**
 * The leaf is the certificate of the private key; without a usable key, the certificate
 * paired by localKeyId, then the first one that issued no other certificate in the file.
 */
export function pickLeaf(
  certs: readonly PfxCertEntry[],
  key: KeyObject | null,
  keyId: string | null,
): PfxCertEntry {
  const parsed = certs.filter((entry) => entry.cert !== null);
  const byKey = key ? parsed.find((entry) => matchesKey(entry.cert as X509Certificate, key)) : undefined;
  if (byKey) return byKey;
  const byId = keyId ? parsed.find((entry) => entry.localKeyIdHex === keyId) : undefined;
  if (byId) return byId;
  const issuesNothing = parsed.find(
    (entry) => !parsed.some((other) => other !== entry && issuedBy(other.cert, entry.cert)),
  );
  return issuesNothing ?? parsed[0] ?? (certs[0] as PfxCertEntry);
}

function issuedBy(subject: X509Certificate | null, issuer: X509Certificate | null): boolean {
  return subject !== null && issuer !== null && subject.checkIssued(issuer);
}

function verifies(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && verifies(cert, cert);
}

export function buildChain(leaf: X509Certificate, pool: readonly X509Certificate[], now: Date): ChainReport {
  const path: X509Certificate[] = [leaf];
  if (isSelfSigned(leaf)) return { status: 'self-signed-leaf', path, culprit: leaf };
  let current = leaf;
  for (;;) {
    if (path.length > 1 && isSelfSigned(current))
      return { status: 'complete-with-root', path, culprit: null };
    const candidates = pool.filter((cert) => !path.includes(cert) && current.checkIssued(cert));
    if (candidates.length === 0) {
      if (path.length === 1) return { status: 'missing-intermediate', path, culprit: leaf };
      // The root is optional in a PFX; clients and the CMG find it in their trusted roots.
      return { status: 'complete-without-root', path, culprit: null };
    }
    const issuer = candidates.find((cert) => verifies(current, cert));
    if (!issuer) return { status: 'bad-signature', path, culprit: current };
    path.push(issuer);
    if (new Date(issuer.validTo) < now) return { status: 'ca-expired', path, culprit: issuer };
    if (new Date(issuer.validFrom) > now) return { status: 'ca-not-yet-valid', path, culprit: issuer };
    if (!isCa(issuer)) return { status: 'issuer-not-ca', path, culprit: issuer };
    current = issuer;
  }
}

function isCa(cert: X509Certificate): boolean {
  try {
    return readCertFields(cert.raw).isCa;
  } catch {
    return false;
  }
}
