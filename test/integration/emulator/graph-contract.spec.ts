import type {
  Application,
  AppRoleAssignment,
  DirectoryRole,
  Group,
  OAuth2PermissionGrant,
  Organization,
  PasswordCredential,
  ServicePrincipal,
  SubscribedSku,
  User,
  VerifiedDomain,
} from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  ADMIN_UPN,
  ADMIN_USER_ID,
  DIRECTORY_READ_ALL_ROLE_ID,
  EMS_E3_SKU_ID,
  type Emulator,
  GRAPH_APP_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  INTUNE_A_PLAN_ID,
  MDM_POLICY_ID,
  RehearsalTokenSigner,
  TENANT_ID,
} from '/@/src-main/rehearsal';

import {
  call,
  expectGraphError,
  expectGraphFields,
  GUID_PATTERN,
  type Reply,
  startTestEmulator,
} from './support';

type List<T> = { '@odata.context': string; '@odata.nextLink'?: string; '@odata.count'?: number; value: T[] };

let emulator: Emulator;
let v1: string;

beforeAll(async () => {
  emulator = await startTestEmulator({});
  v1 = `${emulator.graphBaseUrl}/v1.0`;
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await emulator.reset();
});

async function createApp(
  body: Record<string, unknown> = { displayName: 'ConfigMgrService' },
): Promise<Application & { id: string; appId: string }> {
  const reply = await call<Application & { id: string; appId: string }>(`${v1}/applications`, {
    method: 'POST',
    body,
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

async function createServicePrincipal(appId: string): Promise<ServicePrincipal & { id: string }> {
  const reply = await call<ServicePrincipal & { id: string }>(`${v1}/servicePrincipals`, {
    method: 'POST',
    body: { appId },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

describe('Graph authentication and headers', () => {
  it('should answer 401 InvalidAuthenticationToken with innerError when the token is missing', async () => {
    const reply = await call(`${v1}/organization`, { token: null });
    expectGraphError(reply, 401, 'InvalidAuthenticationToken');
  });

  it('should answer 401 when the token was signed with another key (another run, or forged)', async () => {
    const token = new RehearsalTokenSigner(TENANT_ID, () => new Date()).sign({
      audience: 'graph',
      oid: ADMIN_USER_ID,
      upn: ADMIN_UPN,
      scopes: ['Directory.Read.All'],
    });
    expectGraphError(await call(`${v1}/organization`, { token }), 401, 'InvalidAuthenticationToken');
  });

  it('should answer 401 when the token is garbage, truncated, huge or not a rehearsal token', async () => {
    for (const token of [
      'rehearsal.',
      'rehearsal.!!!',
      'rehearsal.e30',
      'eyJhbGciOiJIUzI1NiJ9.e30.x',
      `rehearsal.${'A'.repeat(9000)}`,
      await ADMIN_TOKEN_TRUNCATED(),
    ]) {
      expectGraphError(await call(`${v1}/organization`, { token }), 401, 'InvalidAuthenticationToken');
    }
  });

  it('should echo client-request-id and return a request-id when the client sends one', async () => {
    const reply = await call(`${v1}/organization`, {
      headers: { 'client-request-id': 'c2f1b3a4-1111-4222-8333-944455556666' },
    });
    expect(reply.headers.get('client-request-id')).toBe('c2f1b3a4-1111-4222-8333-944455556666');
    expect(reply.headers.get('request-id')).toMatch(GUID_PATTERN);
    expect(reply.headers.get('content-type')).toContain('application/json');
  });

  it('should answer 400 "Resource not found for the segment" when the path is unknown', async () => {
    expectGraphError(await call(`${v1}/notAThing`), 400, 'BadRequest');
    expectGraphError(await call(`${emulator.graphBaseUrl}/v9.9/users`), 400, 'BadRequest');
  });

  it('should answer 405 when the method is not allowed on a known path', async () => {
    expectGraphError(await call(`${v1}/organization`, { method: 'DELETE' }), 405, 'Request_BadRequest');
  });

  it('should answer 400 BadRequest when the JSON body is malformed', async () => {
    expectGraphError(
      await call(`${v1}/applications`, { method: 'POST', body: '{"displayName": "x"' }),
      400,
      'BadRequest',
    );
  });

  it('should answer 413 when the body is larger than Graph accepts', async () => {
    const reply = await call(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'x', notes: 'n'.repeat(4 * 1024 * 1024 + 10) },
    });
    expect(reply.status).toBe(413);
  });

  it('should serve the beta endpoint with the same routes and a beta context', async () => {
    const reply = await call<List<Organization>>(`${emulator.graphBaseUrl}/beta/organization`);
    expect(reply.status).toBe(200);
    expect(reply.body['@odata.context']).toBe(`${emulator.graphBaseUrl}/beta/$metadata#organization`);
  });
});

async function ADMIN_TOKEN_TRUNCATED(): Promise<string> {
  const full = await emulator.issueToken({ audience: 'graph', oid: ADMIN_USER_ID, scopes: ['User.Read'] });
  return full.slice(0, full.length - 7);
}

describe('Graph tenant prerequisites', () => {
  it('should list the organization with verified domains and the MDM authority', async () => {
    const reply = await call<List<Organization>>(`${v1}/organization`);
    expect(reply.status).toBe(200);
    expect(reply.body['@odata.context']).toBe(`${v1}/$metadata#organization`);
    const org = reply.body.value[0];
    expectGraphFields<Organization>(org, [
      'id',
      'displayName',
      'verifiedDomains',
      'mobileDeviceManagementAuthority',
      'createdDateTime',
      'tenantType',
    ]);
    expect(org?.id).toBe(TENANT_ID);
    expect(org?.mobileDeviceManagementAuthority).toBe('intune');
    const domains = org?.verifiedDomains ?? [];
    expectGraphFields<VerifiedDomain>(domains[0], ['name', 'isInitial', 'isDefault', 'capabilities', 'type']);
    expect(domains.find((domain) => domain.isInitial)?.name).toBe('contoso.onmicrosoft.com');
    expect(domains.map((domain) => domain.name)).toContain('contoso.com');
  });

  it('should report subscribed SKUs with prepaid and consumed units and the Intune plan', async () => {
    const reply = await call<List<SubscribedSku>>(`${v1}/subscribedSkus`);
    expect(reply.body['@odata.context']).toBe(`${v1}/$metadata#subscribedSkus`);
    const ems = reply.body.value.find((sku) => sku.skuId === EMS_E3_SKU_ID);
    expectGraphFields<SubscribedSku>(ems, [
      'id',
      'skuId',
      'skuPartNumber',
      'consumedUnits',
      'prepaidUnits',
      'servicePlans',
      'capabilityStatus',
      'appliesTo',
    ]);
    expect(ems?.prepaidUnits?.enabled).toBeGreaterThan(ems?.consumedUnits ?? Infinity);
    expect(ems?.servicePlans?.map((plan) => plan.servicePlanId)).toContain(INTUNE_A_PLAN_ID);
    expect(reply.body.value.map((sku) => sku.skuPartNumber)).toEqual(['EMS', 'AAD_PREMIUM']);
  });

  it('should list the signed-in admin as Global Administrator through /me/memberOf and transitiveMemberOf', async () => {
    for (const relation of ['memberOf', 'transitiveMemberOf', 'memberOf/microsoft.graph.directoryRole']) {
      const reply = await call<List<DirectoryRole & { '@odata.type': string }>>(`${v1}/me/${relation}`);
      expect(reply.status).toBe(200);
      const roles = reply.body.value.filter(
        (item) => item['@odata.type'] === '#microsoft.graph.directoryRole',
      );
      expectGraphFields<DirectoryRole>(roles[0], ['id', 'displayName', 'roleTemplateId', 'description']);
      expect(roles.map((role) => role.roleTemplateId)).toContain('62e90394-69f5-4237-9190-012177145e10');
    }
  });

  it('should expose the automatic MDM enrollment policy on beta only', async () => {
    const policy = await call<{ id: string; appliesTo: string; displayName: string }>(
      `${emulator.graphBaseUrl}/beta/policies/mobileDeviceManagementPolicies/${MDM_POLICY_ID}`,
    );
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({
      id: MDM_POLICY_ID,
      appliesTo: 'all',
      displayName: 'Microsoft Intune',
    });
    expectGraphError(
      await call(`${v1}/policies/mobileDeviceManagementPolicies/${MDM_POLICY_ID}`),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call(
        `${emulator.graphBaseUrl}/beta/policies/mobileDeviceManagementPolicies/00000000-0000-0000-0000-00000000000b`,
      ),
      404,
      'Request_ResourceNotFound',
    );
  });

  it('should return the signed-in user on /me', async () => {
    const reply = await call<User>(`${v1}/me`);
    expect(reply.body.id).toBe(ADMIN_USER_ID);
    expect(reply.body.userPrincipalName).toBe(ADMIN_UPN);
    expect(reply.body['@odata.context' as keyof User]).toBe(`${v1}/$metadata#users/$entity`);
  });
});

describe('Graph users and licences', () => {
  it('should return only the default user properties unless $select asks for more', async () => {
    const list = await call<List<User>>(`${v1}/users`);
    expectGraphFields<User>(list.body.value[0], [
      'id',
      'displayName',
      'userPrincipalName',
      'mail',
      'givenName',
      'surname',
      'jobTitle',
      'businessPhones',
    ]);
    expect(list.body.value[0]).not.toHaveProperty('usageLocation');
    const selected = await call<List<User>>(`${v1}/users?$select=id,usageLocation,assignedLicenses`);
    expect(Object.keys(selected.body.value[0] ?? {}).sort()).toEqual([
      'assignedLicenses',
      'id',
      'usageLocation',
    ]);
  });

  it('should find a user by id and by user principal name, case-insensitively', async () => {
    expect((await call<User>(`${v1}/users/${ADMIN_USER_ID}`)).body.userPrincipalName).toBe(ADMIN_UPN);
    expect((await call<User>(`${v1}/users/${encodeURIComponent(ADMIN_UPN.toUpperCase())}`)).body.id).toBe(
      ADMIN_USER_ID,
    );
  });

  it('should answer 404 Request_ResourceNotFound when the user does not exist', async () => {
    expectGraphError(await call(`${v1}/users/nobody@contoso.com`), 404, 'Request_ResourceNotFound');
    expectGraphError(
      await call(`${v1}/users/${encodeURIComponent('o\'neil"\u0001@contoso.com')}`),
      404,
      'Request_ResourceNotFound',
    );
  });

  it('should page users with $top and @odata.nextLink until the last page', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${v1}/users?$top=3&$select=id`;
    let pages = 0;
    while (url) {
      const reply: Reply<List<User>> = await call<List<User>>(url);
      expect(reply.status).toBe(200);
      seen.push(...reply.body.value.map((user) => user.id ?? ''));
      url = reply.body['@odata.nextLink'];
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(4);
  });

  it('should refuse $top outside 1..999 and a forged $skiptoken', async () => {
    expectGraphError(await call(`${v1}/users?$top=0`), 400, 'Request_BadRequest');
    expectGraphError(await call(`${v1}/users?$top=1000`), 400, 'Request_BadRequest');
    expectGraphError(
      await call(`${v1}/users?$skiptoken=${encodeURIComponent("'; drop")}`),
      400,
      'Request_BadRequest',
    );
  });

  it("should fail assignLicense with Graph's usage location error when usageLocation is missing, then succeed once it is set", async () => {
    const camille = (
      await call<List<User>>(
        `${v1}/users?$filter=${encodeURIComponent("startswith(displayName,'Camille')")}&$select=id,usageLocation`,
      )
    ).body.value[0];
    expect(camille?.usageLocation).toBeNull();
    const body = { addLicenses: [{ skuId: EMS_E3_SKU_ID, disabledPlans: [] }], removeLicenses: [] };
    const refused = await call(`${v1}/users/${camille?.id}/assignLicense`, { method: 'POST', body });
    expectGraphError(refused, 400, 'Request_BadRequest');
    expect((refused.body as { error: { message: string } }).error.message).toContain('usage location');
    expect(
      (await call(`${v1}/users/${camille?.id}`, { method: 'PATCH', body: { usageLocation: 'FR' } })).status,
    ).toBe(204);
    const before = (await call<List<SubscribedSku>>(`${v1}/subscribedSkus`)).body.value.find(
      (sku) => sku.skuId === EMS_E3_SKU_ID,
    );
    const assigned = await call<User>(`${v1}/users/${camille?.id}/assignLicense`, { method: 'POST', body });
    expect(assigned.status).toBe(200);
    expect(assigned.body.id).toBe(camille?.id);
    const after = (await call<List<SubscribedSku>>(`${v1}/subscribedSkus`)).body.value.find(
      (sku) => sku.skuId === EMS_E3_SKU_ID,
    );
    expect(after?.consumedUnits).toBe((before?.consumedUnits ?? 0) + 1);
    const user = await call<User>(`${v1}/users/${camille?.id}?$select=assignedLicenses`);
    expect(user.body.assignedLicenses?.map((licence) => licence.skuId)).toEqual([EMS_E3_SKU_ID]);
  });

  it('should refuse an unknown SKU, a missing removeLicenses and an invalid usageLocation', async () => {
    expectGraphError(
      await call(`${v1}/users/${ADMIN_USER_ID}/assignLicense`, {
        method: 'POST',
        body: { addLicenses: [{ skuId: '11111111-1111-1111-1111-111111111111' }], removeLicenses: [] },
      }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/users/${ADMIN_USER_ID}/assignLicense`, { method: 'POST', body: { addLicenses: [] } }),
      400,
      'Request_BadRequest',
    );
    for (const usageLocation of ['be', 'BEL', '', 'B\u0000']) {
      expectGraphError(
        await call(`${v1}/users/${ADMIN_USER_ID}`, { method: 'PATCH', body: { usageLocation } }),
        400,
        'Request_BadRequest',
      );
    }
    expectGraphError(
      await call(`${v1}/users/${ADMIN_USER_ID}`, {
        method: 'PATCH',
        body: { userPrincipalName: 'x@contoso.com' },
      }),
      400,
      'Request_BadRequest',
    );
  });
});

describe('Graph groups', () => {
  it('should refuse $search without ConsistencyLevel: eventual like Graph', async () => {
    const reply = await call(`${v1}/groups?$search=${encodeURIComponent('"displayName:pilot"')}`);
    expectGraphError(reply, 400, 'Request_UnsupportedQuery');
    expect((reply.body as { error: { message: string } }).error.message).toContain('ConsistencyLevel');
  });

  it('should find groups by word prefix with $search and count them with $count', async () => {
    const reply = await call<List<Group>>(
      `${v1}/groups?$search=${encodeURIComponent('"displayName:co-man pil"')}&$count=true`,
      {
        headers: { ConsistencyLevel: 'eventual' },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.value.map((group) => group.displayName)).toEqual(['Co-management pilot devices']);
    expect(reply.body['@odata.count']).toBe(1);
    expectGraphFields<Group>(reply.body.value[0], [
      'id',
      'displayName',
      'securityEnabled',
      'mailEnabled',
      'groupTypes',
      'createdDateTime',
    ]);
  });

  it('should combine $search clauses with OR and reject malformed $search', async () => {
    const eventual = { headers: { ConsistencyLevel: 'eventual' } };
    const both = await call<List<Group>>(
      `${v1}/groups?$search=${encodeURIComponent('"displayName:pilot" OR "displayName:excluded"')}`,
      eventual,
    );
    expect(both.body.value).toHaveLength(2);
    expectGraphError(await call(`${v1}/groups?$search=pilot`, eventual), 400, 'BadRequest');
    expectGraphError(
      await call(`${v1}/groups?$search=${encodeURIComponent('"secret:x"')}`, eventual),
      400,
      'BadRequest',
    );
  });
});

describe('Graph applications', () => {
  it("should create an application with Graph's shape and read it back by id", async () => {
    const reply = await call<Application>(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'ConfigMgrService', tags: ['comanage-assistant'] },
    });
    expect(reply.status).toBe(201);
    expect(reply.body['@odata.context' as keyof Application]).toBe(`${v1}/$metadata#applications/$entity`);
    expectGraphFields<Application>(reply.body, [
      'id',
      'appId',
      'displayName',
      'createdDateTime',
      'identifierUris',
      'signInAudience',
      'tags',
      'web',
      'api',
      'publicClient',
      'passwordCredentials',
      'requiredResourceAccess',
    ]);
    expect(reply.body.id).toMatch(GUID_PATTERN);
    expect(reply.body.appId).toMatch(GUID_PATTERN);
    expect(reply.body.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(reply.body.web?.implicitGrantSettings?.enableIdTokenIssuance).toBe(false);
    const read = await call<Application>(`${v1}/applications/${reply.body.id}`);
    expect(read.body.appId).toBe(reply.body.appId);
  });

  it('should refuse unknown properties and a missing displayName', async () => {
    expectGraphError(
      await call(`${v1}/applications`, {
        method: 'POST',
        body: { displayName: 'x', oauth2AllowIdTokenImplicitFlow: true },
      }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/applications`, { method: 'POST', body: {} }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/applications`, { method: 'POST', body: [1, 2] }),
      400,
      'Request_BadRequest',
    );
  });

  it('should filter applications by displayName eq, appId eq, startswith and tags/any, with quotes escaped', async () => {
    const server = await createApp({ displayName: 'ConfigMgrService', tags: ['comanage-assistant'] });
    await createApp({ displayName: "O'Brien's app" });
    await createApp({ displayName: 'ConfigMgrClient' });
    const names = async (filter: string): Promise<string[]> => {
      const reply = await call<List<Application>>(`${v1}/applications?$filter=${encodeURIComponent(filter)}`);
      expect(reply.status).toBe(200);
      return reply.body.value.map((app) => app.displayName ?? '');
    };
    expect(await names("displayName eq 'ConfigMgrService'")).toEqual(['ConfigMgrService']);
    expect(await names(`appId eq '${server.appId}'`)).toEqual(['ConfigMgrService']);
    expect(await names("startswith(displayName,'ConfigMgr')")).toEqual([
      'ConfigMgrService',
      'ConfigMgrClient',
    ]);
    expect(await names("tags/any(t:t eq 'comanage-assistant')")).toEqual(['ConfigMgrService']);
    expect(await names("displayName eq 'O''Brien''s app'")).toEqual(["O'Brien's app"]);
    expect(await names("displayName eq 'ConfigMgrService' or displayName eq 'ConfigMgrClient'")).toHaveLength(
      2,
    );
  });

  it('should answer 400 for a malformed or unsupported $filter', async () => {
    for (const filter of [
      "displayName eq 'x",
      "displayName gt 'a'",
      "nosuchProperty eq 'a'",
      "endswith(displayName,'x')",
      'displayName eq',
      "displayName eq 'a' ) (",
    ]) {
      const reply = await call(`${v1}/applications?$filter=${encodeURIComponent(filter)}`);
      expect(reply.status, filter).toBe(400);
      expect(['BadRequest', 'Request_UnsupportedQuery']).toContain(
        (reply.body as { error: { code: string } }).error.code,
      );
    }
  });

  it('should refuse an https identifier URI on an unverified domain with HostNameNotOnVerifiedDomain', async () => {
    const app = await createApp();
    const reply = await call(`${v1}/applications/${app.id}`, {
      method: 'PATCH',
      body: { identifierUris: ['https://ConfigMgrService'] },
    });
    expectGraphError(reply, 400, 'HostNameNotOnVerifiedDomain');
    expectGraphError(
      await call(`${v1}/applications`, {
        method: 'POST',
        body: { displayName: 'x', identifierUris: ['https://contoso.evil.example/x'] },
      }),
      400,
      'HostNameNotOnVerifiedDomain',
    );
  });

  it('should accept api://{tenantId}/name, api://{appId} and a verified https domain', async () => {
    const app = await createApp();
    for (const uri of [
      `api://${TENANT_ID}/ConfigMgrService`,
      `api://${app.appId}`,
      'https://configmgr.contoso.com/service',
    ]) {
      expect(
        (await call(`${v1}/applications/${app.id}`, { method: 'PATCH', body: { identifierUris: [uri] } }))
          .status,
        uri,
      ).toBe(204);
    }
    const other = await createApp({ displayName: 'Other' });
    expectGraphError(
      await call(`${v1}/applications/${other.id}`, {
        method: 'PATCH',
        body: { identifierUris: [`api://${app.appId}`] },
      }),
      400,
      'Request_BadRequest',
    );
  });

  it('should refuse an identifier URI another application already uses', async () => {
    const uri = `api://${TENANT_ID}/ConfigMgrService`;
    await createApp({ displayName: 'First', identifierUris: [uri] });
    const reply = await call(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'Second', identifierUris: [uri.toUpperCase().replace('API://', 'api://')] },
    });
    expectGraphError(reply, 400, 'Request_BadRequest');
  });

  it('should merge PATCHed complex properties and keep the rest', async () => {
    const app = await createApp({
      displayName: 'ConfigMgrService',
      web: { redirectUris: ['http://localhost'] },
    });
    await call(`${v1}/applications/${app.id}`, {
      method: 'PATCH',
      body: { web: { implicitGrantSettings: { enableIdTokenIssuance: true } }, isFallbackPublicClient: true },
    });
    const read = (await call<Application>(`${v1}/applications/${app.id}`)).body;
    expect(read.web?.redirectUris).toEqual(['http://localhost']);
    expect(read.web?.implicitGrantSettings).toEqual({
      enableAccessTokenIssuance: false,
      enableIdTokenIssuance: true,
    });
    expect(read.isFallbackPublicClient).toBe(true);
  });

  it('should refuse removing an enabled scope without disabling it first', async () => {
    const scope = {
      id: 'b1c3d5e7-0000-4000-8000-000000000001',
      value: 'user_impersonation',
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Access',
      adminConsentDescription: 'Access',
    };
    const app = await createApp({
      displayName: 'ConfigMgrService',
      api: { oauth2PermissionScopes: [scope] },
    });
    expectGraphError(
      await call(`${v1}/applications/${app.id}`, {
        method: 'PATCH',
        body: { api: { oauth2PermissionScopes: [] } },
      }),
      400,
      'CannotDeleteOrUpdateEnabledEntitlement',
    );
  });

  it('should return a REHEARSAL-SECRET- secret once from addPassword and keep only its hint', async () => {
    const app = await createApp();
    const reply = await call<PasswordCredential>(`${v1}/applications/${app.id}/addPassword`, {
      method: 'POST',
      body: { passwordCredential: { displayName: 'ConfigMgr', endDateTime: '2028-11-23T00:00:00Z' } },
    });
    expect(reply.status).toBe(200);
    expectGraphFields<PasswordCredential>(reply.body, [
      'keyId',
      'secretText',
      'hint',
      'displayName',
      'startDateTime',
      'endDateTime',
      'customKeyIdentifier',
    ]);
    expect(reply.body.secretText).toMatch(/^REHEARSAL-SECRET-[\w-]{20,}$/);
    expect(reply.body.hint).toBe(reply.body.secretText?.slice(0, 3));
    const read = (await call<Application>(`${v1}/applications/${app.id}`)).body;
    expect(read.passwordCredentials?.[0]?.secretText).toBeNull();
    expect(read.passwordCredentials?.[0]?.keyId).toBe(reply.body.keyId);
    expect(JSON.stringify(read)).not.toContain(reply.body.secretText ?? 'never');
    expectGraphError(
      await call(`${v1}/applications/${app.id}/addPassword`, {
        method: 'POST',
        body: { passwordCredential: { endDateTime: '2001-01-01T00:00:00Z' } },
      }),
      400,
      'Request_BadRequest',
    );
    expect(
      (
        await call(`${v1}/applications/${app.id}/removePassword`, {
          method: 'POST',
          body: { keyId: reply.body.keyId },
        })
      ).status,
    ).toBe(204);
  });

  it('should delete an application and its service principal', async () => {
    const app = await createApp();
    await createServicePrincipal(app.appId);
    expect((await call(`${v1}/applications/${app.id}`, { method: 'DELETE' })).status).toBe(204);
    expectGraphError(await call(`${v1}/applications/${app.id}`), 404, 'Request_ResourceNotFound');
    expect(
      (
        await call<List<ServicePrincipal>>(
          `${v1}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`,
        )
      ).body.value,
    ).toEqual([]);
  });
});

describe('Graph service principals and consent', () => {
  it('should create a service principal for an application and find it by appId', async () => {
    const app = await createApp({
      displayName: 'ConfigMgrService',
      identifierUris: [`api://${TENANT_ID}/ConfigMgrService`],
    });
    const sp = await createServicePrincipal(app.appId);
    expectGraphFields<ServicePrincipal>(sp, [
      'id',
      'appId',
      'displayName',
      'servicePrincipalType',
      'servicePrincipalNames',
      'appRoles',
      'oauth2PermissionScopes',
      'accountEnabled',
      'appOwnerOrganizationId',
      'tags',
    ]);
    expect(sp.id).toMatch(GUID_PATTERN);
    expect(sp.servicePrincipalNames).toEqual([app.appId, `api://${TENANT_ID}/ConfigMgrService`]);
    const found = await call<List<ServicePrincipal>>(
      `${v1}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`,
    );
    expect(found.body.value.map((item) => item.id)).toEqual([sp.id]);
    expect((await call<ServicePrincipal>(`${v1}/servicePrincipals/${sp.id}`)).body.appId).toBe(app.appId);
  });

  it('should refuse a second service principal for the same app and one for an unknown app', async () => {
    const app = await createApp();
    await createServicePrincipal(app.appId);
    expectGraphError(
      await call(`${v1}/servicePrincipals`, { method: 'POST', body: { appId: app.appId } }),
      409,
      'Request_MultipleObjectsWithSameKeyValue',
    );
    expectGraphError(
      await call(`${v1}/servicePrincipals`, {
        method: 'POST',
        body: { appId: '22222222-2222-4222-8222-222222222222' },
      }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/servicePrincipals`, { method: 'POST', body: { appId: 'not-a-guid' } }),
      400,
      'Request_BadRequest',
    );
  });

  it('should expose the Microsoft Graph service principal with the Directory.Read.All app role', async () => {
    const reply = await call<List<ServicePrincipal>>(
      `${v1}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${GRAPH_APP_ID}'`)}`,
    );
    const graph = reply.body.value[0];
    expect(graph?.id).toBe(GRAPH_SERVICE_PRINCIPAL_ID);
    expect(graph?.appRoles?.find((role) => role.id === DIRECTORY_READ_ALL_ROLE_ID)?.value).toBe(
      'Directory.Read.All',
    );
  });

  it('should grant an application permission through appRoleAssignedTo and list it', async () => {
    const app = await createApp();
    const sp = await createServicePrincipal(app.appId);
    const body = {
      principalId: sp.id,
      resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
      appRoleId: DIRECTORY_READ_ALL_ROLE_ID,
    };
    const reply = await call<AppRoleAssignment>(
      `${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`,
      { method: 'POST', body },
    );
    expect(reply.status).toBe(201);
    expectGraphFields<AppRoleAssignment>(reply.body, [
      'id',
      'appRoleId',
      'principalId',
      'principalType',
      'principalDisplayName',
      'resourceId',
      'resourceDisplayName',
      'createdDateTime',
    ]);
    expect(reply.body.id).not.toMatch(GUID_PATTERN);
    expect(reply.body.principalType).toBe('ServicePrincipal');
    const list = await call<List<AppRoleAssignment>>(
      `${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`,
    );
    expect(list.body.value.map((item) => item.id)).toEqual([reply.body.id]);
    expectGraphError(
      await call(`${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
        method: 'POST',
        body,
      }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
        method: 'POST',
        body: { ...body, appRoleId: '33333333-3333-4333-8333-333333333333' },
      }),
      400,
      'Request_BadRequest',
    );
  });

  it('should create a tenant-wide delegated grant and find it by clientId', async () => {
    const scope = {
      id: 'b1c3d5e7-0000-4000-8000-000000000001',
      value: 'user_impersonation',
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Access',
      adminConsentDescription: 'Access',
    };
    const server = await createServicePrincipal(
      (await createApp({ displayName: 'ConfigMgrService', api: { oauth2PermissionScopes: [scope] } })).appId,
    );
    const client = await createServicePrincipal((await createApp({ displayName: 'ConfigMgrClient' })).appId);
    const body = {
      clientId: client.id,
      consentType: 'AllPrincipals',
      resourceId: server.id,
      scope: 'user_impersonation',
    };
    const reply = await call<OAuth2PermissionGrant>(`${v1}/oauth2PermissionGrants`, { method: 'POST', body });
    expect(reply.status).toBe(201);
    expectGraphFields<OAuth2PermissionGrant>(reply.body, [
      'id',
      'clientId',
      'consentType',
      'principalId',
      'resourceId',
      'scope',
    ]);
    expect(reply.body.principalId).toBeNull();
    const found = await call<List<OAuth2PermissionGrant>>(
      `${v1}/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${client.id}'`)}`,
    );
    expect(found.body['@odata.context']).toBe(`${v1}/$metadata#oauth2PermissionGrants`);
    expect(found.body.value.map((grant) => grant.id)).toEqual([reply.body.id]);
    expectGraphError(
      await call(`${v1}/oauth2PermissionGrants`, { method: 'POST', body }),
      409,
      'Request_MultipleObjectsWithSameKeyValue',
    );
    expectGraphError(
      await call(`${v1}/oauth2PermissionGrants`, {
        method: 'POST',
        body: { ...body, scope: 'user_impersonation Mail.Send' },
      }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await call(`${v1}/oauth2PermissionGrants`, {
        method: 'POST',
        body: { ...body, consentType: 'Everyone' },
      }),
      400,
      'Request_BadRequest',
    );
  });
  it("should update a grant's scope, delete it, and remove an app role assignment", async () => {
    const scope = {
      id: 'b1c3d5e7-0000-4000-8000-000000000002',
      value: 'user_impersonation',
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Access',
      adminConsentDescription: 'Access',
    };
    const server = await createServicePrincipal(
      (await createApp({ displayName: 'S', api: { oauth2PermissionScopes: [scope] } })).appId,
    );
    const client = await createServicePrincipal((await createApp({ displayName: 'C' })).appId);
    const grant = await call<OAuth2PermissionGrant>(`${v1}/oauth2PermissionGrants`, {
      method: 'POST',
      body: { clientId: client.id, consentType: 'AllPrincipals', resourceId: server.id, scope: '' },
    });
    expect(grant.status).toBe(201);
    expect(
      (
        await call(`${v1}/oauth2PermissionGrants/${grant.body.id}`, {
          method: 'PATCH',
          body: { scope: 'user_impersonation' },
        })
      ).status,
    ).toBe(204);
    expect(
      (await call<OAuth2PermissionGrant>(`${v1}/oauth2PermissionGrants/${grant.body.id}`)).body.scope,
    ).toBe('user_impersonation');
    expectGraphError(
      await call(`${v1}/oauth2PermissionGrants/${grant.body.id}`, {
        method: 'PATCH',
        body: { clientId: server.id },
      }),
      400,
      'Request_BadRequest',
    );
    expect((await call(`${v1}/oauth2PermissionGrants/${grant.body.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expectGraphError(
      await call(`${v1}/oauth2PermissionGrants/${grant.body.id}`),
      404,
      'Request_ResourceNotFound',
    );
    const assignment = await call<AppRoleAssignment>(
      `${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`,
      {
        method: 'POST',
        body: {
          principalId: client.id,
          resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
          appRoleId: DIRECTORY_READ_ALL_ROLE_ID,
        },
      },
    );
    const mine = await call<List<AppRoleAssignment>>(
      `${v1}/servicePrincipals/${client.id}/appRoleAssignments`,
    );
    expect(mine.body.value.map((item) => item.id)).toEqual([assignment.body.id]);
    expect(
      (
        await call(
          `${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo/${assignment.body.id}`,
          { method: 'DELETE' },
        )
      ).status,
    ).toBe(204);
    expect(
      (await call<List<AppRoleAssignment>>(`${v1}/servicePrincipals/${client.id}/appRoleAssignments`)).body
        .value,
    ).toEqual([]);
  });
});

describe('Graph $batch', () => {
  it('should dispatch each request through the same routes and return id, status, headers and body', async () => {
    const reply = await call<{
      responses: Array<{
        id: string;
        status: number;
        headers: Record<string, string>;
        body?: Record<string, unknown>;
      }>;
    }>(`${v1}/$batch`, {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/organization?$select=id' },
          {
            id: '2',
            method: 'POST',
            url: '/applications',
            headers: { 'Content-Type': 'application/json' },
            body: { displayName: 'Batched' },
          },
          { id: '3', method: 'GET', url: '/users/nobody@contoso.com', dependsOn: ['1'] },
          { id: '4', method: 'GET', url: '/me', dependsOn: ['3'] },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const byId = new Map(reply.body.responses.map((response) => [response.id, response]));
    expect(byId.get('1')?.status).toBe(200);
    expect(byId.get('1')?.body?.['value'] as unknown[]).toHaveLength(1);
    expect(byId.get('2')?.status).toBe(201);
    expect(byId.get('2')?.body?.['displayName']).toBe('Batched');
    expect(byId.get('3')?.status).toBe(404);
    expect(byId.get('4')?.status).toBe(424);
    expect(
      (await call<{ applications: number }>(`${emulator.baseUrl}/_emulator/objects`)).body.applications,
    ).toBe(1);
  });

  it('should refuse more than 20 requests, duplicate ids, absolute urls and bodies without Content-Type', async () => {
    const many = Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: 'GET', url: '/me' }));
    expectGraphError(
      await call(`${v1}/$batch`, { method: 'POST', body: { requests: many } }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call(`${v1}/$batch`, {
        method: 'POST',
        body: {
          requests: [
            { id: '1', method: 'GET', url: '/me' },
            { id: '1', method: 'GET', url: '/me' },
          ],
        },
      }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call(`${v1}/$batch`, {
        method: 'POST',
        body: { requests: [{ id: '1', method: 'GET', url: 'https://evil.example/me' }] },
      }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call(`${v1}/$batch`, {
        method: 'POST',
        body: { requests: [{ id: '1', method: 'POST', url: '/applications', body: { displayName: 'x' } }] },
      }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call(`${v1}/$batch`, { method: 'POST', body: { requests: [] } }),
      400,
      'BadRequest',
    );
  });

  it('should require a token for the batch itself', async () => {
    expectGraphError(
      await call(`${v1}/$batch`, {
        method: 'POST',
        token: null,
        body: { requests: [{ id: '1', method: 'GET', url: '/me' }] },
      }),
      401,
      'InvalidAuthenticationToken',
    );
  });
});
