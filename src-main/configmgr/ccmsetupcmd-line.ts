// The CCMSETUPCMD property of ccmsetup.msi carries, inside one pair of double quotes, what
// ccmsetup.exe gets after the MSI ran: ccmsetup switches (/mp:, /NoCRLCheck, /UpgradeToLatest)
// and client.msi properties (CCMHOSTNAME=, SMSSITECODE=, SMSMP=, AAD…=, PROVISIONTS=).
// The builder writes switches first, then the properties in a fixed order; the linter parses
// any pasted line into the same parts, so its corrected line is the builder's rendering.

/** Longest value ccmsetup.msi passes on (the part between the quotes). */
export const MAX_CCMSETUPCMD_VALUE = 1024;

export const CCMHOSTNAME_RE = /^([^/\s]+)\/CCM_Proxy_MutualAuth\/(\d{1,20})$/i;
// A task sequence ID is a package ID: three characters of site code, five hexadecimal digits.
export const PACKAGE_ID_RE = /^[A-Z0-9]{3}[0-9A-F]{5}$/;

/** The parts of a CCMSETUPCMD value, in the order they were found. */
export interface ParsedItem {
  readonly kind: 'switch' | 'property' | 'other';
  /** Switch name without its slash and argument, or property name, upper case; the raw text for `other`. */
  readonly name: string;
  readonly value: string;
}

const PROPERTY_ORDER = [
  'CCMHOSTNAME',
  'SMSSITECODE',
  'SMSMP',
  'AADTENANTID',
  'AADCLIENTAPPID',
  'AADRESOURCEURI',
  'PROVISIONTS',
];
/** client.msi properties we recognise outside the quotes as misplaced (the tutorial's mistake). */
export const KNOWN_PROPERTIES = new Set([
  ...PROPERTY_ORDER,
  'SMSCACHESIZE',
  'CCMLOGLEVEL',
  'CCMDEBUGLOGGING',
]);
export const TYPOGRAPHIC_DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const SWITCH_SPELLING: Readonly<Record<string, string>> = {
  MP: 'mp',
  NOCRLCHECK: 'NoCRLCheck',
  UPGRADETOLATEST: 'UpgradeToLatest',
};

/** An App ID URI: an absolute URI without spaces or quotes (api://…, https://…). */
export function isResourceUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s"']+$/i.test(value);
}

function renderItem(item: ParsedItem): string {
  if (item.kind === 'other') return item.value;
  if (item.kind === 'property') return `${item.name}=${item.value}`;
  const spelling = SWITCH_SPELLING[item.name] ?? item.name;
  return item.value === '' ? `/${spelling}` : `/${spelling}:${item.value}`;
}

/** Switches first (in their order), then the known properties in a fixed order, then the rest. */
export function render(items: readonly ParsedItem[]): string {
  const rank = (item: ParsedItem): number => {
    if (item.kind === 'switch') return -1;
    const index = PROPERTY_ORDER.indexOf(item.name);
    return index === -1 ? PROPERTY_ORDER.length : index;
  };
  const ordered = items.map((item, index) => ({ item, index }));
  ordered.sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index);
  return `CCMSETUPCMD="${ordered.map(({ item }) => renderItem(item)).join(' ')}"`;
}

export function valueOf(line: string): string {
  return line.slice('CCMSETUPCMD="'.length, -1);
}
