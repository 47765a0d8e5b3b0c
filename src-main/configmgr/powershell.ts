import { AppError } from '../shared';

// PowerShell's language specification (§2.3.5.2) treats five characters as single quotes:
// ' U+2018 U+2019 U+201A U+201B. Inside a single-quoted literal any of them followed by another
// one is an escaped quote, so each one is doubled; nothing else is special in such a literal.
export const PS_SINGLE_QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'] as const;
const SINGLE_QUOTE_RE = /['\u2018\u2019\u201A\u201B]/g;

// Refused in any value: control characters (NUL, CR, LF…), line and paragraph separators, and
// format characters (bidi overrides, zero-width joiners) that make a script read differently on
// screen than it runs. Lone surrogates are refused too: they are not text.
const FORBIDDEN_RE = /[\p{Cc}\p{Cf}\u2028\u2029]|\p{Cs}/u;

/** Refused values carry the field name, so the message says which input to fix. */
function invalid(key: string, field: string): AppError {
  return new AppError('invalid-input', `configmgr.value.${key}`, { field });
}

/** A PowerShell single-quoted literal of `value`; control and format characters are refused. */
export function psSingleQuoted(value: string, field = 'value'): string {
  if (FORBIDDEN_RE.test(value)) throw invalid('controlChars', field);
  return `'${value.replace(SINGLE_QUOTE_RE, (quote) => quote + quote)}'`;
}

// Site codes are three letters or digits; ConfigMgr reserves these names for the system.
const RESERVED_SITE_CODES = new Set(['AUX', 'CON', 'NUL', 'PRN', 'SMS']);

export function validateSiteCode(value: string, field = 'site-code'): string {
  if (!/^[A-Z0-9]{3}$/.test(value)) throw invalid('siteCode', field);
  if (RESERVED_SITE_CODES.has(value)) throw invalid('siteCodeReserved', field);
  return value;
}

const LABEL_RE = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function isFqdn(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  return (
    labels.length >= 2 && labels.every((label) => LABEL_RE.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '')
  );
}

export function validateFqdn(value: string, field = 'fqdn'): string {
  if (!isFqdn(value)) throw invalid('fqdn', field);
  return value;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_RE.test(value);
}

export function validateGuid(value: string, field = 'guid'): string {
  if (!isGuid(value)) throw invalid('guid', field);
  return value;
}

// ConfigMgr stores a collection name in 255 characters. We refuse more than the console does:
// every quote (single and double, typographic too), the characters Windows refuses in names
// (\ / : * ? < > |), control and format characters, and leading or trailing spaces.
const COLLECTION_REFUSED_RE = /['"\u2018-\u201F\\/:*?<>|]/;

export function validateCollectionName(value: string, field = 'collection'): string {
  if (value.length === 0 || value.length > 255 || value.trim() !== value)
    throw invalid('collectionName', field);
  if (FORBIDDEN_RE.test(value) || COLLECTION_REFUSED_RE.test(value)) {
    throw invalid('collectionName', field);
  }
  return value;
}

/** An https URL whose host is an FQDN, without credentials, spaces or quotes. */
export function isHttpsUrl(value: string): boolean {
  if (/[\s"'\u2018-\u201F]/.test(value) || FORBIDDEN_RE.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && isFqdn(url.hostname);
}

export function validateHttpsUrl(value: string, field = 'url'): string {
  if (!isHttpsUrl(value)) throw invalid('httpsUrl', field);
  return value;
}
