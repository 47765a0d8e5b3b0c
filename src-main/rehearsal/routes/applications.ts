import { randomBytes } from 'node:crypto';

import type { EmulatorContext } from '../context';
import { PERMISSIONS } from '../permissions';
import type { Router } from '../router';
import { COLLECTIONS } from '../seed';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import {
  entityBody,
  graphDate,
  isGuid,
  listResponse,
  objectBody,
  type Row,
  unknownProperty,
} from './graph-common';

/** Writable properties of `microsoft.graph.application` the emulator accepts (others → 400). */
const APPLICATION_WRITABLE = [
  'displayName',
  'description',
  'identifierUris',
  'signInAudience',
  'tags',
  'web',
  'spa',
  'publicClient',
  'isFallbackPublicClient',
  'api',
  'requiredResourceAccess',
  'appRoles',
  'optionalClaims',
  'notes',
  'info',
  'groupMembershipClaims',
  'serviceManagementReference',
  'isDeviceOnlyAuthSupported',
];
const APPLICATION_FILTERABLE = [
  'id',
  'appId',
  'displayName',
  'identifierUris',
  'tags',
  'signInAudience',
  'publisherDomain',
  'createdDateTime',
];
/** Complex-typed properties a PATCH merges into instead of replacing (OData complex-type semantics). */
const COMPLEX = ['web', 'spa', 'publicClient', 'api', 'info'];
export const REHEARSAL_SECRET_PREFIX = 'REHEARSAL-SECRET-';

export function registerApplicationRoutes(router: Router, ctx: EmulatorContext): void {
  const applications = ctx.store.collection<Row>(COLLECTIONS.applications);
  const servicePrincipals = ctx.store.collection<Row>(COLLECTIONS.servicePrincipals);
  const idOf = (request: EmulatorRequest): string => (request.params['id'] ?? '').toLowerCase();

  router.graph('GET', '/applications', PERMISSIONS.applicationsRead, (request) =>
    listResponse(ctx, request, applications.list(), APPLICATION_FILTERABLE, 'applications'),
  );
  router.graph('GET', '/applications/:id', PERMISSIONS.applicationsRead, (request) => {
    const app = applications.get(idOf(request));
    return app
      ? { status: 200, body: entityBody(ctx, request, 'applications/$entity', app) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });
  router.graph('POST', '/applications', PERMISSIONS.applicationsWrite, (request) => {
    const body = objectBody(request);
    if (!body) return ctx.errors.badRequest(request, 'The request body must be a JSON object.');
    const problem = validateApplication(ctx, request, body, null);
    if (problem) return problem;
    if (typeof body['displayName'] !== 'string' || body['displayName'].trim() === '') {
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'displayName' of resource 'Application'.",
      );
    }
    const app = applications.insert(newApplication(ctx, body), { hiddenForMs: request.replicationDelayMs });
    return {
      status: 201,
      headers: {
        Location: `${request.baseUrl}/graph/${request.params['version'] ?? 'v1.0'}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`,
      },
      body: entityBody(ctx, request, 'applications/$entity', app),
    };
  });
  router.graph('PATCH', '/applications/:id', PERMISSIONS.applicationsWrite, (request) => {
    const app = applications.get(idOf(request));
    if (!app) return ctx.errors.notFound(request, request.params['id'] ?? '');
    const body = objectBody(request);
    if (!body) return ctx.errors.badRequest(request, 'The request body must be a JSON object.');
    const problem = validateApplication(ctx, request, body, app);
    if (problem) return problem;
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('@odata.')) continue;
      const name =
        APPLICATION_WRITABLE.find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ?? key;
      const current = app[name];
      patch[name] =
        COMPLEX.includes(name) && isObject(current) && isObject(value) ? mergeComplex(current, value) : value;
    }
    applications.update(app.id, patch);
    return { status: 204 };
  });
  router.graph('DELETE', '/applications/:id', PERMISSIONS.applicationsWrite, (request) => {
    const app = applications.get(idOf(request));
    if (!app) return ctx.errors.notFound(request, request.params['id'] ?? '');
    applications.remove(app.id);
    const servicePrincipal = servicePrincipals.find((sp) => sp['appId'] === app['appId'], {
      includeHidden: true,
    });
    if (servicePrincipal) servicePrincipals.remove(servicePrincipal.id);
    return { status: 204 };
  });
  router.graph('POST', '/applications/:id/addPassword', PERMISSIONS.applicationsWrite, (request) =>
    addPassword(ctx, request, applications.get(idOf(request))),
  );
  router.graph('POST', '/applications/:id/removePassword', PERMISSIONS.applicationsWrite, (request) => {
    const app = applications.get(idOf(request));
    if (!app) return ctx.errors.notFound(request, request.params['id'] ?? '');
    const keyId = objectBody(request)?.['keyId'];
    const credentials = (app['passwordCredentials'] as Row[] | undefined) ?? [];
    const remaining = credentials.filter((credential) => credential['keyId'] !== String(keyId).toLowerCase());
    if (!isGuid(keyId) || remaining.length === credentials.length) {
      return ctx.errors.badRequest(request, `No password credential found with keyId '${String(keyId)}'.`);
    }
    applications.update(app.id, { passwordCredentials: remaining });
    return { status: 204 };
  });
}

function newApplication(ctx: EmulatorContext, body: Record<string, unknown>): Row {
  const base: Row = {
    id: ctx.newId(),
    appId: ctx.newId(),
    deletedDateTime: null,
    createdDateTime: graphDate(ctx.now()),
    displayName: '',
    description: null,
    identifierUris: [],
    signInAudience: 'AzureADMyOrg',
    publisherDomain: 'contoso.onmicrosoft.com',
    tags: [],
    notes: null,
    groupMembershipClaims: null,
    isFallbackPublicClient: null,
    isDeviceOnlyAuthSupported: null,
    serviceManagementReference: null,
    optionalClaims: null,
    appRoles: [],
    requiredResourceAccess: [],
    keyCredentials: [],
    passwordCredentials: [],
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      redirectUriSettings: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
  };
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const name =
      APPLICATION_WRITABLE.find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ?? key;
    const current = base[name];
    base[name] =
      COMPLEX.includes(name) && isObject(current) && isObject(value) ? mergeComplex(current, value) : value;
  }
  return base;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeComplex(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isObject(out[key]) && isObject(value) ? { ...(out[key] as object), ...value } : value;
  }
  return out;
}

function validateApplication(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  body: Record<string, unknown>,
  existing: Row | null,
): EmulatorResponse | null {
  const unknown = unknownProperty(body, APPLICATION_WRITABLE);
  if (unknown) {
    return ctx.errors.graph(
      request,
      400,
      'Request_BadRequest',
      `Property '${unknown}' does not exist on type 'microsoft.graph.application'.`,
    );
  }
  for (const key of ['tags', 'identifierUris', 'appRoles', 'requiredResourceAccess']) {
    if (key in body && !Array.isArray(body[key])) {
      return ctx.errors.badRequest(
        request,
        `Invalid value specified for property '${key}' of resource 'Application'.`,
      );
    }
  }
  if (
    'displayName' in body &&
    (typeof body['displayName'] !== 'string' || body['displayName'].length > 256)
  ) {
    return ctx.errors.badRequest(
      request,
      "Invalid value specified for property 'displayName' of resource 'Application'.",
    );
  }
  const uris = body['identifierUris'];
  if (Array.isArray(uris)) {
    const problem = checkIdentifierUris(ctx, request, uris, existing);
    if (problem) return problem;
  }
  const api = body['api'];
  if (isObject(api) && 'oauth2PermissionScopes' in api) {
    const scopes = api['oauth2PermissionScopes'];
    if (
      !Array.isArray(scopes) ||
      scopes.some((scope) => !isObject(scope) || !isGuid(scope['id']) || typeof scope['value'] !== 'string')
    ) {
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'api.oauth2PermissionScopes' of resource 'Application'.",
      );
    }
    const previous =
      (isObject(existing?.['api']) ? ((existing['api'] as Row)['oauth2PermissionScopes'] as Row[]) : []) ??
      [];
    for (const old of previous) {
      if (
        old['isEnabled'] !== false &&
        !scopes.some((scope) => isObject(scope) && scope['id'] === old['id'])
      ) {
        return ctx.errors.graph(
          request,
          400,
          'CannotDeleteOrUpdateEnabledEntitlement',
          `Property api.oauth2PermissionScopes is invalid. The permission with id ${String(old['id'])} cannot be deleted or updated unless it is disabled first.`,
        );
      }
    }
  }
  const access = body['requiredResourceAccess'];
  if (Array.isArray(access)) {
    const valid = access.every(
      (entry) =>
        isObject(entry) &&
        isGuid(entry['resourceAppId']) &&
        Array.isArray(entry['resourceAccess']) &&
        (entry['resourceAccess'] as unknown[]).every(
          (item) =>
            isObject(item) && isGuid(item['id']) && (item['type'] === 'Scope' || item['type'] === 'Role'),
        ),
    );
    if (!valid)
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'requiredResourceAccess' of resource 'Application'.",
      );
  }
  return null;
}

/**
 * Entra's identifierUris rules: `https://` hosts must be a verified domain (or a subdomain of one),
 * `api://<tenantId>/<name>` and `api://<the app's appId>` are accepted, every URI is unique in the tenant.
 */
function checkIdentifierUris(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  uris: readonly unknown[],
  existing: Row | null,
): EmulatorResponse | null {
  const domains = (
    (ctx.store.collection<Row>(COLLECTIONS.organization).list()[0]?.['verifiedDomains'] as
      Row[] | undefined) ?? []
  ).map((domain) => String(domain['name']).toLowerCase());
  for (const uri of uris) {
    if (typeof uri !== 'string' || uri.length === 0 || uri.length > 1024 || hasSpaceOrControl(uri)) {
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'identifierUris' of resource 'Application'.",
      );
    }
    const lower = uri.toLowerCase();
    if (lower.startsWith('api://')) {
      const rest = lower.slice('api://'.length);
      const [first, ...more] = rest.split('/');
      const ownAppId = typeof existing?.['appId'] === 'string' ? existing['appId'].toLowerCase() : null;
      const tenantForm = first === ctx.tenantId && more.length > 0 && more.join('/').length > 0;
      const appIdForm = first !== undefined && first === ownAppId;
      if (!tenantForm && !appIdForm) {
        return ctx.errors.graph(
          request,
          400,
          'Request_BadRequest',
          `Values of identifierUris property must use a verified domain of the organization or its subdomain, api://{appId} or api://{tenantId}/{name}: '${uri}'`,
        );
      }
    } else {
      let host: string;
      try {
        const parsed = new URL(uri);
        if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
        host = parsed.hostname.toLowerCase();
      } catch {
        return ctx.errors.badRequest(
          request,
          "Invalid value specified for property 'identifierUris' of resource 'Application'.",
        );
      }
      if (!domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) {
        return ctx.errors.graph(
          request,
          400,
          'HostNameNotOnVerifiedDomain',
          `Values of identifierUris property must use a verified domain of the organization or its subdomain: '${uri}'`,
        );
      }
    }
    const clash = ctx.store
      .collection<Row>(COLLECTIONS.applications)
      .find(
        (app) =>
          app.id !== existing?.id &&
          Array.isArray(app['identifierUris']) &&
          (app['identifierUris'] as string[]).some((other) => other.toLowerCase() === lower),
        { includeHidden: true },
      );
    if (clash)
      return ctx.errors.badRequest(
        request,
        'Another object with the same value for property identifierUris already exists.',
      );
  }
  return null;
}

function addPassword(ctx: EmulatorContext, request: EmulatorRequest, app: Row | undefined): EmulatorResponse {
  if (!app) return ctx.errors.notFound(request, request.params['id'] ?? '');
  const body = objectBody(request) ?? {};
  const given = body['passwordCredential'];
  if (given !== undefined && given !== null && !isObject(given)) {
    return ctx.errors.badRequest(request, "Invalid value specified for property 'passwordCredential'.");
  }
  const input = (given ?? {}) as Record<string, unknown>;
  const start = parseDate(input['startDateTime']) ?? ctx.now();
  const end = parseDate(input['endDateTime']) ?? new Date(start.getTime() + 2 * 365 * 24 * 3600 * 1000);
  if (('endDateTime' in input && !parseDate(input['endDateTime'])) || end.getTime() <= start.getTime()) {
    return ctx.errors.badRequest(request, 'Key credential end date is invalid.');
  }
  const displayName = typeof input['displayName'] === 'string' ? input['displayName'] : null;
  // The secret is returned once and never stored; only its first three characters (the hint) are.
  const secretText = `${REHEARSAL_SECRET_PREFIX}${randomBytes(18).toString('base64url')}`;
  const credential = {
    customKeyIdentifier: null,
    displayName,
    endDateTime: end.toISOString(),
    hint: secretText.slice(0, 3),
    keyId: ctx.newId(),
    secretText: null,
    startDateTime: start.toISOString(),
  };
  const credentials = (app['passwordCredentials'] as Row[] | undefined) ?? [];
  ctx.store
    .collection<Row>(COLLECTIONS.applications)
    .update(app.id, { passwordCredentials: [...credentials, credential] });
  return {
    status: 200,
    body: {
      '@odata.context': ctx.odata.context(request, 'microsoft.graph.passwordCredential'),
      ...credential,
      secretText,
    },
  };
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function hasSpaceOrControl(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || /\s/.test(char));
}
