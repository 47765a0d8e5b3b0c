// The PFX preflight: opens the file, then runs every CMG check and describes the certificate.
// Never throws for anything about the file; each problem is a localized check.
import type { X509Certificate } from 'node:crypto';

import { translate } from '../../shared';
import { subjectForDisplay } from '../subject-display';
import { type CertFields, readCertFields } from './cert-fields';
import { pickLeaf } from './chain';
import {
  chainCheck,
  cnFormCheck,
  ekuCheck,
  keyMatchCheck,
  keySizeCheck,
  lifetimeCheck,
  sameNameCheck,
  sanCheck,
  signatureCheck,
  validityCheck,
} from './checks-certificate';
import { cspCheck, encryptionCheck, passwordCheck } from './checks-container';
import { type CheckMaker, checkMaker } from './make-check';
import { readPfxOffThread } from './pfx-worker-client';
import {
  MAX_KDF_WORK,
  MAX_PFX_BYTES,
  type PfxContents,
  type PfxReadFailureReason,
  readPfx,
  type ReadPfxResult,
} from './pkcs12-reader';
import type { InspectOptions, InspectResult, InspectSummary, PreflightCheck } from './types';

const FAILURE_KEYS: Readonly<Record<PfxReadFailureReason, string>> = {
  empty: 'file.empty',
  'too-large': 'file.tooLarge',
  'not-pkcs12': 'file.notPkcs12',
  unsupported: 'file.unsupported',
  'unsupported-key-type': 'file.unsupportedKeyType',
  'too-many-iterations': 'file.tooManyIterations',
  'too-much-work': 'file.tooMuchWork',
  'wrong-password': 'password.wrong',
  corrupt: 'file.corrupt',
};

/** The result for a file too big to be read at all (callers that stat before reading). */
export function tooLargeResult(size: number, locale: InspectOptions['locale']): InspectResult {
  const make = checkMaker(locale);
  return {
    checks: [make('pfx-file', 'error', 'file.tooLarge', { size, max: MAX_PFX_BYTES })],
    summary: null,
  };
}

/** The preflight, reading the file on the calling thread (the CLI, which has nothing else to serve). */
export function inspectPfx(data: Buffer, password: string, options: InspectOptions): InspectResult {
  return inspectRead(readPfx(data, password), data.length, password, options);
}

/** The same, with the key derivation and decryption in a worker thread (the host and the app). */
export async function inspectPfxOffThread(
  data: Buffer,
  password: string,
  options: InspectOptions,
): Promise<InspectResult> {
  return inspectRead(await readPfxOffThread(data, password), data.length, password, options);
}

function inspectRead(
  opened: ReadPfxResult,
  size: number,
  password: string,
  options: InspectOptions,
): InspectResult {
  const make = checkMaker(options.locale);
  if (!opened.ok) {
    const key = FAILURE_KEYS[opened.reason];
    const params = { size, max: MAX_PFX_BYTES, work: MAX_KDF_WORK, oid: opened.keyAlgorithm ?? '' };
    const checks =
      opened.reason === 'wrong-password'
        ? [make('pfx-file', 'pass', 'file.structureOk'), make('password', 'error', key)]
        : [make('pfx-file', 'error', key, params)];
    return { checks, summary: null };
  }
  return inspectContents(opened.pfx, password, options, make);
}

function inspectContents(
  pfx: PfxContents,
  password: string,
  options: InspectOptions,
  make: CheckMaker,
): InspectResult {
  const none = translate(options.locale, 'inspect.value.none');
  const now = options.now ?? new Date();
  const container: PreflightCheck[] = [
    make('pfx-file', 'pass', 'file.ok', { certs: pfx.certs.length, keys: pfx.keys.length }),
    ...(pfx.trailingBytes > 0
      ? [make('pfx-trailing-data', 'info', 'file.trailingData', { bytes: pfx.trailingBytes })]
      : []),
    passwordCheck(make, pfx, password),
    encryptionCheck(make, pfx.encryption, pfx.keys.length > 0, none),
  ];
  if (pfx.certs.length === 0) {
    // One key and no certificate: that is the whole finding, not also a key that "does not match".
    if (pfx.keys.length === 1) {
      container[0] = make('pfx-file', 'error', 'file.keyWithoutCertificate');
      return { checks: [...container, cspCheck(make, pfx)], summary: null };
    }
    container[0] = make('pfx-file', 'error', 'file.noCertificate');
    return {
      checks: [...container, keyMatchCheckWithoutCert(make, pfx), cspCheck(make, pfx)],
      summary: null,
    };
  }
  const key = pfx.keys.length === 1 ? (pfx.keys[0]?.key ?? null) : null;
  const leafEntry = pickLeaf(pfx.certs, key, pfx.keys[0]?.localKeyIdHex ?? null);
  const leaf = leafEntry.cert;
  let fields: CertFields | null = null;
  try {
    fields = leaf ? readCertFields(leaf.raw) : null;
  } catch {
    fields = null;
  }
  if (!leaf || !fields) {
    container[0] = make('pfx-file', 'error', 'file.badCertificate');
    return { checks: container, summary: null };
  }
  const pool = pfx.certs.map((entry) => entry.cert).filter((cert): cert is X509Certificate => cert !== null);
  const chain = chainCheck(make, leaf, pool, now);
  const checks: PreflightCheck[] = [
    ...container,
    keyMatchCheck(make, pfx.keys, leaf),
    keySizeCheck(make, leaf.publicKey),
    signatureCheck(make, fields),
    ekuCheck(make, fields, none),
    cnFormCheck(make, fields.commonName, options.locale),
  ];
  if (options.expectCn !== undefined) {
    checks.push(sameNameCheck(make, 'expected-cn', fields.commonName, options.expectCn));
  }
  const san = sanCheck(make, fields, none);
  if (san) checks.push(san);
  checks.push(
    validityCheck(make, leaf, now),
    lifetimeCheck(make, leaf, now),
    chain.check,
    cspCheck(make, pfx),
  );
  if (options.previousCn !== undefined) {
    checks.push(sameNameCheck(make, 'renewal-cn', fields.commonName, options.previousCn));
  }
  const keyDetails = leaf.publicKey.asymmetricKeyDetails ?? {};
  const summary: InspectSummary = {
    subject: subjectForDisplay(leaf.subject),
    commonName: fields.commonName,
    subjectAltNames: fields.dnsNames ?? [],
    issuer: subjectForDisplay(leaf.issuer),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    thumbprintSha1: leaf.fingerprint.replace(/:/g, '').toUpperCase(),
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toUpperCase(),
    keyType: (leaf.publicKey.asymmetricKeyType ?? 'unknown').toUpperCase(),
    keySize: keyDetails.modulusLength ?? null,
    signatureAlgorithm: fields.signatureAlgorithm,
    encryption: pfx.encryption,
    cspName: pfx.keys[0]?.cspName ?? null,
    friendlyName: leafEntry.friendlyName ?? pfx.keys[0]?.friendlyName ?? null,
    chainSubjects: chain.report.path.map((cert) => subjectForDisplay(cert.subject)),
  };
  return { checks, summary };
}

function keyMatchCheckWithoutCert(make: CheckMaker, pfx: PfxContents): PreflightCheck {
  if (pfx.keys.length === 0) return make('key-match', 'error', 'key.none');
  return make('key-match', 'error', 'key.several', { count: pfx.keys.length });
}
