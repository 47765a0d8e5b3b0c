// Fields the preflight needs that Node's X509Certificate does not expose reliably (the signature
// algorithm, the raw SAN dNSNames, the CN as one value): read from the certificate's ASN.1.
// Works for any key type, unlike forge's certificate parser (RSA only).
import * as forge from '../forge-lite';
import { type Asn1, child, children, isContext, oidOf, parseDer, textOf } from './asn1';
import { OID, SIGNATURE_ALGORITHMS } from './oids';

export interface CertFields {
  readonly commonName: string | null;
  /** `null` when the certificate has no subjectAltName extension. */
  readonly dnsNames: readonly string[] | null;
  /** `null` when the certificate has no extendedKeyUsage extension. */
  readonly extendedKeyUsage: readonly string[] | null;
  readonly signatureAlgorithm: string;
  /** Hash behind the signature (`SHA-256`, `SHA-1`, …) or `unknown`. */
  readonly signatureHash: string;
  readonly isCa: boolean;
  /** keyCertSign of the keyUsage extension; `null` when the certificate has no keyUsage extension. */
  readonly keyCertSign: boolean | null;
}

const KEY_USAGE_OID = '2.5.29.15';
/** keyCertSign is bit 5 of KeyUsage (RFC 5280 4.2.1.3): mask 0x04 of the first content byte. */
const KEY_CERT_SIGN_MASK = 0x04;

const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export function readCertFields(der: Buffer): CertFields {
  const certificate = parseDer(der);
  const tbs = child(certificate, 0, 'tbsCertificate');
  const fields = children(tbs, 'tbsCertificate');
  // The version is an optional [0]; everything after it sits at a fixed offset.
  const offset = isContext(fields[0], 0) ? 1 : 0;
  const subject = fields[offset + 4];
  const extensions = fields.find((node) => isContext(node, 3));
  const signature = readSignatureAlgorithm(child(certificate, 1, 'signatureAlgorithm'));
  const found = readExtensions(extensions);
  return {
    commonName: subject ? readCommonName(subject) : null,
    dnsNames: found.dnsNames,
    extendedKeyUsage: found.extendedKeyUsage,
    signatureAlgorithm: signature.name,
    signatureHash: signature.hash,
    isCa: found.isCa,
    keyCertSign: found.keyCertSign,
  };
}

function readSignatureAlgorithm(algorithmId: Asn1): { name: string; hash: string } {
  const oid = oidOf(child(algorithmId, 0, 'signature oid'), 'signature oid');
  const known = SIGNATURE_ALGORITHMS[oid];
  if (known) return known;
  if (oid === OID.rsassaPss) {
    // RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1.
    const params = children(algorithmId, 'pss')[1];
    const hashNode = Array.isArray(params?.value)
      ? params.value.find((node) => isContext(node, 0))
      : undefined;
    const hashOid = hashNode ? oidOf(child(child(hashNode, 0, 'pss hash'), 0, 'pss hash'), 'pss hash') : '';
    return { name: 'RSASSA-PSS', hash: HASH_OIDS[hashOid] ?? 'SHA-1' };
  }
  return { name: oid, hash: 'unknown' };
}

function readCommonName(name: Asn1): string | null {
  // The most specific CN is the last one in the DN sequence.
  let commonName: string | null = null;
  for (const rdn of children(name, 'name')) {
    for (const attribute of children(rdn, 'rdn')) {
      if (oidOf(child(attribute, 0, 'attribute type'), 'attribute type') === OID.commonName) {
        commonName = textOf(child(attribute, 1, 'attribute value'));
      }
    }
  }
  return commonName;
}

function readExtensions(wrapper: Asn1 | undefined): {
  dnsNames: string[] | null;
  extendedKeyUsage: string[] | null;
  isCa: boolean;
  keyCertSign: boolean | null;
} {
  let dnsNames: string[] | null = null;
  let extendedKeyUsage: string[] | null = null;
  let isCa = false;
  let keyCertSign: boolean | null = null;
  if (!wrapper) return { dnsNames, extendedKeyUsage, isCa, keyCertSign };
  for (const extension of children(child(wrapper, 0, 'extensions'), 'extensions')) {
    const parts = children(extension, 'extension');
    const oid = oidOf(parts[0], 'extension oid');
    const valueNode = parts[parts.length - 1];
    if (!valueNode || typeof valueNode.value !== 'string') continue;
    const value = parseDer(valueNode.value);
    if (oid === OID.subjectAltName) {
      dnsNames = children(value, 'subjectAltName')
        .filter((name) => isContext(name, 2) && typeof name.value === 'string')
        .map((name) => Buffer.from(name.value as string, 'binary').toString('latin1'));
    } else if (oid === OID.extKeyUsage) {
      extendedKeyUsage = children(value, 'extKeyUsage').map((usage) => oidOf(usage, 'key purpose'));
    } else if (oid === OID.basicConstraints) {
      const first = children(value, 'basicConstraints')[0];
      isCa = first?.type === forge.asn1.Type.BOOLEAN && first.value === '\xff';
    } else if (oid === KEY_USAGE_OID && typeof value.value === 'string') {
      // BIT STRING contents: the unused-bits count, then the bits, most significant first.
      keyCertSign = (value.value.charCodeAt(1) & KEY_CERT_SIGN_MASK) !== 0;
    }
  }
  return { dnsNames, extendedKeyUsage, isCa, keyCertSign };
}
