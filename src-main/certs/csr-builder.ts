// PKCS#10 request with the extensions the CMG needs (SAN, server-auth EKU, key usage), signed SHA-256.
import type { KeyObject } from 'node:crypto';

import forge from 'node-forge';

import type { CertRequest } from './request-fields';

// @types/node-forge declares valueTagClass as an asn1.Class; forge actually reads a universal Type.
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
const PRINTABLE = forge.asn1.Type.PRINTABLESTRING as unknown as forge.asn1.Class;
const DNS_NAME = 2;

function subjectAttributes(request: CertRequest): forge.pki.CertificateField[] {
  const attributes: forge.pki.CertificateField[] = [];
  // Same order as the DN reads in Windows' certificate dialog from the end: C, ST, L, O, OU, CN.
  if (request.country) attributes.push({ shortName: 'C', value: request.country, valueTagClass: PRINTABLE });
  if (request.state) attributes.push({ shortName: 'ST', value: request.state, valueTagClass: UTF8 });
  if (request.locality) attributes.push({ shortName: 'L', value: request.locality, valueTagClass: UTF8 });
  if (request.org) attributes.push({ shortName: 'O', value: request.org, valueTagClass: UTF8 });
  if (request.ou) attributes.push({ shortName: 'OU', value: request.ou, valueTagClass: UTF8 });
  attributes.push({ shortName: 'CN', value: request.cn, valueTagClass: UTF8 });
  return attributes;
}

/** Builds and signs the CSR; the key stays a native KeyObject except for this in-memory copy. */
export function buildCsrPem(request: CertRequest, privateKey: KeyObject): string {
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const publicKey = forge.pki.setRsaPublicKey(
    (forgeKey as forge.pki.rsa.PrivateKey).n,
    (forgeKey as forge.pki.rsa.PrivateKey).e,
  );
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKey;
  csr.setSubject(subjectAttributes(request));
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        { name: 'subjectAltName', altNames: request.sans.map((value) => ({ type: DNS_NAME, value })) },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      ],
    },
  ]);
  // forge signs SHA-1 unless given a digest.
  csr.sign(forgeKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr).replace(/\r\n/g, '\n');
}
