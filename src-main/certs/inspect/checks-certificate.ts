// Checks about the leaf certificate and its chain, against the CMG's rules (certificates.md).
import type { KeyObject, X509Certificate } from 'node:crypto';

import type { Locale } from '../../shared';
import { formatMessageRefs, maxPublicLifetimeDays, parseCmgName } from '../cn-rules';
import type { CertFields } from './cert-fields';
import { buildChain, type ChainReport, matchesKey } from './chain';
import { type CheckMaker, isoDay } from './make-check';
import { OID } from './oids';
import type { PfxKeyEntry } from './pkcs12-reader';
import type { PreflightCheck } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRY_WARNING_DAYS = 30;

export function keyMatchCheck(
  make: CheckMaker,
  keys: readonly PfxKeyEntry[],
  leaf: X509Certificate,
): PreflightCheck {
  if (keys.length === 0) return make('key-match', 'error', 'key.none');
  if (keys.length > 1) return make('key-match', 'error', 'key.several', { count: keys.length });
  const key = (keys[0] as PfxKeyEntry).key;
  return matchesKey(leaf, key)
    ? make('key-match', 'pass', 'key.ok')
    : make('key-match', 'error', 'key.mismatch');
}

export function keySizeCheck(make: CheckMaker, publicKey: KeyObject): PreflightCheck {
  const type = publicKey.asymmetricKeyType ?? 'unknown';
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    return bits === 2048 || bits === 4096
      ? make('key-size', 'pass', 'keySize.ok', { type: 'RSA', bits })
      : make('key-size', 'error', 'keySize.rsaSize', { bits });
  }
  if (type === 'ec') return make('key-size', 'error', 'keySize.ecc', { curve: details.namedCurve ?? '' });
  return make('key-size', 'error', 'keySize.otherType', { type: type.toUpperCase() });
}

const STRONG_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
const WEAK_HASHES = new Set(['SHA-1', 'MD5']);

export function signatureCheck(make: CheckMaker, fields: CertFields): PreflightCheck {
  const params = { algorithm: fields.signatureAlgorithm, hash: fields.signatureHash };
  if (STRONG_HASHES.has(fields.signatureHash)) return make('signature-hash', 'pass', 'signature.ok', params);
  if (WEAK_HASHES.has(fields.signatureHash)) return make('signature-hash', 'error', 'signature.weak', params);
  return make('signature-hash', 'warning', 'signature.unknown', params);
}

export function ekuCheck(make: CheckMaker, fields: CertFields, none: string): PreflightCheck {
  const usages = fields.extendedKeyUsage;
  if (usages === null) return make('server-auth-eku', 'warning', 'eku.absent');
  if (usages.includes(OID.serverAuth)) return make('server-auth-eku', 'pass', 'eku.ok');
  if (usages.includes(OID.anyExtendedKeyUsage)) return make('server-auth-eku', 'warning', 'eku.any');
  return make('server-auth-eku', 'error', 'eku.missing', { usages: usages.join(', ') || none });
}

export function cnFormCheck(make: CheckMaker, cn: string | null, locale: Locale): PreflightCheck {
  if (!cn) return make('cn-form', 'error', 'cn.missing');
  const name = parseCmgName(cn);
  const prefix = name.prefix ?? '';
  switch (name.kind) {
    case 'vmss':
      return make('cn-form', 'pass', 'cn.vmss', { cn, prefix });
    case 'custom':
      return make('cn-form', 'pass', 'cn.custom', { cn, prefix });
    case 'legacy-cloudapp-net':
      return make('cn-form', 'warning', 'cn.legacy', { cn, prefix });
    default:
      return make('cn-form', 'error', 'cn.invalid', {
        cn,
        problems: formatMessageRefs(name.problems, locale),
      });
  }
}

/** Compares the CN with a name the admin expects; `id` says whether it is a renewal. */
export function sameNameCheck(
  make: CheckMaker,
  id: 'expected-cn' | 'renewal-cn',
  cn: string | null,
  expected: string,
): PreflightCheck {
  const renewal = id === 'renewal-cn';
  const prefix = renewal ? 'renewal' : 'expectedCn';
  const params = { cn: cn ?? '', expected, previous: expected };
  if (cn === expected) return make(id, 'pass', `${prefix}.ok`, params);
  // A renewal with a different case breaks the CMG; an expectation is only a typo guard.
  if (cn !== null && cn.toLowerCase() === expected.toLowerCase()) {
    return renewal
      ? make(id, 'error', 'renewal.caseOnly', params)
      : make(id, 'warning', 'expectedCn.case', params);
  }
  return make(id, 'error', `${prefix}.mismatch`, params);
}

export function sanCheck(make: CheckMaker, fields: CertFields, none: string): PreflightCheck | null {
  const cn = fields.commonName;
  if (!cn) return null;
  const names = fields.dnsNames;
  if (names === null || names.length === 0) return make('san-contains-cn', 'error', 'san.absent', { cn });
  const lowerCn = cn.toLowerCase();
  if (names.some((name) => name.toLowerCase() === lowerCn))
    return make('san-contains-cn', 'pass', 'san.ok', { cn });
  const parent = lowerCn.slice(lowerCn.indexOf('.'));
  const wildcard = names.find((name) => name.startsWith('*.') && name.slice(1).toLowerCase() === parent);
  if (wildcard) return make('san-contains-cn', 'warning', 'san.wildcard', { cn, wildcard });
  return make('san-contains-cn', 'error', 'san.missingCn', { cn, names: names.join(', ') || none });
}

export function validityCheck(make: CheckMaker, leaf: X509Certificate, now: Date): PreflightCheck {
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  const params = { notBefore: isoDay(notBefore), notAfter: isoDay(notAfter) };
  if (now < notBefore) return make('validity', 'error', 'validity.notYet', params);
  if (now > notAfter) return make('validity', 'error', 'validity.expired', params);
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (days < EXPIRY_WARNING_DAYS) return make('validity', 'warning', 'validity.soon', { ...params, days });
  return make('validity', 'pass', 'validity.ok', { ...params, days });
}

export function lifetimeCheck(make: CheckMaker, leaf: X509Certificate, now: Date): PreflightCheck {
  const notBefore = new Date(leaf.validFrom);
  const days = Math.round((new Date(leaf.validTo).getTime() - notBefore.getTime()) / DAY_MS);
  const maxAtIssue = maxPublicLifetimeDays(notBefore);
  if (days > maxAtIssue) return make('lifetime', 'info', 'lifetime.beyondPublic', { days, max: maxAtIssue });
  return make('lifetime', 'info', 'lifetime.public', { days, max: maxPublicLifetimeDays(now) });
}

export function chainCheck(
  make: CheckMaker,
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  now: Date,
): { check: PreflightCheck; report: ChainReport } {
  const report = buildChain(leaf, pool, now);
  const path = report.path.map((cert) => commonNameOf(cert.subject)).join(' → ');
  const culprit = report.culprit;
  const about: Record<string, string> = culprit
    ? {
        subject: commonNameOf(culprit.subject),
        issuer: commonNameOf(culprit.issuer),
        notAfter: isoDay(new Date(culprit.validTo)),
        notBefore: isoDay(new Date(culprit.validFrom)),
      }
    : {};
  const keyByStatus = {
    'complete-with-root': 'chain.complete',
    'complete-without-root': 'chain.noRoot',
    'self-signed-leaf': 'chain.selfSigned',
    'missing-intermediate': 'chain.missingIntermediate',
    'bad-signature': 'chain.badSignature',
    'issuer-not-ca': 'chain.issuerNotCa',
    'ca-expired': 'chain.caExpired',
    'ca-not-yet-valid': 'chain.caNotYetValid',
  } as const;
  const ok = report.status === 'complete-with-root' || report.status === 'complete-without-root';
  return {
    check: make('chain', ok ? 'pass' : 'error', keyByStatus[report.status], { path, ...about }),
    report,
  };
}

/** Short display name of a distinguished name as Node prints it (`CN=x\nO=y`): its CN, else the whole DN. */
export function commonNameOf(distinguishedName: string): string {
  const lines = distinguishedName.split('\n');
  const cn = lines.reverse().find((line) => line.startsWith('CN='));
  return cn ? cn.slice(3) : distinguishedName.replace(/\n/g, ', ');
}
