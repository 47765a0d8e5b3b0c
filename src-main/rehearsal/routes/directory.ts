import type { EmulatorContext } from '../context';
import { PERMISSIONS } from '../permissions';
import type { Router } from '../router';
import { COLLECTIONS } from '../seed';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import {
  entityBody,
  GUID,
  isEventual,
  isGuid,
  listResponse,
  objectBody,
  type Row,
  writableBody,
} from './graph-common';

/** Properties Graph v1.0 returns for a user when no `$select` is given. */
const USER_DEFAULT_PROPERTIES = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];
const USER_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES,
  'usageLocation',
  'accountEnabled',
  'assignedLicenses',
  'createdDateTime',
];
const USER_PATCHABLE = [
  'usageLocation',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'accountEnabled',
  'businessPhones',
];
const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'createdDateTime',
  'groupTypes',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'membershipRule',
  'visibility',
];
const SEARCH_REQUIRES_EVENTUAL =
  "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";

export function registerDirectoryRoutes(router: Router, ctx: EmulatorContext): void {
  const users = ctx.store.collection<Row>(COLLECTIONS.users);
  const groups = ctx.store.collection<Row>(COLLECTIONS.groups);
  const skus = ctx.store.collection<Row>(COLLECTIONS.subscribedSkus);
  const organization = ctx.store.collection<Row>(COLLECTIONS.organization);

  const userView = (request: EmulatorRequest, user: Row): object =>
    request.query.get('$select') ? user : pick(user, USER_DEFAULT_PROPERTIES);
  const findUser = (key: string): Row | undefined =>
    GUID.test(key)
      ? users.get(key.toLowerCase())
      : users.find((user) => String(user['userPrincipalName']).toLowerCase() === key.toLowerCase());

  router.graph('GET', '/organization', PERMISSIONS.organizationRead, (request) =>
    listResponse(ctx, request, organization.list(), ['id', 'displayName'], 'organization'),
  );
  router.graph('GET', '/organization/:id', PERMISSIONS.organizationRead, (request) => {
    const org = organization.get(request.params['id'] ?? '');
    return org
      ? { status: 200, body: entityBody(ctx, request, 'organization/$entity', org) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });
  router.graph('GET', '/subscribedSkus', PERMISSIONS.subscribedSkusRead, (request) =>
    listResponse(ctx, request, skus.list(), ['skuId', 'skuPartNumber', 'id'], 'subscribedSkus'),
  );
  router.graph('GET', '/subscribedSkus/:id', PERMISSIONS.subscribedSkusRead, (request) => {
    const sku = skus.get(request.params['id'] ?? '');
    return sku
      ? { status: 200, body: entityBody(ctx, request, 'subscribedSkus/$entity', sku) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });

  router.graph('GET', '/users', PERMISSIONS.usersRead, (request) =>
    listResponse(ctx, request, users.list(), USER_PROPERTIES, 'users', (user) => userView(request, user)),
  );
  const getUser = (request: EmulatorRequest, key: string): EmulatorResponse => {
    const user = findUser(key);
    return user
      ? { status: 200, body: entityBody(ctx, request, 'users/$entity', userView(request, user)) }
      : ctx.errors.notFound(request, key);
  };
  router.graph('GET', '/users/:id', PERMISSIONS.usersRead, (request) =>
    getUser(request, request.params['id'] ?? ''),
  );
  router.graph('GET', '/me', PERMISSIONS.signedInUserRead, (request) =>
    getUser(request, request.identity?.oid ?? ''),
  );
  router.graph('PATCH', '/users/:id', PERMISSIONS.usersWrite, (request) => {
    const user = findUser(request.params['id'] ?? '');
    if (!user) return ctx.errors.notFound(request, request.params['id'] ?? '');
    const written = writableBody(
      ctx,
      request,
      USER_PATCHABLE,
      'user',
      'does not exist or cannot be updated on',
    );
    if (!written.ok) return written.response;
    const body = written.body;
    if (
      'usageLocation' in body &&
      body['usageLocation'] !== null &&
      !(typeof body['usageLocation'] === 'string' && /^[A-Z]{2}$/.test(body['usageLocation']))
    ) {
      return ctx.errors.badRequest(
        request,
        "Invalid value specified for property 'usageLocation' of resource 'User'.",
      );
    }
    users.update(user.id, body);
    return { status: 204 };
  });
  router.graph('POST', '/users/:id/assignLicense', PERMISSIONS.licenceAssign, (request) =>
    assignLicense(ctx, request, findUser(request.params['id'] ?? '')),
  );

  for (const relation of ['memberOf', 'transitiveMemberOf']) {
    const handler = (request: EmulatorRequest, key: string, cast?: string): EmulatorResponse => {
      const user = findUser(key);
      if (!user) return ctx.errors.notFound(request, key);
      const all = membershipsOf(ctx, user.id);
      const items = cast ? all.filter((item) => item['@odata.type'] === `#${cast}`) : all;
      return listResponse(
        ctx,
        request,
        items,
        ['id', 'displayName', 'roleTemplateId'],
        cast ? `${cast.replace('microsoft.graph.', '')}s` : 'directoryObjects',
      );
    };
    router.graph('GET', `/me/${relation}`, PERMISSIONS.signedInUserRead, (request) =>
      handler(request, request.identity?.oid ?? ''),
    );
    router.graph('GET', `/users/:id/${relation}`, PERMISSIONS.usersRead, (request) =>
      handler(request, request.params['id'] ?? ''),
    );
    for (const cast of ['microsoft.graph.directoryRole', 'microsoft.graph.group']) {
      router.graph('GET', `/me/${relation}/${cast}`, PERMISSIONS.signedInUserRead, (request) =>
        handler(request, request.identity?.oid ?? '', cast),
      );
      router.graph('GET', `/users/:id/${relation}/${cast}`, PERMISSIONS.usersRead, (request) =>
        handler(request, request.params['id'] ?? '', cast),
      );
    }
  }
  router.graph('GET', '/directoryRoles', PERMISSIONS.directoryRolesRead, (request) =>
    listResponse(
      ctx,
      request,
      ctx.store.collection<Row>(COLLECTIONS.directoryRoles).list(),
      ['id', 'displayName', 'roleTemplateId'],
      'directoryRoles',
    ),
  );

  router.graph('GET', '/groups', PERMISSIONS.groupsRead, (request) => {
    const search = request.query.get('$search');
    let items = groups.list();
    if (search !== null) {
      if (!isEventual(request))
        return ctx.errors.graph(request, 400, 'Request_UnsupportedQuery', SEARCH_REQUIRES_EVENTUAL);
      const matcher = compileSearch(search);
      if (!matcher)
        return ctx.errors.graph(
          request,
          400,
          'BadRequest',
          `Syntax error: invalid $search clause '${search}'.`,
        );
      items = items.filter(matcher);
    }
    return listResponse(ctx, request, items, GROUP_PROPERTIES, 'groups');
  });
  router.graph('GET', '/groups/:id', PERMISSIONS.groupsRead, (request) => {
    const group = groups.get(request.params['id'] ?? '');
    return group
      ? { status: 200, body: entityBody(ctx, request, 'groups/$entity', group) }
      : ctx.errors.notFound(request, request.params['id'] ?? '');
  });
}

function pick(item: Row, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = item[name] ?? null;
  return out;
}

/** Directory roles and groups the user is a direct member of, as Graph's directoryObject casts. */
function membershipsOf(ctx: EmulatorContext, userId: string): Row[] {
  const roleIds = new Set(
    ctx.store
      .collection<Row>(COLLECTIONS.directoryRoleMembers)
      .list()
      .filter((member) => member['principalId'] === userId)
      .map((member) => member['roleId']),
  );
  const groupIds = new Set(
    ctx.store
      .collection<Row>(COLLECTIONS.groupMembers)
      .list()
      .filter((member) => member['memberId'] === userId)
      .map((member) => member['groupId']),
  );
  const roles = ctx.store
    .collection<Row>(COLLECTIONS.directoryRoles)
    .list()
    .filter((role) => roleIds.has(role.id))
    .map((role) => ({ '@odata.type': '#microsoft.graph.directoryRole', deletedDateTime: null, ...role }));
  const memberGroups = ctx.store
    .collection<Row>(COLLECTIONS.groups)
    .list()
    .filter((group) => groupIds.has(group.id))
    .map((group) => ({ '@odata.type': '#microsoft.graph.group', deletedDateTime: null, ...group }));
  return [...roles, ...memberGroups];
}

/** `"displayName:word word"` clauses joined by OR/AND; each word must start a word of the property. */
function compileSearch(search: string): ((item: Row) => boolean) | null {
  const clause = /^\s*"([A-Za-z]+):([^"]*)"\s*/;
  let rest = search;
  const parts: Array<{ join: 'OR' | 'AND'; property: string; words: string[] }> = [];
  let join: 'OR' | 'AND' = 'AND';
  while (rest.length > 0) {
    const match = clause.exec(rest);
    if (!match) return null;
    const property = match[1] as string;
    if (!['displayName', 'description', 'mailNickname'].includes(property)) return null;
    parts.push({ join, property, words: tokens(match[2] as string) });
    rest = rest.slice(match[0].length);
    const operator = /^(OR|AND)\s+/.exec(rest);
    if (operator) {
      join = operator[1] as 'OR' | 'AND';
      rest = rest.slice(operator[0].length);
    } else if (rest.length > 0) return null;
  }
  if (parts.length === 0) return null;
  return (item) =>
    parts.reduce<boolean>((acc, part, index) => {
      const have = tokens(String(item[part.property] ?? ''));
      const hit = part.words.every((word) => have.some((token) => token.startsWith(word)));
      if (index === 0) return hit;
      return part.join === 'OR' ? acc || hit : acc && hit;
    }, false);
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

function assignLicense(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  user: Row | undefined,
): EmulatorResponse {
  if (!user) return ctx.errors.notFound(request, request.params['id'] ?? '');
  const body = objectBody(request);
  const add = body?.['addLicenses'];
  const remove = body?.['removeLicenses'];
  if (!Array.isArray(add))
    return ctx.errors.badRequest(
      request,
      "Invalid value specified for property 'addLicenses' of resource 'User'.",
    );
  if (!Array.isArray(remove))
    return ctx.errors.badRequest(
      request,
      "Invalid value specified for property 'removeLicenses' of resource 'User'.",
    );
  const skus = ctx.store.collection<Row>(COLLECTIONS.subscribedSkus);
  const current = (Array.isArray(user['assignedLicenses']) ? user['assignedLicenses'] : []) as Array<{
    skuId: string;
    disabledPlans: string[];
  }>;
  if (add.length > 0 && !user['usageLocation']) {
    return ctx.errors.badRequest(
      request,
      'License assignment cannot be done for user with invalid usage location.',
    );
  }
  const next = current.filter(
    (licence) => !remove.some((skuId) => typeof skuId === 'string' && skuId.toLowerCase() === licence.skuId),
  );
  const consumption = new Map<string, number>();
  for (const entry of add) {
    const skuId =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['skuId'] : undefined;
    const sku = isGuid(skuId)
      ? skus.find((candidate) => candidate['skuId'] === skuId.toLowerCase())
      : undefined;
    if (!sku)
      return ctx.errors.badRequest(
        request,
        `License ${String(skuId)} does not correspond to a valid company License.`,
      );
    if (next.some((licence) => licence.skuId === sku['skuId'])) continue;
    const prepaid = sku['prepaidUnits'] as { enabled: number };
    if ((sku['consumedUnits'] as number) + (consumption.get(sku.id) ?? 0) >= prepaid.enabled) {
      return ctx.errors.badRequest(
        request,
        `Subscription with SKU ${String(sku['skuId'])} does not have any available licenses.`,
      );
    }
    consumption.set(sku.id, (consumption.get(sku.id) ?? 0) + 1);
    const disabledPlans = (entry as Record<string, unknown>)['disabledPlans'];
    next.push({
      skuId: sku['skuId'] as string,
      disabledPlans: Array.isArray(disabledPlans) ? (disabledPlans as string[]) : [],
    });
  }
  for (const removed of current.filter(
    (licence) => !next.includes(licence) && !next.some((kept) => kept.skuId === licence.skuId),
  )) {
    const sku = skus.find((candidate) => candidate['skuId'] === removed.skuId);
    if (sku) consumption.set(sku.id, (consumption.get(sku.id) ?? 0) - 1);
  }
  for (const [skuKey, delta] of consumption) {
    const sku = skus.get(skuKey);
    if (sku) skus.update(skuKey, { consumedUnits: Math.max(0, (sku['consumedUnits'] as number) + delta) });
  }
  const updated = ctx.store.collection<Row>(COLLECTIONS.users).update(user.id, { assignedLicenses: next });
  return {
    status: 200,
    body: entityBody(ctx, request, 'users/$entity', pick(updated ?? user, USER_DEFAULT_PROPERTIES)),
  };
}
