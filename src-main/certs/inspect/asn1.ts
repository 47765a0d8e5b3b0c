// Small readers over node-forge's generic ASN.1 tree. Every reader throws `Asn1ShapeError` on a
// shape it does not expect, so callers can turn any malformed input into one clear finding.
import type forgeTypes from 'node-forge';

import * as forge from '../forge-lite';

export type Asn1 = forge.Asn1;

export class Asn1ShapeError extends Error {
  constructor(what: string) {
    super(`unexpected ASN.1 structure: ${what}`);
    this.name = 'Asn1ShapeError';
  }
}

// forge accepts an options object here; @types/node-forge only declares the older boolean form.
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: string | forgeTypes.util.ByteStringBuffer,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Asn1;

/** Parses BER/DER bytes (constructed strings and indefinite lengths included); refuses short or trailing data. */
export function parseDer(bytes: Buffer | string): Asn1 {
  const binary = typeof bytes === 'string' ? bytes : bytes.toString('binary');
  return fromDer(binary, { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

/**
 * Parses the first BER/DER element of `bytes` and says how many bytes follow it. Windows and .NET
 * sometimes pad a PFX with zeros after the DER, and a file saved as text gains a line break.
 */
export function parseDerPrefix(bytes: Buffer): { node: Asn1; trailingBytes: number } {
  const buffer = forge.util.createBuffer(bytes.toString('binary'));
  const node = fromDer(buffer, { strict: true, parseAllBytes: false, decodeBitStrings: false });
  return { node, trailingBytes: buffer.length() };
}

export function toDer(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

export function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Asn1ShapeError(what);
  return node.value;
}

export function child(node: Asn1 | undefined, index: number, what: string): Asn1 {
  const found = children(node, what)[index];
  if (!found) throw new Asn1ShapeError(what);
  return found;
}

function isUniversal(node: Asn1, type: number): boolean {
  return node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === type;
}

export function oidOf(node: Asn1 | undefined, what: string): string {
  if (!node || !isUniversal(node, forge.asn1.Type.OID) || typeof node.value !== 'string') {
    throw new Asn1ShapeError(what);
  }
  return forge.asn1.derToOid(node.value);
}

/** Value bytes of an OCTET STRING (primitive or BER-constructed) or of an implicitly tagged one. */
export function octetsOf(node: Asn1 | undefined, what: string): string {
  if (!node) throw new Asn1ShapeError(what);
  if (typeof node.value === 'string') return node.value;
  return node.value.map((part) => octetsOf(part, what)).join('');
}

export function integerOf(node: Asn1 | undefined, what: string): number {
  if (!node || !isUniversal(node, forge.asn1.Type.INTEGER) || typeof node.value !== 'string') {
    throw new Asn1ShapeError(what);
  }
  // Iteration counts and versions only: refuse anything beyond 2^48 rather than lose precision.
  if (node.value.length === 0 || node.value.length > 6) throw new Asn1ShapeError(what);
  return parseInt(forge.util.bytesToHex(node.value), 16);
}

export function isContext(node: Asn1 | undefined, tag: number): boolean {
  return node?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === tag;
}

/** Decodes a directory string or BMPString value to text. */
export function textOf(node: Asn1): string {
  if (typeof node.value !== 'string') return '';
  // forge has already turned BMPString values into text.
  if (node.type === forge.asn1.Type.BMPSTRING) return node.value.replace(/\0+$/, '');
  const bytes = Buffer.from(node.value, 'binary');
  if ((node.type as number) === UNIVERSAL_STRING) return decodeUtf32Be(bytes);
  return bytes.toString('utf8');
}

const UNIVERSAL_STRING = 28;

function decodeUtf32Be(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i + 3 < bytes.length; i += 4) out += String.fromCodePoint(bytes.readUInt32BE(i));
  return out;
}
