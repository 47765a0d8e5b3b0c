import { randomBytes } from 'node:crypto';

import type { EmulatorContext } from '../context';
import { PERMISSIONS } from '../permissions';
import type { Router } from '../router';
import { COLLECTIONS, GLOBAL_ADMIN_TEMPLATE_ID, PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID } from '../seed';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import { entityBody, graphDate, isGuid, listResponse, type Row, writableBody } from './graph-common';

const SP_WRITABLE = [
  'appId',
  'accountEnabled',
  'appRoleAssignmentRequired',
  'tags',
  'notes',
  'description',
  'homepage',
  'loginUrl',
  'notificationEmailAddresses',
  'preferredSingleSignOnMode',
];
const SP_FILTERABLE = [
  'id',
  'appId',
  'displayName',
  'servicePrincipalNames',
  'tags',
  'servicePrincipalType',
  'accountEnabled',
];
const GRANT_WRITABLE = [
  'clientId',
  'consentType',
  'principalId',
  'resourceId',
  'scope',
  'startTime',
  'expiryTime',
];
const GRANT_FILTERABLE = ['id', 'clientId', 'consentType', 'principalId', 'resourceId'];
const ASSIGNMENT_WRITABLE = ['principalId', 'resourceId', 'appRoleId'];
/** Entra's "default access" role id, accepted for resources that define no app roles. */
const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** Directory-wide consent to Microsoft's own APIs (Graph) needs Global Administrator (or Privileged Role Admin). */
function mayConsentTo(ctx: EmulatorContext, request: EmulatorRequest, resource: Row): boolean {
  if (resource['appOwnerOrganizationId'] === ctx.tenantId) return true;
  // Granting another organisation's app roles (Microsoft Graph's) takes one of these roles.
  return ctx.holdsDirectoryRole(request, [GLOBAL_ADMIN_TEMPLATE_ID, PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID]);
}

/** Graph uses opaque 43-character ids for grants and app role assignments, not GUIDs. */
function opaqueId(): string {
  return randomBytes(32).toString('base64url');
}

export function registerServicePrincipalRoutes(router: Router, ctx: EmulatorContext): void {
  const applications = ctx.store.collection<Row>(COLLECTIONS.applications);
  const servicePrincipals = ctx.store.collection<Row>(COLLECTIONS.servicePrincipals);
  const grants = ctx.store.collection<Row>(COLLECTIONS.oauth2PermissionGrants);
  const assignments = ctx.store.collection<Row>(COLLECTIONS.appRoleAssignments);

  /** A service principal mirrors its application's names, scopes and roles at read time. */
  const view = (sp: Row): Row => {
    const app = applications.find((candidate) => candidate['appId'] === sp['appId'], { includeHidden: true });
    if (!app) return sp;
    const api = (app['api'] ?? {}) as Row;
    const web = (app['web'] ?? {}) as Row;
    const publicClient = (app['publicClient'] ?? {}) as Row;
    return {
      ...sp,
      displayName: app['displayName'],
      appDisplayName: app['displayName'],
      appRoles: app['appRoles'] ?? [],
      oauth2PermissionScopes: api['oauth2PermissionScopes'] ?? [],
      servicePrincipalNames: [app['appId'], ...((app['identifierUris'] as string[] | undefined) ?? [])],
      replyUrls: [
        ...((web['redirectUris'] as string[] | undefined) ?? []),
        ...((publicClient['redirectUris'] as string[] | undefined) ?? []),
      ],
    };
  };
  const spById = (id: string): Row | undefined => {
    const sp = servicePrincipals.get(id.toLowerCase());
    return sp ? view(sp) : undefined;
  };

  router.graph('GET', '/servicePrincipals', PERMISSIONS.applicationsRead, (request) =>
    listResponse(ctx, request, servicePrincipals.list().map(view), SP_FILTERABLE, 'servicePrincipals'),
  );
  router.graph('GET', '/servicePrincipals/:id', PERMISSIONS.applicationsRead, (request) => {
    const sp = spById(request.params['id'] ?? '');
    return sp
      ? { status: 200, body: entityBody(ctx, request, 'servicePrincipals/$entity', sp) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });
  router.graph('POST', '/servicePrincipals', PERMISSIONS.servicePrincipalsWrite, (request) => {
    const written = writableBody(ctx, request, SP_WRITABLE, 'servicePrincipal');
    if (!written.ok) return written.response;
    const body = written.body;
    const appId = body['appId'];
    if (!isGuid(appId))
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'appId' of resource 'ServicePrincipal'.",
      );
    // A just-created application that has not replicated yet is exactly what Graph cannot find here.
    const app = applications.find((candidate) => candidate['appId'] === appId.toLowerCase());
    if (!app) {
      return ctx.errors.badRequest(
        request,
        `The appId '${appId}' of the service principal does not reference a valid application object.`,
      );
    }
    if (servicePrincipals.find((sp) => sp['appId'] === app['appId'], { includeHidden: true })) {
      return ctx.errors.graph(
        request,
        409,
        'Request_MultipleObjectsWithSameKeyValue',
        'Another object with the same value for property servicePrincipalNames already exists.',
      );
    }
    const sp = servicePrincipals.insert(
      {
        id: ctx.newId(),
        appId: app['appId'],
        deletedDateTime: null,
        accountEnabled: body['accountEnabled'] ?? true,
        appOwnerOrganizationId: ctx.tenantId,
        appRoleAssignmentRequired: body['appRoleAssignmentRequired'] ?? false,
        servicePrincipalType: 'Application',
        signInAudience: app['signInAudience'] ?? 'AzureADMyOrg',
        tags: Array.isArray(body['tags']) ? body['tags'] : [],
        notes: body['notes'] ?? null,
        description: body['description'] ?? null,
        homepage: body['homepage'] ?? null,
      },
      { hiddenForMs: request.replicationDelayMs },
    );
    return { status: 201, body: entityBody(ctx, request, 'servicePrincipals/$entity', view(sp)) };
  });

  router.graph('GET', '/servicePrincipals/:id/appRoleAssignedTo', PERMISSIONS.applicationsRead, (request) => {
    const sp = spById(request.params['id'] ?? '');
    if (!sp) return ctx.errors.notFound(request, request.params['id'] ?? '');
    const items = assignments.list().filter((assignment) => assignment['resourceId'] === sp.id);
    return listResponse(
      ctx,
      request,
      items,
      ['id', 'principalId', 'resourceId', 'appRoleId'],
      `servicePrincipals('${sp.id}')/appRoleAssignedTo`,
    );
  });
  router.graph(
    'GET',
    '/servicePrincipals/:id/appRoleAssignments',
    PERMISSIONS.applicationsRead,
    (request) => {
      const sp = spById(request.params['id'] ?? '');
      if (!sp) return ctx.errors.notFound(request, request.params['id'] ?? '');
      const items = assignments.list().filter((assignment) => assignment['principalId'] === sp.id);
      return listResponse(
        ctx,
        request,
        items,
        ['id', 'principalId', 'resourceId', 'appRoleId'],
        `servicePrincipals('${sp.id}')/appRoleAssignments`,
      );
    },
  );
  router.graph(
    'POST',
    '/servicePrincipals/:id/appRoleAssignedTo',
    PERMISSIONS.appRoleAssignmentWrite,
    (request) => {
      const resource = spById(request.params['id'] ?? '');
      if (!resource) return ctx.errors.notFound(request, request.params['id'] ?? '');
      const written = writableBody(ctx, request, ASSIGNMENT_WRITABLE, 'appRoleAssignment');
      if (!written.ok) return written.response;
      const body = written.body;
      const { principalId, resourceId, appRoleId } = body;
      if (!isGuid(resourceId) || resourceId.toLowerCase() !== resource.id) {
        return ctx.errors.badRequest(
          request,
          "Invalid value specified for property 'resourceId' of resource 'AppRoleAssignment'.",
        );
      }
      const principal = isGuid(principalId) ? spById(principalId) : undefined;
      if (!principal)
        return ctx.errors.badRequest(
          request,
          "Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'.",
        );
      const roles = (resource['appRoles'] as Row[] | undefined) ?? [];
      const roleKnown =
        isGuid(appRoleId) &&
        (roles.some((role) => role.id === appRoleId.toLowerCase()) ||
          (roles.length === 0 && appRoleId === DEFAULT_ACCESS_ROLE_ID));
      if (!roleKnown) {
        return ctx.errors.badRequest(
          request,
          `Permission being assigned was not found on application '${String(resource['appId'])}'.`,
        );
      }
      if (!mayConsentTo(ctx, request, resource)) return ctx.errors.forbidden(request);
      const duplicate = assignments.find(
        (assignment) =>
          assignment['principalId'] === principal.id &&
          assignment['resourceId'] === resource.id &&
          assignment['appRoleId'] === String(appRoleId).toLowerCase(),
        { includeHidden: true },
      );
      if (duplicate)
        return ctx.errors.badRequest(request, 'Permission being assigned already exists on the object');
      const assignment = assignments.insert(
        {
          id: opaqueId(),
          deletedDateTime: null,
          appRoleId: String(appRoleId).toLowerCase(),
          createdDateTime: graphDate(ctx.now()),
          principalDisplayName: principal['displayName'],
          principalId: principal.id,
          principalType: 'ServicePrincipal',
          resourceDisplayName: resource['displayName'],
          resourceId: resource.id,
        },
        { hiddenForMs: request.replicationDelayMs },
      );
      return {
        status: 201,
        body: entityBody(
          ctx,
          request,
          `servicePrincipals('${resource.id}')/appRoleAssignedTo/$entity`,
          assignment,
        ),
      };
    },
  );
  router.graph(
    'DELETE',
    '/servicePrincipals/:id/appRoleAssignedTo/:assignmentId',
    PERMISSIONS.appRoleAssignmentWrite,
    (request) => {
      const assignment = assignments.get(request.params['assignmentId'] ?? '');
      if (!assignment || assignment['resourceId'] !== (request.params['id'] ?? '').toLowerCase()) {
        return ctx.errors.notFound(request, request.params['assignmentId'] ?? '');
      }
      assignments.remove(assignment.id);
      return { status: 204 };
    },
  );

  router.graph('GET', '/oauth2PermissionGrants', PERMISSIONS.delegatedGrantsRead, (request) =>
    listResponse(ctx, request, grants.list(), GRANT_FILTERABLE, 'oauth2PermissionGrants'),
  );
  router.graph('GET', '/oauth2PermissionGrants/:id', PERMISSIONS.delegatedGrantsRead, (request) => {
    const grant = grants.get(request.params['id'] ?? '');
    return grant
      ? { status: 200, body: entityBody(ctx, request, 'oauth2PermissionGrants/$entity', grant) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });
  router.graph('POST', '/oauth2PermissionGrants', PERMISSIONS.delegatedGrantsWrite, (request) =>
    createGrant(ctx, request, spById),
  );
  router.graph('PATCH', '/oauth2PermissionGrants/:id', PERMISSIONS.delegatedGrantsWrite, (request) => {
    const grant = grants.get(request.params['id'] ?? '');
    if (!grant) return ctx.errors.notFound(request, request.params['id'] ?? '');
    const written = writableBody(ctx, request, ['scope'], 'oAuth2PermissionGrant', 'cannot be updated on');
    if (!written.ok) return written.response;
    const body = written.body;
    if (typeof body['scope'] !== 'string')
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.",
      );
    grants.update(grant.id, { scope: body['scope'] });
    return { status: 204 };
  });
  router.graph('DELETE', '/oauth2PermissionGrants/:id', PERMISSIONS.delegatedGrantsWrite, (request) => {
    const grant = grants.get(request.params['id'] ?? '');
    if (!grant) return ctx.errors.notFound(request, request.params['id'] ?? '');
    grants.remove(grant.id);
    return { status: 204 };
  });
}

function createGrant(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  spById: (id: string) => Row | undefined,
): EmulatorResponse {
  const written = writableBody(ctx, request, GRANT_WRITABLE, 'oAuth2PermissionGrant');
  if (!written.ok) return written.response;
  const body = written.body;
  const { clientId, consentType, principalId, resourceId, scope } = body;
  const invalid = (name: string): EmulatorResponse =>
    ctx.errors.badRequest(
      request,
      `Invalid value specified for property '${name}' of resource 'OAuth2PermissionGrant'.`,
    );
  const client = isGuid(clientId) ? spById(clientId) : undefined;
  if (!client) return invalid('clientId');
  const resource = isGuid(resourceId) ? spById(resourceId) : undefined;
  if (!resource) return invalid('resourceId');
  if (consentType !== 'AllPrincipals' && consentType !== 'Principal') return invalid('consentType');
  if (consentType === 'AllPrincipals' && principalId !== undefined && principalId !== null)
    return invalid('principalId');
  if (consentType === 'Principal' && !isGuid(principalId)) return invalid('principalId');
  if (typeof scope !== 'string' || scope.length > 3850) return invalid('scope');
  const offered = new Set(
    ((resource['oauth2PermissionScopes'] as Row[] | undefined) ?? []).map((entry) => String(entry['value'])),
  );
  const asked = scope.split(' ').filter((value) => value.length > 0);
  if (asked.some((value) => !offered.has(value))) return invalid('scope');
  if (consentType === 'AllPrincipals' && !mayConsentTo(ctx, request, resource))
    return ctx.errors.forbidden(request);
  const grants = ctx.store.collection<Row>(COLLECTIONS.oauth2PermissionGrants);
  const normalisedPrincipal = consentType === 'Principal' ? String(principalId).toLowerCase() : null;
  const duplicate = grants.find(
    (grant) =>
      grant['clientId'] === client.id &&
      grant['resourceId'] === resource.id &&
      grant['consentType'] === consentType &&
      grant['principalId'] === normalisedPrincipal,
    { includeHidden: true },
  );
  if (duplicate)
    return ctx.errors.graph(
      request,
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      'Permission entry already exists.',
    );
  const grant = grants.insert(
    {
      id: opaqueId(),
      clientId: client.id,
      consentType,
      principalId: normalisedPrincipal,
      resourceId: resource.id,
      scope,
    },
    { hiddenForMs: request.replicationDelayMs },
  );
  return { status: 201, body: entityBody(ctx, request, 'oauth2PermissionGrants/$entity', grant) };
}
