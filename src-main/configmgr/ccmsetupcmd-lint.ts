import {
  CCMHOSTNAME_RE,
  isResourceUri,
  KNOWN_PROPERTIES,
  MAX_CCMSETUPCMD_VALUE,
  PACKAGE_ID_RE,
  type ParsedItem,
  render,
  TYPOGRAPHIC_DOUBLE_QUOTES,
  valueOf,
} from './ccmsetupcmd-line';
import { isFqdn, isGuid, isHttpsUrl } from './powershell';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  /** Stable rule id, e.g. `ccmhostname-https`. */
  readonly id: string;
  readonly severity: LintSeverity;
  /** Message and fix keys in the configmgr catalogue: `configmgr.ccmsetup.rule.<id>.{message,fix}`. */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface LintResult {
  readonly findings: readonly LintFinding[];
  /** The line with every fixable problem fixed, or null when a required value is missing or wrong. */
  readonly corrected: string | null;
}

/** Splits a command line into arguments the way Windows does for quotes: a quote toggles quoting. */
function splitArguments(line: string): { text: string; quotes: number }[] {
  const args: { text: string; quotes: number }[] = [];
  let current = '';
  let quotes = 0;
  let quoted = false;
  let started = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      quotes += 1;
      current += char;
      started = true;
    } else if (/\s/.test(char) && !quoted) {
      if (started) args.push({ text: current, quotes });
      current = '';
      quotes = 0;
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) args.push({ text: current, quotes });
  return args;
}

function parseItem(text: string): ParsedItem {
  const switchMatch = /^\/([A-Za-z]+)(?::(.*))?$/s.exec(text);
  if (switchMatch) {
    return { kind: 'switch', name: (switchMatch[1] as string).toUpperCase(), value: switchMatch[2] ?? '' };
  }
  const propertyMatch = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  if (propertyMatch) {
    return {
      kind: 'property',
      name: (propertyMatch[1] as string).toUpperCase(),
      value: propertyMatch[2] as string,
    };
  }
  return { kind: 'other', name: text, value: text };
}

class Findings {
  readonly list: LintFinding[] = [];
  /** False once a problem needs a value only the admin has (the corrected line is then withheld). */
  fixable = true;

  add(id: string, severity: LintSeverity, params: Record<string, string | number> = {}): void {
    this.list.push({ id, severity, params });
  }

  unfixable(id: string, params: Record<string, string | number> = {}): void {
    this.add(id, 'error', params);
    this.fixable = false;
  }
}

/** Reads the pasted line into CCMSETUPCMD's items, reporting problems of its outer shape. */
function readShape(pasted: string, findings: Findings): ParsedItem[] {
  // Lines copied from a document often carry typographic quotes, which msiexec does not know.
  const line = pasted.replace(TYPOGRAPHIC_DOUBLE_QUOTES, '"');
  if (line !== pasted) findings.add('typographic-quotes', 'error');
  const args = splitArguments(line.trim());
  const wrapperIndex = args.findIndex((arg) => /^CCMSETUPCMD=/i.test(arg.text));
  const items: ParsedItem[] = [];
  const outside = (arg: { text: string }, position: 'before' | 'after'): void => {
    const item = parseItem(arg.text.replace(/"/g, ''));
    if (item.kind === 'property' && KNOWN_PROPERTIES.has(item.name)) {
      findings.add(item.name === 'SMSSITECODE' ? 'sitecode-outside' : 'property-outside', 'error', {
        name: item.name,
      });
      items.push(item);
    } else if (position === 'before' || /^msiexec/i.test(arg.text)) {
      // msiexec, /i, ccmsetup.msi, /qn…: the command around the argument, not part of it.
    } else findings.add('outside-token', 'error', { token: arg.text });
  };
  if (wrapperIndex === -1) {
    // Bare properties: the admin copied the inside of the value, or never had the wrapper.
    const firstProperty = args.findIndex((arg) => /^[A-Za-z][A-Za-z0-9_]*=/.test(arg.text));
    if (firstProperty === -1) {
      findings.unfixable('not-a-line');
      return [];
    }
    findings.add('missing-wrapper', 'error');
    if (firstProperty > 0) findings.add('msiexec-pasted', 'error');
    if (args.some((arg) => arg.quotes > 0)) findings.add('nested-quotes', 'error');
    return args.slice(firstProperty).map((arg) => parseItem(arg.text.replace(/"/g, '')));
  }
  if (wrapperIndex > 0) findings.add('msiexec-pasted', 'error');
  const wrapper = args[wrapperIndex] as { text: string; quotes: number };
  const raw = wrapper.text.slice('CCMSETUPCMD='.length);
  const wellQuoted = wrapper.quotes === 2 && raw.startsWith('"') && raw.endsWith('"');
  if (!wellQuoted) findings.add(wrapper.quotes === 0 ? 'missing-quotes' : 'nested-quotes', 'error');
  const inner = wellQuoted ? raw.slice(1, -1) : raw.replace(/"/g, '');
  if (inner.length > MAX_CCMSETUPCMD_VALUE) {
    findings.add('too-long', 'error', { length: inner.length, max: MAX_CCMSETUPCMD_VALUE });
  }
  for (const arg of args.slice(0, wrapperIndex)) outside(arg, 'before');
  items.unshift(...splitArguments(inner).map((arg) => parseItem(arg.text)));
  for (const arg of args.slice(wrapperIndex + 1)) outside(arg, 'after');
  return items;
}

/** The parsed items being fixed: properties are unique by name once built. */
class Items {
  readonly list: ParsedItem[] = [];

  /** Keeps the first of each property; later duplicates are reported and dropped. */
  constructor(items: readonly ParsedItem[], findings: Findings) {
    const seen = new Set<string>();
    for (const item of items) {
      if (item.kind === 'property' && seen.has(item.name)) {
        findings.add('duplicate', 'error', { name: item.name });
        continue;
      }
      if (item.kind === 'property') seen.add(item.name);
      this.list.push(item);
    }
  }

  get(name: string): ParsedItem | undefined {
    return this.list.find((item) => item.kind === 'property' && item.name === name);
  }

  set(name: string, value: string): void {
    const index = this.list.findIndex((item) => item.kind === 'property' && item.name === name);
    this.list[index] = { kind: 'property', name, value };
  }

  remove(item: ParsedItem | undefined): void {
    const index = item ? this.list.indexOf(item) : -1;
    if (index !== -1) this.list.splice(index, 1);
  }
}

/** CCMHOSTNAME: present, without scheme, `<FQDN>/CCM_Proxy_MutualAuth/<number>`; returns the fixed value. */
function checkHost(items: Items, findings: Findings): string | null {
  const host = items.get('CCMHOSTNAME');
  if (!host) {
    findings.unfixable('ccmhostname-missing');
    return null;
  }
  let value = host.value;
  if (/^https?:\/\//i.test(value)) {
    findings.add('ccmhostname-https', 'error', { value });
    value = value.replace(/^https?:\/\//i, '');
  }
  value = value.replace(/\/+$/, '');
  const match = CCMHOSTNAME_RE.exec(value);
  let fixed: string | null = null;
  if (!match || !isFqdn(match[1] as string)) findings.unfixable('ccmhostname-path', { value });
  else {
    // The path is matched in any case and written as the wizard shows it.
    value = `${match[1] as string}/CCM_Proxy_MutualAuth/${match[2] as string}`;
    fixed = value;
  }
  items.set('CCMHOSTNAME', value);
  return fixed;
}

function checkSiteCode(items: Items, findings: Findings): void {
  const site = items.get('SMSSITECODE');
  if (!site) findings.unfixable('sitecode-missing');
  else if (!/^[A-Z0-9]{3}$/.test(site.value)) {
    if (/^[A-Za-z0-9]{3}$/.test(site.value)) {
      findings.add('sitecode-case', 'error', { value: site.value });
      items.set('SMSSITECODE', site.value.toUpperCase());
    } else findings.unfixable('sitecode-format', { value: site.value });
  }
}

function checkManagementPoint(items: Items, findings: Findings): void {
  const mp = items.get('SMSMP');
  if (!mp || isHttpsUrl(mp.value)) return;
  const withScheme = `https://${mp.value.replace(/^[a-z]+:\/\//i, '')}`;
  if (isHttpsUrl(withScheme)) {
    findings.add('smsmp-https', 'error', { value: mp.value });
    items.set('SMSMP', withScheme);
  } else findings.unfixable('smsmp-url', { value: mp.value });
}

/** AADCLIENTAPPID/AADRESOURCEURI (both or neither), AADTENANTID, PROVISIONTS. */
function checkIdentityAndExtras(items: Items, findings: Findings): void {
  const clientApp = items.get('AADCLIENTAPPID');
  const resource = items.get('AADRESOURCEURI');
  if ((clientApp === undefined) !== (resource === undefined)) {
    findings.add('aad-pair', 'error', { present: clientApp ? 'AADCLIENTAPPID' : 'AADRESOURCEURI' });
    items.remove(clientApp ?? resource);
  } else if (clientApp && resource) {
    findings.add('aad-pki-only', 'info');
    if (!isGuid(clientApp.value))
      findings.unfixable('guid', { name: 'AADCLIENTAPPID', value: clientApp.value });
    if (!isResourceUri(resource.value)) findings.unfixable('resource-uri', { value: resource.value });
  }
  const tenant = items.get('AADTENANTID');
  if (tenant) {
    findings.add('aadtenantid-not-needed', 'info');
    if (!isGuid(tenant.value)) findings.unfixable('guid', { name: 'AADTENANTID', value: tenant.value });
  }
  const provision = items.get('PROVISIONTS');
  if (provision && !PACKAGE_ID_RE.test(provision.value.toUpperCase())) {
    findings.unfixable('provisionts-format', { value: provision.value });
  }
}

/** A /mp: beside CCMHOSTNAME: a warning when it is an https URL, else an error fixed to the CMG URL. */
function checkMpSwitch(items: Items, findings: Findings, hostValue: string | null): void {
  const mpSwitch = items.list.find((item) => item.kind === 'switch' && item.name === 'MP');
  if (!mpSwitch || !items.get('CCMHOSTNAME')) return;
  if (isHttpsUrl(mpSwitch.value)) {
    findings.add('mp-switch', 'warning', { value: mpSwitch.value });
    return;
  }
  findings.add('mp-switch-not-https', 'error', { value: mpSwitch.value });
  const index = items.list.indexOf(mpSwitch);
  if (hostValue) items.list[index] = { kind: 'switch', name: 'MP', value: `https://${hostValue}` };
  else items.list.splice(index, 1);
}

/** Checks the items' values; returns the items with every fixable problem fixed. */
function checkItems(parsed: readonly ParsedItem[], findings: Findings): ParsedItem[] {
  const items = new Items(parsed, findings);
  const hostValue = checkHost(items, findings);
  checkSiteCode(items, findings);
  checkManagementPoint(items, findings);
  checkIdentityAndExtras(items, findings);
  checkMpSwitch(items, findings, hostValue);
  for (const item of items.list) {
    if (item.kind === 'other') findings.add('unknown-item', 'warning', { token: item.value });
  }
  return items.list;
}

/** Explains every problem of a pasted CCMSETUPCMD line; the corrected line is the builder's form. */
export function lintCcmsetupCmd(line: string): LintResult {
  const findings = new Findings();
  const items = checkItems(readShape(line, findings), findings);
  let corrected: string | null = null;
  if (findings.fixable) {
    corrected = render(items);
    if (valueOf(corrected).length > MAX_CCMSETUPCMD_VALUE) corrected = null;
  }
  const order: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };
  const sorted = findings.list
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => order[a.finding.severity] - order[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
  return { findings: sorted, corrected };
}
