// PKCS#10 request with the extensions the CMG needs (SAN, server-auth EKU, key usage), signed SHA-256.
// The ASN.1 is written with forge's codec, in the very bytes forge's CSR writer produced (a test
// compares them); the signature is Node's (native RSA: forge's pure-JS signing took 40-70 ms).
import { createPublicKey, type KeyObject, sign } from 'node:crypto';

import type forgeTypes from 'node-forge';

import { asn1, util } from './forge-lite';
import type { CertRequest } from './request-fields';

type Asn1 = forgeTypes.asn1.Asn1;

const OIDS = {
  country: '2.5.4.6',
  state: '2.5.4.8',
  locality: '2.5.4.7',
  org: '2.5.4.10',
  ou: '2.5.4.11',
  cn: '2.5.4.3',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  keyUsage: '2.5.29.15',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

const { Class, Type } = asn1;
const node = (type: number, value: string | Asn1[]): Asn1 =>
  asn1.create(Class.UNIVERSAL, type, Array.isArray(value), value);
const oid = (value: string): Asn1 => node(Type.OID, asn1.oidToDer(value).getBytes());
const der = (value: Asn1): string => asn1.toDer(value).getBytes();
const DNS_NAME = 2;
// forge accepts an options object here; @types/node-forge only declares the older boolean form.
const fromDer = asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Asn1;
/** digitalSignature (bit 0) and keyEncipherment (bit 2): 0xa0 with 5 unused bits. */
const KEY_USAGE_BITS = '\x05\xa0';

function subject(request: CertRequest): Asn1 {
  // Same order as the DN reads in Windows' certificate dialog from the end: C, ST, L, O, OU, CN.
  const parts: [string, string | undefined, number][] = [
    [OIDS.country, request.country, Type.PRINTABLESTRING],
    [OIDS.state, request.state, Type.UTF8],
    [OIDS.locality, request.locality, Type.UTF8],
    [OIDS.org, request.org, Type.UTF8],
    [OIDS.ou, request.ou, Type.UTF8],
    [OIDS.cn, request.cn, Type.UTF8],
  ];
  return node(
    Type.SEQUENCE,
    parts
      .filter((part): part is [string, string, number] => part[1] !== undefined && part[1] !== '')
      .map(([type, value, tag]) =>
        node(Type.SET, [
          node(Type.SEQUENCE, [oid(type), node(tag, tag === Type.UTF8 ? util.encodeUtf8(value) : value)]),
        ]),
      ),
  );
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  return node(Type.SEQUENCE, [
    oid(id),
    ...(critical ? [node(Type.BOOLEAN, '\xff')] : []),
    node(Type.OCTETSTRING, der(value)),
  ]);
}

function extensionRequest(request: CertRequest): Asn1 {
  const altNames = request.sans.map((name) => asn1.create(Class.CONTEXT_SPECIFIC, DNS_NAME, false, name));
  const extensions = node(Type.SEQUENCE, [
    extension(OIDS.subjectAltName, false, node(Type.SEQUENCE, altNames)),
    extension(OIDS.extKeyUsage, false, node(Type.SEQUENCE, [oid(OIDS.serverAuth)])),
    extension(OIDS.keyUsage, true, node(Type.BITSTRING, KEY_USAGE_BITS)),
  ]);
  return node(Type.SEQUENCE, [oid(OIDS.extensionRequest), node(Type.SET, [extensions])]);
}

/** Builds and signs the CSR; the private key never leaves its native KeyObject. */
export function buildCsrPem(request: CertRequest, privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('binary');
  const info = node(Type.SEQUENCE, [
    node(Type.INTEGER, '\x00'),
    subject(request),
    fromDer(spki, { strict: true, parseAllBytes: true, decodeBitStrings: false }),
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [extensionRequest(request)]),
  ]);
  const infoDer = der(info);
  const signature = sign('sha256', Buffer.from(infoDer, 'binary'), privateKey);
  const csr = node(Type.SEQUENCE, [
    info,
    node(Type.SEQUENCE, [oid(OIDS.sha256WithRsa), node(Type.NULL, '')]),
    node(Type.BITSTRING, `\x00${signature.toString('binary')}`),
  ]);
  const base64 = Buffer.from(der(csr), 'binary').toString('base64');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE REQUEST-----\n`;
}
