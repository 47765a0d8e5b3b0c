// Messages between the host and the PFX reader's worker thread. A KeyObject crosses threads as
// itself (Node clones it); a certificate crosses as its DER bytes and is parsed again on arrival,
// and every Buffer arrives as a plain Uint8Array.
import { X509Certificate } from 'node:crypto';

import type { PfxCertEntry, PfxContents, ReadPfxResult } from './pkcs12-reader';

export interface PfxWorkerRequest {
  readonly id: number;
  readonly data: Uint8Array;
  readonly password: string;
}

type WireCert = Omit<PfxCertEntry, 'cert' | 'der'> & { readonly der: Uint8Array };
type WireContents = Omit<PfxContents, 'certs'> & { readonly certs: readonly WireCert[] };
export type WireResult =
  Exclude<ReadPfxResult, { ok: true }> | { readonly ok: true; readonly pfx: WireContents };

export interface PfxWorkerResponse {
  readonly id: number;
  readonly result: WireResult;
}

export function toWire(result: ReadPfxResult): WireResult {
  if (!result.ok) return result;
  return {
    ok: true,
    pfx: { ...result.pfx, certs: result.pfx.certs.map(({ cert: _cert, ...entry }) => entry) },
  };
}

function parseCertificate(der: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

export function fromWire(result: WireResult): ReadPfxResult {
  if (!result.ok) return result;
  const certs = result.pfx.certs.map((entry) => {
    const der = Buffer.from(entry.der.buffer, entry.der.byteOffset, entry.der.byteLength);
    return { ...entry, der, cert: parseCertificate(der) };
  });
  return { ok: true, pfx: { ...result.pfx, certs } };
}
