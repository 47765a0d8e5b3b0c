// Builds a PFX and proves it opens again with the same password before anyone is told it is done.
import type { KeyObject, X509Certificate } from 'node:crypto';

import { AppError } from '../shared';
import { keyMatchesCertificate } from './cert-import';
import { fullForge } from './forge-lite';
import { readPfx } from './inspect';
import { buildPfx, type PfxBuildInput, type PfxEncryption } from './pfx-builder';
import { PROVIDER_NAMES, type ProviderId } from './request-fields';

export type CspChoice = ProviderId | 'none';

export interface PfxExportRequest {
  readonly privateKey: KeyObject;
  readonly leaf: X509Certificate;
  readonly chain: readonly X509Certificate[];
  readonly password: string;
  readonly encryption?: PfxEncryption;
  readonly csp?: CspChoice;
  /** Default: `<CN> <yyyy-mm-dd>` of today. */
  readonly friendlyName?: string;
}

export interface PfxExportResult {
  readonly data: Buffer;
  readonly encryption: PfxEncryption;
  readonly cspName: string | null;
  readonly friendlyName: string;
  /** Certificates in the file, leaf included. */
  readonly certificateCount: number;
  /** Message keys of warnings (AES-256 on old Windows). */
  readonly warnings: readonly string[];
}

export const MAX_FRIENDLY_NAME = 128;

export function commonNameOf(cert: X509Certificate): string {
  const line = cert.subject.split('\n').find((part) => part.startsWith('CN='));
  return line ? line.slice(3) : '';
}

function friendlyNameFor(request: PfxExportRequest, now: Date): string {
  const name = request.friendlyName ?? `${commonNameOf(request.leaf)} ${now.toISOString().slice(0, 10)}`;
  // eslint-disable-next-line no-control-regex -- control characters are refused in the name
  if (name.length === 0 || name.length > MAX_FRIENDLY_NAME || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new AppError('invalid-input', 'certs.pfx.friendlyName', { max: MAX_FRIENDLY_NAME });
  }
  return name;
}

/** forge reads PBES2 passwords as Latin-1 bytes, so it can only cross-check ASCII AES passwords. */
function forgeOpens(data: Buffer, password: string): boolean {
  const forge = fullForge();
  const p12Asn1 = forge.asn1.fromDer(data.toString('binary'));
  const p12 = forge.pkcs12.pkcs12FromAsn1(p12Asn1, true, password);
  return (
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag as string })[
      forge.pki.oids.pkcs8ShroudedKeyBag as string
    ]?.length === 1
  );
}

function verify(data: Buffer, input: PfxBuildInput): void {
  const read = readPfx(data, input.password);
  const ok =
    read.ok &&
    read.pfx.keys.length === 1 &&
    keyMatchesCertificate(input.leaf, (read.pfx.keys[0] as { key: KeyObject }).key) &&
    read.pfx.certs.length === 1 + input.chain.length &&
    (read.pfx.keys[0]?.cspName ?? null) === input.cspName;
  // eslint-disable-next-line no-control-regex -- ASCII test
  const forgeCheck = input.encryption === '3des' || /^[\u0000-\u007f]*$/.test(input.password);
  if (!ok || (forgeCheck && !forgeOpens(data, input.password))) {
    throw new AppError('internal', 'certs.pfx.roundTripFailed');
  }
}

export function exportPfx(request: PfxExportRequest, now = new Date()): PfxExportResult {
  if (request.password.length === 0) throw new AppError('invalid-input', 'certs.pfx.passwordEmpty');
  if (!keyMatchesCertificate(request.leaf, request.privateKey)) {
    throw new AppError('invalid-input', 'certs.pfx.keyMismatch');
  }
  const encryption = request.encryption ?? '3des';
  const csp = request.csp ?? 'schannel';
  const input: PfxBuildInput = {
    privateKey: request.privateKey,
    leaf: request.leaf,
    chain: request.chain,
    password: request.password,
    encryption,
    cspName: csp === 'none' ? null : PROVIDER_NAMES[csp],
    friendlyName: friendlyNameFor(request, now),
  };
  const data = buildPfx(input);
  verify(data, input);
  return {
    data,
    encryption,
    cspName: input.cspName,
    friendlyName: input.friendlyName,
    certificateCount: 1 + request.chain.length,
    warnings: encryption === 'aes256' ? ['certs.pfx.aesWarning'] : [],
  };
}
