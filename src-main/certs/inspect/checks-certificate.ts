// Checks about the leaf certificate and its chain, against the CMG's rules (certificates.md).
import type { KeyObject, X509Certificate } from 'node:crypto';

import { type Locale, translate } from '../../shared';
import { formatMessageRefs, maxPublicLifetimeDays, parseCmgName, suggestCmgName } from '../cn-rules';
import type { CertFields } from './cert-fields';
import { buildChain, type ChainReport, type ChainStatus, matchesKey } from './chain';
import { type CheckMaker, isoDay } from './make-check';
import { OID } from './oids';
import type { PfxKeyEntry } from './pkcs12-reader';
import type { PreflightCheck, Severity } from './types';

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

/**
 * The CN as a CMG service name, with the same analysis (and so the same warnings) as the request
 * form and `comanage csr`. One check: its findings are joined after the main sentence.
 */
export function cnFormCheck(make: CheckMaker, cn: string | null, locale: Locale): PreflightCheck {
  if (!cn) return make('cn-form', 'error', 'cn.missing');
  const name = parseCmgName(cn);
  const prefix = name.prefix ?? '';
  if (name.kind === 'invalid') {
    const legacy = name.problems.find((problem) => problem.key === 'certs.cn.legacyCloudappNet');
    // The retired cloudapp.net gets its own sentence and hint, said once.
    if (legacy) return make('cn-form', 'error', 'cn.legacy', { cn, prefix });
    return make('cn-form', 'error', 'cn.invalid', { cn, problems: formatMessageRefs(name.problems, locale) });
  }
  // The scale-set hint already says what enterpriseCaOnly says.
  const notes = name.warnings.filter(
    (warning) => !(name.kind === 'vmss' && warning.key === 'certs.cn.enterpriseCaOnly'),
  );
  const key = name.kind === 'vmss' ? 'cn.vmss' : name.prefix === null ? 'cn.wildcard' : 'cn.custom';
  const severity = name.warnings.length > 0 ? 'warning' : 'pass';
  const check = make('cn-form', severity, key, { cn, prefix });
  if (notes.length === 0) return check;
  const text = notes.map((note) => translate(locale, note.key, note.params)).join(' ');
  return { ...check, message: `${check.message} ${text}`, params: { ...check.params, notes: text } };
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

/** The name a fix should propose: the CN when it is a usable CMG name, else a valid one close to it. */
function nameToRequest(cn: string): string {
  return parseCmgName(cn).kind === 'invalid' ? (suggestCmgName(cn) ?? 'cmg.contoso.com') : cn;
}

export function sanCheck(make: CheckMaker, fields: CertFields, none: string): PreflightCheck | null {
  const cn = fields.commonName;
  if (!cn) return null;
  const names = fields.dnsNames;
  if (names === null || names.length === 0)
    return make('san-contains-cn', 'error', 'san.absent', { cn, name: nameToRequest(cn) });
  const lowerCn = cn.toLowerCase();
  if (names.some((name) => name.toLowerCase() === lowerCn))
    return make('san-contains-cn', 'pass', 'san.ok', { cn });
  const parent = lowerCn.slice(lowerCn.indexOf('.'));
  const wildcard = names.find((name) => name.startsWith('*.') && name.slice(1).toLowerCase() === parent);
  if (wildcard) return make('san-contains-cn', 'warning', 'san.wildcard', { cn, wildcard });
  return make('san-contains-cn', 'error', 'san.missingCn', {
    cn,
    name: nameToRequest(cn),
    names: names.join(', ') || none,
  });
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

const CHAIN_KEYS: Readonly<Record<ChainStatus, string>> = {
  'complete-with-root': 'chain.complete',
  'complete-without-root': 'chain.noRoot',
  'private-root': 'chain.privateRoot',
  'self-signed-leaf': 'chain.selfSigned',
  'missing-intermediate': 'chain.missingIntermediate',
  'bad-signature': 'chain.badSignature',
  'issuer-not-ca': 'chain.issuerNotCa',
  'issuer-key-usage': 'chain.issuerKeyUsage',
  cycle: 'chain.cycle',
  'ca-expired': 'chain.caExpired',
  'ca-not-yet-valid': 'chain.caNotYetValid',
};

function chainSeverity(status: ChainStatus): Severity {
  if (status === 'complete-with-root' || status === 'complete-without-root') return 'pass';
  // Usable with an enterprise PKI whose root is deployed, but not what the tutorial asks for.
  return status === 'private-root' ? 'warning' : 'error';
}

export function chainCheck(
  make: CheckMaker,
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  now: Date,
  roots?: readonly X509Certificate[],
): { check: PreflightCheck; report: ChainReport } {
  const report = buildChain(leaf, pool, now, roots);
  const path = report.path.map((cert) => commonNameOf(cert.subject)).join(' → ');
  const culprit = report.culprit;
  const about: Record<string, string> = culprit
    ? {
        subject: commonNameOf(culprit.subject),
        issuer: commonNameOf(culprit.issuer),
        // The root named in a private-chain warning: the culprit itself when it is self-signed.
        root: commonNameOf(culprit.subject === culprit.issuer ? culprit.subject : culprit.issuer),
        notAfter: isoDay(new Date(culprit.validTo)),
        notBefore: isoDay(new Date(culprit.validFrom)),
      }
    : {};
  return {
    check: make('chain', chainSeverity(report.status), CHAIN_KEYS[report.status], { path, ...about }),
    report,
  };
}

/** Short display name of a distinguished name as Node prints it (`CN=x\nO=y`): its CN, else the whole DN. */
export function commonNameOf(distinguishedName: string): string {
  const lines = distinguishedName.split('\n');
  const cn = lines.reverse().find((line) => line.startsWith('CN='));
  return cn ? cn.slice(3) : distinguishedName.replace(/\n/g, ', ');
}
