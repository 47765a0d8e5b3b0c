// The certificate request an admin fills in, and its validation with precise, localizable findings.
import { type CmgNameAnalysis, isValidDnsName, type MessageRef, parseCmgName } from './cn-rules';
import { isCountryCode } from './country-codes';

export type KeySize = 2048 | 4096;
export const KEY_SIZES: readonly KeySize[] = [2048, 4096];

/** Where Windows keeps the key; only a hint in the CSR flow, the real provider in certreq/PFX. */
export type ProviderId = 'schannel' | 'ksp';
export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  schannel: 'Microsoft RSA SChannel Cryptographic Provider',
  ksp: 'Microsoft Software Key Storage Provider',
};

export interface CertRequestInput {
  readonly cn: string;
  readonly sans?: readonly string[];
  readonly org?: string;
  readonly ou?: string;
  readonly locality?: string;
  readonly state?: string;
  readonly country?: string;
  readonly keySize?: number;
  readonly provider?: ProviderId;
  /** CN of the certificate being renewed: the new one must carry exactly the same (case-sensitive). */
  readonly previousCn?: string;
}

/** A request that passed validation: trimmed, country upper-cased, SANs with the CN first. */
export interface CertRequest {
  readonly cn: string;
  readonly sans: readonly string[];
  readonly org?: string;
  readonly ou?: string;
  readonly locality?: string;
  readonly state?: string;
  readonly country?: string;
  readonly keySize: KeySize;
  readonly provider: ProviderId;
}

export type RequestField =
  'cn' | 'sans' | 'org' | 'ou' | 'locality' | 'state' | 'country' | 'keySize' | 'provider';

export interface FieldFinding extends MessageRef {
  readonly field: RequestField;
}

export interface RequestValidation {
  readonly errors: readonly FieldFinding[];
  readonly warnings: readonly FieldFinding[];
  readonly cnAnalysis: CmgNameAnalysis;
  /** Present only when there are no errors. */
  readonly request?: CertRequest;
}

type SubjectField = 'cn' | 'org' | 'ou' | 'locality' | 'state';
/** X.520 upper bounds (ub-common-name, ub-organization-name, …). */
export const SUBJECT_MAX_LENGTH: Readonly<Record<SubjectField, number>> = {
  cn: 64,
  org: 64,
  ou: 64,
  locality: 128,
  state: 128,
};
export const MAX_SAN_ENTRIES = 100;

// Characters that change the meaning of a DN (RFC 4514 specials) or break a certreq INF string.
// Rejecting them is clearer than escaping: the Windows DN parser and CAs treat escapes unevenly.
const DN_SPECIALS = /["+,;<=>\\]/;
// C0, DEL, C1 controls, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * Characters a person cannot see, which make a subject show another name than it holds: format
 * characters (bidi overrides such as U+202E, zero-width space and joiners, BOM, soft hyphen),
 * private-use, unassigned and lone surrogate code points, the combining grapheme joiner,
 * variation selectors and the Hangul fillers that render as blanks.
 */
export const INVISIBLE = /[\p{Cf}\p{Co}\p{Cn}\p{Cs}\u034f\ufe00-\ufe0f\u115f\u1160\u3164\uffa0]/u;

const finding = (field: RequestField, key: string, params: MessageRef['params'] = {}): FieldFinding => ({
  field,
  key,
  params,
});

function checkText(field: SubjectField, value: string): FieldFinding | null {
  const max = SUBJECT_MAX_LENGTH[field];
  // The length goes first and the value is never echoed, so a 10 MB paste yields a short message.
  if (value.length > max) return finding(field, 'certs.field.tooLong', { max, length: value.length });
  if (CONTROL.test(value)) return finding(field, 'certs.field.controlCharacter');
  if (INVISIBLE.test(value)) return finding(field, 'certs.field.formatCharacter');
  const special = DN_SPECIALS.exec(value);
  if (special) return finding(field, 'certs.field.specialCharacter', { character: special[0] });
  if (value.startsWith('#')) return finding(field, 'certs.field.leadingHash');
  return null;
}

function optionalText(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkSans(
  cn: string,
  sans: readonly string[],
  errors: FieldFinding[],
  warnings: FieldFinding[],
): string[] {
  const result = [cn];
  const seen = new Set([cn.toLowerCase()]);
  if (sans.length > MAX_SAN_ENTRIES) {
    errors.push(finding('sans', 'certs.field.sanTooMany', { max: MAX_SAN_ENTRIES, count: sans.length }));
    return result;
  }
  for (const raw of sans) {
    const name = raw.trim();
    if (name.length === 0) continue;
    if (INVISIBLE.test(name)) {
      errors.push(finding('sans', 'certs.field.formatCharacter'));
      continue;
    }
    if (name.length > 253 || CONTROL.test(name) || !isValidDnsName(name, { allowWildcard: true })) {
      const shown =
        name.length > 80 || CONTROL.test(name) ? `${name.slice(0, 40).replace(CONTROL, '?')}…` : name;
      errors.push(finding('sans', 'certs.field.sanInvalid', { name: shown }));
      continue;
    }
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    if (name.startsWith('*.')) warnings.push(finding('sans', 'certs.field.sanWildcard', { name }));
    result.push(name);
  }
  return result;
}

/** Validates every field and returns all findings at once (live validation in the UI). */
export function validateRequest(input: CertRequestInput): RequestValidation {
  const errors: FieldFinding[] = [];
  const warnings: FieldFinding[] = [];
  const cn = typeof input.cn === 'string' ? input.cn.trim() : '';
  const cnText = cn.length > SUBJECT_MAX_LENGTH.cn || CONTROL.test(cn) || INVISIBLE.test(cn) ? null : cn;
  const cnAnalysis = parseCmgName(cnText ?? '');
  if (cnText === null) errors.push(checkText('cn', cn) ?? finding('cn', 'certs.field.controlCharacter'));
  else {
    for (const problem of cnAnalysis.problems) errors.push({ field: 'cn', ...problem });
    for (const warning of cnAnalysis.warnings) warnings.push({ field: 'cn', ...warning });
  }
  if (input.previousCn !== undefined && cnText !== null && cn !== input.previousCn) {
    errors.push(finding('cn', 'certs.field.renewalCnChanged', { previous: input.previousCn, cn }));
  }

  const texts: Partial<Record<SubjectField, string>> = {};
  for (const field of ['org', 'ou', 'locality', 'state'] as const) {
    const value = optionalText(input[field]);
    if (value === undefined) continue;
    const problem = checkText(field, value);
    if (problem) errors.push(problem);
    else texts[field] = value;
  }

  const countryInput = optionalText(input.country);
  let country: string | undefined;
  if (countryInput !== undefined) {
    const upper = countryInput.toUpperCase();
    if (!/^[A-Z]{2}$/.test(upper)) {
      errors.push(finding('country', 'certs.field.countryFormat', { value: countryInput.slice(0, 10) }));
    } else if (!isCountryCode(upper)) {
      errors.push(finding('country', 'certs.field.countryUnknown', { value: upper }));
    } else country = upper;
  }

  const keySize = input.keySize ?? 2048;
  if (keySize !== 2048 && keySize !== 4096)
    errors.push(finding('keySize', 'certs.field.keySize', { bits: keySize }));
  const provider = input.provider ?? 'schannel';
  if (!Object.hasOwn(PROVIDER_NAMES, provider)) errors.push(finding('provider', 'certs.field.provider'));

  const sans = cnText === null ? [] : checkSans(cn, input.sans ?? [], errors, warnings);
  if (errors.length > 0) return { errors, warnings, cnAnalysis };
  return {
    errors,
    warnings,
    cnAnalysis,
    request: { cn, sans, ...texts, ...(country ? { country } : {}), keySize: keySize as KeySize, provider },
  };
}

/**
 * The subject as one string, CN first as Windows shows it. `windows` spells the state `S=`
 * (certreq's X.500 name syntax); `display` uses `ST=`. Values are already validated.
 */
export function subjectText(request: CertRequest, style: 'windows' | 'display' = 'display'): string {
  const parts: string[] = [`CN=${request.cn}`];
  if (request.ou) parts.push(`OU=${request.ou}`);
  if (request.org) parts.push(`O=${request.org}`);
  if (request.locality) parts.push(`L=${request.locality}`);
  if (request.state) parts.push(`${style === 'windows' ? 'S' : 'ST'}=${request.state}`);
  if (request.country) parts.push(`C=${request.country}`);
  return parts.join(', ');
}
