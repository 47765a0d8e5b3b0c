// What exists for the certificate stage: the request folder and its keychain entry, the copies
// saved for the CA, the exported PFX and whether its own keychain entry opens it. Reads only.
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';

import { CertService, pendingPfxPath, pfxPasswordSecretName, type RequestObservation } from '../../certs';
import { fingerprintOf, type Observation, type StageContext } from '../../engine';
import type { ObservedObjectDto } from '../../shared';

export interface FileFacts {
  readonly path: string;
  readonly exists: boolean;
  readonly sha256: string | null;
  /** Size and modification time: tells a checked file from a changed one. */
  readonly stamp: string | null;
}

export interface PfxFacts extends FileFacts {
  /** A staged export that never finished (the process stopped between file and password). */
  readonly pending: boolean;
  /** The keychain entry of this file for the request's certificate, when that is known. */
  readonly secretName: string | null;
  /** True when that entry's password opens the file. */
  readonly opens: boolean;
}

export interface CertificateObservation extends Observation {
  /** The stage's own request (state.request), with whether its key opens with the kept passphrase. */
  readonly request: (RequestObservation & { readonly id: string; readonly keyOpens: boolean }) | null;
  /** The request the export uses (the same, or a PFX taken in). */
  readonly exportRequest: (RequestObservation & { readonly id: string }) | null;
  readonly csrCopy: FileFacts | null;
  readonly inf: FileFacts | null;
  readonly pfx: PfxFacts | null;
}

export async function fileFacts(path: string): Promise<FileFacts> {
  const info = await lstat(path).catch(() => null);
  if (!info?.isFile()) return { path, exists: info !== null, sha256: null, stamp: null };
  const data = await readFile(path).catch(() => null);
  return {
    path,
    exists: true,
    sha256: data === null ? null : createHash('sha256').update(data).digest('hex'),
    stamp: `${info.size}:${Math.trunc(info.mtimeMs)}`,
  };
}

export async function observeCertificate(
  ctx: StageContext,
  signal: AbortSignal,
): Promise<CertificateObservation> {
  const service = new CertService({ secrets: ctx.secrets, home: ctx.home });
  const cert = ctx.state.read().certificate;
  const requestId = cert.request?.id;
  const request = requestId
    ? {
        id: requestId,
        ...(await service.observeRequest(requestId)),
        keyOpens: await service.keyOpens(requestId),
      }
    : null;
  signal.throwIfAborted();
  const exportId = cert.export?.requestId;
  const exportRequest =
    exportId === undefined
      ? null
      : exportId === requestId && request
        ? request
        : { id: exportId, ...(await service.observeRequest(exportId)) };
  const csrCopy = cert.csrCopy ? await fileFacts(cert.csrCopy.path) : null;
  const inf = cert.inf ? await fileFacts(cert.inf.path) : null;
  let pfx: PfxFacts | null = null;
  if (cert.export) {
    const facts = await fileFacts(cert.export.path);
    const leaf = exportRequest?.leafSha256 ?? null;
    const secretName = leaf ? pfxPasswordSecretName(cert.export.path, leaf) : null;
    pfx = {
      ...facts,
      pending: (await lstat(pendingPfxPath(cert.export.path)).catch(() => null)) !== null,
      secretName,
      opens: secretName !== null && facts.exists && (await service.pfxOpens(cert.export.path, secretName)),
    };
  }
  signal.throwIfAborted();
  const facts = { request, exportRequest, csrCopy, inf, pfx };
  return { ...facts, fingerprint: fingerprintOf(facts), objects: objectsOf(facts) };
}

function objectsOf(facts: Omit<CertificateObservation, 'fingerprint' | 'objects'>): ObservedObjectDto[] {
  const objects: ObservedObjectDto[] = [];
  if (facts.request) {
    objects.push(
      {
        type: 'file',
        key: `request:${facts.request.id}`,
        label: 'private-key.pem',
        exists: facts.request.key,
      },
      { type: 'file', key: `csr:${facts.request.id}`, label: 'request.csr', exists: facts.request.csr },
      {
        type: 'keychain-entry',
        key: `key-passphrase:${facts.request.id}`,
        label: 'cert-key-passphrase',
        exists: facts.request.passphrase,
      },
      { type: 'file', key: `answer:${facts.request.id}`, label: 'chain.pem', exists: facts.request.chain },
    );
  }
  for (const file of [facts.csrCopy, facts.inf, facts.pfx]) {
    if (file) objects.push({ type: 'file', key: file.path, label: file.path, exists: file.exists });
  }
  if (facts.pfx?.secretName) {
    objects.push({
      type: 'keychain-entry',
      key: facts.pfx.secretName,
      label: facts.pfx.secretName,
      exists: facts.pfx.opens,
    });
  }
  return objects;
}
