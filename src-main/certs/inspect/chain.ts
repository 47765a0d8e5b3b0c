// Picks the leaf and follows issuers through the certificates in the file.
// Issuers are found by name and signature, not by X509Certificate.checkIssued(): that also
// demands keyCertSign of the issuer, which made a self-signed Windows certificate (no keyCertSign)
// and a non-CA issuer look like a missing intermediate. CA flag and key usage are checked apart.
import { type KeyObject, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

import { readCertFields } from './cert-fields';
import type { PfxCertEntry } from './pkcs12-reader';

export type ChainStatus =
  | 'complete-with-root'
  | 'complete-without-root'
  | 'private-root'
  | 'self-signed-leaf'
  | 'missing-intermediate'
  | 'bad-signature'
  | 'issuer-not-ca'
  | 'issuer-key-usage'
  | 'cycle'
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
    (entry) =>
      !parsed.some(
        (other) =>
          other !== entry && other.cert !== null && entry.cert !== null && issuedBy(other.cert, entry.cert),
      ),
  );
  return issuesNothing ?? parsed[0] ?? (certs[0] as PfxCertEntry);
}

function verifies(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** `issuer` named and signed `subject` (key usage and CA flag are judged separately). */
export function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  return subject.issuer === issuer.subject && verifies(subject, issuer);
}

export function isSelfSigned(cert: X509Certificate): boolean {
  return issuedBy(cert, cert);
}

const same = (a: X509Certificate, b: X509Certificate): boolean => a.fingerprint256 === b.fingerprint256;

let mozillaRoots: readonly X509Certificate[] | null = null;

/** Node's bundled Mozilla roots: the CAs every client trusts without a deployed root. Parsed once. */
export function publicRoots(): readonly X509Certificate[] {
  mozillaRoots ??= rootCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  return mozillaRoots;
}

/** The chain reaches a public root: a path certificate is one, or the last one was issued by one. */
function endsAtPublicRoot(path: readonly X509Certificate[], roots: readonly X509Certificate[]): boolean {
  const last = path[path.length - 1] as X509Certificate;
  return (
    path.some((cert) => roots.some((root) => same(root, cert))) || roots.some((root) => issuedBy(last, root))
  );
}

/** What is wrong with `issuer` as the CA of a chain, or null when it may issue certificates. */
function issuerProblem(issuer: X509Certificate, now: Date): ChainStatus | null {
  if (new Date(issuer.validTo) < now) return 'ca-expired';
  if (new Date(issuer.validFrom) > now) return 'ca-not-yet-valid';
  let fields: ReturnType<typeof readCertFields>;
  try {
    fields = readCertFields(issuer.raw);
  } catch {
    return 'issuer-not-ca';
  }
  if (!fields.isCa) return 'issuer-not-ca';
  // No keyUsage extension means every usage is allowed (RFC 5280 4.2.1.3).
  if (fields.keyCertSign === false) return 'issuer-key-usage';
  return null;
}

export function buildChain(
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  now: Date,
  roots: readonly X509Certificate[] = publicRoots(),
): ChainReport {
  const path: X509Certificate[] = [leaf];
  if (isSelfSigned(leaf)) return { status: 'self-signed-leaf', path, culprit: leaf };
  let current = leaf;
  for (;;) {
    if (path.length > 1 && isSelfSigned(current)) {
      const status = endsAtPublicRoot(path, roots) ? 'complete-with-root' : 'private-root';
      return { status, path, culprit: status === 'private-root' ? current : null };
    }
    const named = pool.filter((cert) => cert.subject === current.issuer && !same(cert, current));
    if (named.length === 0) {
      if (path.length === 1 && !endsAtPublicRoot(path, roots)) {
        return { status: 'missing-intermediate', path, culprit: leaf };
      }
      // The root is optional in a PFX; clients and the CMG find it in their trusted roots.
      const status = endsAtPublicRoot(path, roots) ? 'complete-without-root' : 'private-root';
      return { status, path, culprit: status === 'private-root' ? current : null };
    }
    const signers = named.filter((cert) => verifies(current, cert));
    const issuer = signers.find((cert) => !path.some((seen) => same(seen, cert)));
    if (!issuer) {
      // Every certificate that signed this one is already on the path: A → … → A never ends.
      if (signers.length > 0) return { status: 'cycle', path, culprit: current };
      return { status: 'bad-signature', path, culprit: current };
    }
    path.push(issuer);
    const problem = issuerProblem(issuer, now);
    if (problem) return { status: problem, path, culprit: issuer };
    current = issuer;
  }
}
