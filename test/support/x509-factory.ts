// Certificates with exactly the extensions a chain test needs (no keyCertSign, no CA flag, a
// cycle), signed in-process with node-forge. Keys come from Node's native generator and are
// made once per process, so a test file pays for them once.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';

import forge from 'node-forge';

export interface TestKey {
  readonly privatePem: string;
  readonly publicPem: string;
}

const keys: TestKey[] = [];

/** The `index`-th test key of this process (RSA 2048), made on first use. */
export function testKey(index: number): TestKey {
  while (keys.length <= index) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys.push({
      privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
  }
  return keys[index] as TestKey;
}

export interface CertSpec {
  readonly subject: string;
  /** Issuer CN; the certificate is self-issued when absent. */
  readonly issuer?: string;
  readonly key: TestKey;
  /** Key that signs; the certificate's own key when absent (self-signed). */
  readonly signer?: TestKey;
  /** basicConstraints cA; the extension is left out when undefined. */
  readonly ca?: boolean;
  /** keyUsage bits to set; the extension is left out when undefined. */
  readonly keyUsage?: readonly ('digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign')[];
  readonly dnsNames?: readonly string[];
  readonly serial?: string;
  readonly daysBefore?: number;
  readonly daysAfter?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function makeCert(spec: CertSpec): X509Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.key.publicPem);
  cert.serialNumber = spec.serial ?? '01';
  const now = Date.now();
  cert.validity.notBefore = new Date(now - (spec.daysBefore ?? 1) * DAY_MS);
  cert.validity.notAfter = new Date(now + (spec.daysAfter ?? 90) * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: spec.subject }]);
  cert.setIssuer([{ name: 'commonName', value: spec.issuer ?? spec.subject }]);
  const extensions: object[] = [];
  if (spec.ca !== undefined) extensions.push({ name: 'basicConstraints', cA: spec.ca, critical: true });
  if (spec.keyUsage !== undefined) {
    const bits = Object.fromEntries(spec.keyUsage.map((usage) => [usage, true]));
    extensions.push({ name: 'keyUsage', critical: true, ...bits });
  }
  if (spec.dnsNames !== undefined) {
    extensions.push({ name: 'subjectAltName', altNames: spec.dnsNames.map((value) => ({ type: 2, value })) });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem((spec.signer ?? spec.key).privatePem), forge.md.sha256.create());
  return new X509Certificate(forge.pki.certificateToPem(cert));
}
