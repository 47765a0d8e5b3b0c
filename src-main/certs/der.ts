// Minimal DER walker: byte ranges of TLVs, so certificates are cut out of PKCS#7 untouched
// (re-encoding a parsed tree can change bytes and break signatures).

export interface Tlv {
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

export class DerError extends Error {}

export function readTlv(data: Uint8Array, offset: number, limit = data.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = data[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag number');
  let lengthByte = data[offset + 1] as number;
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length bytes is not a file we can hold.
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    if (cursor + count > limit) throw new DerError('truncated');
    length = 0;
    for (let index = 0; index < count; index += 1) {
      lengthByte = data[cursor] as number;
      length = length * 256 + lengthByte;
      cursor += 1;
    }
  }
  const end = cursor + length;
  if (end > limit) throw new DerError('truncated');
  return { tag, constructed: (tag & 0x20) !== 0, start: offset, contentStart: cursor, end };
}

/** The TLVs directly inside a constructed one. */
export function children(data: Uint8Array, parent: Tlv): Tlv[] {
  const result: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(data, offset, parent.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}

export function oidText(data: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new DerError('not an OID');
  const bytes = data.subarray(tlv.contentStart, tlv.end);
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0)
        parts.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
