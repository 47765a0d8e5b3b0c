import type { Entity } from '..';

/** `microsoft.graph.windowsMobileMSI` as persisted; `appBody()` turns it into Graph's answer. */
export type MobileAppRow = Entity & Record<string, unknown>;

export const MSI_TYPE = '#microsoft.graph.windowsMobileMSI';

type FieldKind = 'string' | 'nullableString' | 'boolean' | 'stringArray' | 'object';

/** Writable properties on v1.0 (mobileApp + mobileLobApp + windowsMobileMSI), with their JSON kind. */
const V1_WRITABLE: Readonly<Record<string, FieldKind>> = {
  displayName: 'string',
  description: 'nullableString',
  publisher: 'string',
  largeIcon: 'object',
  isFeatured: 'boolean',
  privacyInformationUrl: 'nullableString',
  informationUrl: 'nullableString',
  owner: 'nullableString',
  developer: 'nullableString',
  notes: 'nullableString',
  fileName: 'string',
  commandLine: 'nullableString',
  productCode: 'nullableString',
  productVersion: 'nullableString',
  ignoreVersionDetection: 'boolean',
  committedContentVersion: 'nullableString',
};

/** Properties only the beta endpoint knows (Microsoft's PowerShell sample sends identityVersion). */
const BETA_ONLY_WRITABLE: Readonly<Record<string, FieldKind>> = {
  identityVersion: 'nullableString',
  useDeviceContext: 'boolean',
  roleScopeTagIds: 'stringArray',
};

/** Server-computed properties: ignored when sent, as Intune ignores them. */
const READ_ONLY = ['id', 'createdDateTime', 'lastModifiedDateTime', 'publishingState', 'size'];
const BETA_ONLY_READ = [
  'dependentAppCount',
  'supersedingAppCount',
  'supersededAppCount',
  'isAssigned',
  'uploadState',
];

export const REQUIRED_ON_CREATE = ['displayName', 'publisher', 'fileName'] as const;

export function writableFields(version: string): Readonly<Record<string, FieldKind>> {
  return version === 'beta' ? { ...V1_WRITABLE, ...BETA_ONLY_WRITABLE } : V1_WRITABLE;
}

export type BodyProblem = { readonly kind: 'unknown' | 'type'; readonly property: string };

/** Checks every property of a POST/PATCH body against the version's type; first problem wins. */
export function checkBody(body: Record<string, unknown>, version: string): BodyProblem | null {
  const fields = writableFields(version);
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.') || READ_ONLY.includes(key)) continue;
    const kind = fields[key];
    if (!kind) return { kind: 'unknown', property: key };
    if (!matchesKind(value, kind)) return { kind: 'type', property: key };
  }
  return null;
}

function matchesKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'nullableString':
      return value === null || typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'stringArray':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return value === null || (typeof value === 'object' && !Array.isArray(value));
  }
}

/** Only the writable properties of a body (read-only and annotations dropped). */
export function writableOf(body: Record<string, unknown>, version: string): Record<string, unknown> {
  const fields = writableFields(version);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (fields[key]) out[key] = value;
  return out;
}

export function newMobileApp(id: string, now: string, body: Record<string, unknown>): MobileAppRow {
  return {
    '@odata.type': MSI_TYPE,
    id,
    displayName: '',
    description: null,
    publisher: '',
    largeIcon: null,
    createdDateTime: now,
    lastModifiedDateTime: now,
    isFeatured: false,
    privacyInformationUrl: null,
    informationUrl: null,
    owner: null,
    developer: null,
    notes: null,
    publishingState: 'notPublished',
    committedContentVersion: null,
    fileName: '',
    size: 0,
    commandLine: null,
    productCode: null,
    productVersion: null,
    ignoreVersionDetection: false,
    identityVersion: null,
    useDeviceContext: false,
    roleScopeTagIds: ['0'],
    dependentAppCount: 0,
    supersedingAppCount: 0,
    supersededAppCount: 0,
    isAssigned: false,
    ...body,
  };
}

/** The app as the request's API version shows it (beta-only properties hidden on v1.0). */
export function appView(row: MobileAppRow, version: string): Record<string, unknown> {
  if (version === 'beta') return { ...row, uploadState: row['committedContentVersion'] ? 1 : 0 };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key in BETA_ONLY_WRITABLE || BETA_ONLY_READ.includes(key)) continue;
    out[key] = value;
  }
  return out;
}
