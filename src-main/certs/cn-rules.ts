// Rules for the CMG service name carried in the certificate's common name (certificates.md).
// Plain TypeScript (no `node:`), so the renderer's types and every service can share it.
import { type Locale, type MessageParams, translate } from '../shared';

/** A localizable finding: a message key of the certs catalogue and its parameters. */
export interface MessageRef {
  readonly key: string;
  readonly params: MessageParams;
}

/** Localized text of several findings, joined for one line ("a; b"). */
export function formatMessageRefs(refs: readonly MessageRef[], locale: Locale): string {
  return refs.map((item) => translate(locale, item.key, item.params)).join('; ');
}

/** 'legacy-cloudapp-net' is kept for the contract; such a name is now reported as 'invalid'. */
export type CmgNameKind = 'vmss' | 'custom' | 'legacy-cloudapp-net' | 'invalid';

export interface CmgNameAnalysis {
  readonly kind: CmgNameKind;
  /** The first DNS label, which ConfigMgr uses as the Azure name prefix; null when there is none. */
  readonly prefix: string | null;
  /** Azure region of a VMSS name (or the one given in the options for a custom name). */
  readonly region?: string;
  /** The name the CMG gets in Azure (`<prefix>.<region>.cloudapp.azure.com`). */
  readonly azureName?: string;
  /** The CNAME record a custom name needs in the organisation's public DNS. */
  readonly cname?: { readonly from: string; readonly to: string };
  /** Blocking problems; `kind` is 'invalid' exactly when this is not empty. */
  readonly problems: MessageRef[];
  /** Non-blocking findings (enterprise CA only, capitals, wildcard, unknown region). */
  readonly warnings: MessageRef[];
}

export interface ParseCmgNameOptions {
  /** Region the admin picked for the CMG; used to spell out the CNAME target of a custom name. */
  readonly region?: string;
}

export const VMSS_SUFFIX = 'cloudapp.azure.com';
export const LEGACY_SUFFIX = 'cloudapp.net';
export const PREFIX_MIN = 3;
export const PREFIX_MAX = 24;
const MAX_DNS_NAME = 253;
const MAX_LABEL = 63;
/** Shown in a CNAME target when the region is not chosen yet. */
export const REGION_PLACEHOLDER = '<region>';

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const PREFIX = /^[a-z0-9]+$/;

// Public Azure regions (az account list-locations, 2026). An unknown one is only a warning:
// Microsoft adds regions more often than this list is updated.
export const AZURE_REGIONS: ReadonlySet<string> = new Set([
  'australiacentral',
  'australiacentral2',
  'australiaeast',
  'australiasoutheast',
  'austriaeast',
  'belgiumcentral',
  'brazilsouth',
  'brazilsoutheast',
  'canadacentral',
  'canadaeast',
  'centralindia',
  'centralus',
  'chilecentral',
  'eastasia',
  'eastus',
  'eastus2',
  'francecentral',
  'francesouth',
  'germanynorth',
  'germanywestcentral',
  'indonesiacentral',
  'israelcentral',
  'italynorth',
  'japaneast',
  'japanwest',
  'jioindiacentral',
  'jioindiawest',
  'koreacentral',
  'koreasouth',
  'malaysiawest',
  'mexicocentral',
  'newzealandnorth',
  'northcentralus',
  'northeurope',
  'norwayeast',
  'norwaywest',
  'polandcentral',
  'qatarcentral',
  'southafricanorth',
  'southafricawest',
  'southcentralus',
  'southindia',
  'southeastasia',
  'spaincentral',
  'swedencentral',
  'swedensouth',
  'switzerlandnorth',
  'switzerlandwest',
  'uaecentral',
  'uaenorth',
  'uksouth',
  'ukwest',
  'westcentralus',
  'westeurope',
  'westindia',
  'westus',
  'westus2',
  'westus3',
]);

export interface DnsNameOptions {
  /** Accept `*` as the whole first label (SAN entries); never a partial wildcard like `cmg*`. */
  readonly allowWildcard?: boolean;
}

/**
 * A fully qualified host name as certificates carry it: at least two LDH labels of 1–63
 * characters, at most 253 in all, no trailing dot, and a top-level label that is not all digits
 * (so an IPv4 address is not taken for a name).
 */
export function isValidDnsName(name: string, options: DnsNameOptions = {}): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DNS_NAME) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  const rest = options.allowWildcard && labels[0] === '*' ? labels.slice(1) : labels;
  if (rest.length < 2 && rest !== labels) return false;
  if (!rest.every((label) => label.length <= MAX_LABEL && LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

const ref = (key: string, params: MessageParams = {}): MessageRef => ({ key, params });

/**
 * A valid CMG name close to `cn`: the first label lower-cased and stripped to letters and digits
 * (the Azure prefix rule), padded or cut to 3–24 characters, the rest kept. `null` when even that
 * is not a DNS name (then only a generic example helps).
 */
export function suggestCmgName(cn: string): string | null {
  const labels = cn.trim().replace(/^\*\./, 'cmg.').split('.');
  let prefix = (labels[0] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (prefix.length < PREFIX_MIN) prefix = `${prefix}cmg`.slice(0, PREFIX_MAX);
  prefix = prefix.slice(0, PREFIX_MAX);
  const suggestion = [prefix, ...labels.slice(1)].join('.');
  return isValidDnsName(suggestion) ? suggestion : null;
}

function prefixProblems(prefix: string, cn: string): MessageRef[] {
  const lower = prefix.toLowerCase();
  const problems: MessageRef[] = [];
  const suggestion = (): string => suggestCmgName(cn) ?? 'cmg.contoso.com';
  if (lower.length < PREFIX_MIN || lower.length > PREFIX_MAX) {
    problems.push(
      ref('certs.cn.prefixLength', { prefix, min: PREFIX_MIN, max: PREFIX_MAX, suggestion: suggestion() }),
    );
  }
  if (!PREFIX.test(lower))
    problems.push(ref('certs.cn.prefixCharacters', { prefix, suggestion: suggestion() }));
  return problems;
}

/**
 * Capitals are legal (Microsoft's own example is GraniteFalls.contoso.com) but worth explaining:
 * the first label becomes the Azure prefix, Azure DNS names are lowercase, and a renewal must
 * repeat the CN with exactly the same capitals.
 */
function caseWarnings(name: string, prefix: string): MessageRef[] {
  if (name === name.toLowerCase()) return [];
  return [ref('certs.cn.uppercase', { cn: name, prefix, lower: prefix.toLowerCase() })];
}

function invalid(
  prefix: string | null,
  problems: MessageRef[],
  warnings: MessageRef[] = [],
): CmgNameAnalysis {
  return { kind: 'invalid', prefix, problems, warnings };
}

/**
 * Tells which kind of CMG service name a CN is, what Azure name and CNAME it implies, and why it
 * cannot be used. The prefix rule (lowercase letters and digits) is applied to the lower-cased
 * label; capitals only give a warning.
 */
export function parseCmgName(cn: string, options: ParseCmgNameOptions = {}): CmgNameAnalysis {
  const name = typeof cn === 'string' ? cn : '';
  if (name.trim().length === 0) return invalid(null, [ref('certs.cn.empty')]);
  if (name.length > 64) return invalid(null, [ref('certs.cn.tooLong', { max: 64, length: name.length })]);
  const wildcard = name.startsWith('*.');
  if (!isValidDnsName(name, { allowWildcard: true })) {
    return invalid(null, [ref('certs.cn.notDnsName', { cn: name })]);
  }
  const lower = name.toLowerCase();
  const labels = name.split('.');
  const first = labels[0] ?? '';

  if (lower === VMSS_SUFFIX || lower === LEGACY_SUFFIX) {
    return invalid(null, [ref('certs.cn.azureDomainShape', { cn: name })]);
  }
  if (lower.endsWith(`.${LEGACY_SUFFIX}`)) {
    // Classic cloud services are retired: nothing can be deployed under this name any more.
    // One finding only; the prefix rules would add nothing the admin can act on.
    return invalid(wildcard ? null : first, [ref('certs.cn.legacyCloudappNet', { cn: name })]);
  }
  if (lower.endsWith(`.${VMSS_SUFFIX}`)) {
    if (labels.length !== 5) return invalid(null, [ref('certs.cn.azureDomainShape', { cn: name })]);
    if (wildcard) return invalid(null, [ref('certs.cn.wildcardAzure', { cn: name })]);
    const region = (labels[1] ?? '').toLowerCase();
    const problems = prefixProblems(first, name);
    if (problems.length > 0) return invalid(first, problems);
    const warnings = [ref('certs.cn.enterpriseCaOnly', { cn: name }), ...caseWarnings(name, first)];
    if (!AZURE_REGIONS.has(region)) warnings.push(ref('certs.cn.regionUnknown', { region }));
    return { kind: 'vmss', prefix: first, region, azureName: lower, problems: [], warnings };
  }

  if (wildcard) {
    // A wildcard certificate works only when the CMG service name is typed separately.
    return { kind: 'custom', prefix: null, problems: [], warnings: [ref('certs.cn.wildcard', { cn: name })] };
  }
  const problems = prefixProblems(first, name);
  if (problems.length > 0) return invalid(first, problems);
  const warnings: MessageRef[] = caseWarnings(name, first);
  const region = options.region;
  if (region !== undefined && !AZURE_REGIONS.has(region))
    warnings.push(ref('certs.cn.regionUnknown', { region }));
  const to = `${first.toLowerCase()}.${region ?? REGION_PLACEHOLDER}.${VMSS_SUFFIX}`;
  return {
    kind: 'custom',
    prefix: first,
    ...(region !== undefined ? { region, azureName: to } : {}),
    cname: { from: name, to },
    problems: [],
    warnings,
  };
}

export interface LifetimeStep {
  /** First day (UTC, ISO date) on which certificates issued by public CAs are capped at `maxDays`. */
  readonly from: string;
  readonly maxDays: number;
}

/** CA/Browser Forum ballot SC-081: public TLS certificate lifetimes shrink in steps. */
export const PUBLIC_CA_LIFETIME_SCHEDULE: readonly LifetimeStep[] = [
  { from: '2026-03-15', maxDays: 200 },
  { from: '2027-03-15', maxDays: 100 },
  { from: '2029-03-15', maxDays: 47 },
];
/** The cap in force before the schedule starts. */
export const LIFETIME_BEFORE_SCHEDULE_DAYS = 398;

/** Longest lifetime (days) a public CA may give a certificate issued on `date`. */
export function maxPublicLifetimeDays(date: Date): number {
  let max = LIFETIME_BEFORE_SCHEDULE_DAYS;
  for (const step of PUBLIC_CA_LIFETIME_SCHEDULE) {
    if (date.getTime() >= Date.parse(`${step.from}T00:00:00Z`)) max = step.maxDays;
  }
  return max;
}
