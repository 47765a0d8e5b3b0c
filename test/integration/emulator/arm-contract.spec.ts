import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  ADMIN_USER_ID,
  ARM_API_VERSIONS,
  type Emulator,
  OWNER_ROLE_DEFINITION_ID,
  RESOURCE_GROUP_LOCATION,
  RESOURCE_GROUP_NAME,
  SUBSCRIPTION_ID,
  TAKEN_CMG_NAME,
  TENANT_ID,
} from '/@/src-main/rehearsal';

import {
  call,
  expectArmError,
  GUID_PATTERN,
  manualClock,
  type Reply,
  startTestEmulator,
  withEmulator,
} from './support';

/** The api-version the product sends to each provider (the first one the emulator accepts). */
const SUBS = `api-version=${ARM_API_VERSIONS.subscriptions[0]}`;
const RES = `api-version=${ARM_API_VERSIONS.resources[0]}`;
const NET = `api-version=${ARM_API_VERSIONS.network[0]}`;
const KV = `api-version=${ARM_API_VERSIONS.keyVault[0]}`;
const ST = `api-version=${ARM_API_VERSIONS.storage[0]}`;
const AUTH = `api-version=${ARM_API_VERSIONS.authorization[0]}`;
const clock = manualClock();
let emulator: Emulator;
let sub: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ now: clock.now });
  sub = `${emulator.armBaseUrl}/subscriptions/${SUBSCRIPTION_ID}`;
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await emulator.reset();
});

interface Provider {
  id: string;
  namespace: string;
  registrationState: string;
  resourceTypes: Array<{ resourceType: string; locations: string[] }>;
}

describe('ARM requests', () => {
  it('should answer 400 MissingApiVersionParameter when api-version is absent', async () => {
    expectArmError(await call(`${emulator.armBaseUrl}/subscriptions`), 400, 'MissingApiVersionParameter');
  });

  it("should answer 401 in ARM's error shape when the token is missing or invalid", async () => {
    expectArmError(
      await call(`${emulator.armBaseUrl}/subscriptions?${SUBS}`, { token: null }),
      401,
      'AuthenticationFailed',
    );
    expectArmError(
      await call(`${emulator.armBaseUrl}/subscriptions?${SUBS}`, { token: 'rehearsal.%%%' }),
      401,
      'InvalidAuthenticationToken',
    );
  });

  it('should return x-ms-request-id and echo x-ms-correlation-request-id', async () => {
    const reply = await call(`${emulator.armBaseUrl}/subscriptions?${SUBS}`, {
      headers: { 'x-ms-correlation-request-id': 'corr-1' },
    });
    expect(reply.headers.get('x-ms-request-id')).toMatch(GUID_PATTERN);
    expect(reply.headers.get('x-ms-correlation-request-id')).toBe('corr-1');
  });

  it("should throttle with ARM's code and Retry-After when a throttle fault matches", async () => {
    emulator.faults.add({ kind: 'throttle', path: '/arm/subscriptions', times: 1, retryAfterSeconds: 5 });
    const reply = await call(`${emulator.armBaseUrl}/subscriptions?${SUBS}`);
    expectArmError(reply, 429, 'SubscriptionRequestsThrottled');
    expect(reply.headers.get('retry-after')).toBe('5');
    expect((await call(`${emulator.armBaseUrl}/subscriptions?${SUBS}`)).status).toBe(200);
  });

  it('should answer SubscriptionNotFound for an unknown subscription', async () => {
    expectArmError(
      await call(
        `${emulator.armBaseUrl}/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups?${RES}`,
      ),
      404,
      'SubscriptionNotFound',
    );
  });
});

describe('ARM subscriptions and resource groups', () => {
  it('should list the subscription with its tenant and state', async () => {
    const reply = await call<{
      value: Array<Record<string, unknown>>;
      count: { type: string; value: number };
    }>(`${emulator.armBaseUrl}/subscriptions?${SUBS}`);
    expect(reply.status).toBe(200);
    expect(reply.body.value).toHaveLength(1);
    const subscription = reply.body.value[0];
    expect(subscription).toMatchObject({
      id: `/subscriptions/${SUBSCRIPTION_ID}`,
      subscriptionId: SUBSCRIPTION_ID,
      tenantId: TENANT_ID,
      state: 'Enabled',
    });
    expect(subscription?.['displayName']).toBeTypeOf('string');
    expect(reply.body.count).toEqual({ type: 'Total', value: 1 });
    expect((await call(`${sub}?${SUBS}`)).body).toMatchObject({ subscriptionId: SUBSCRIPTION_ID });
  });

  it('should list and get resource groups case-insensitively', async () => {
    const list = await call<{ value: Array<Record<string, unknown>> }>(`${sub}/resourceGroups?${RES}`);
    expect(list.body.value).toEqual([
      {
        id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP_NAME}`,
        name: RESOURCE_GROUP_NAME,
        type: 'Microsoft.Resources/resourceGroups',
        location: RESOURCE_GROUP_LOCATION,
        properties: { provisioningState: 'Succeeded' },
      },
    ]);
    expect((await call(`${sub}/resourcegroups/${RESOURCE_GROUP_NAME.toUpperCase()}?${RES}`)).status).toBe(
      200,
    );
    expectArmError(await call(`${sub}/resourcegroups/rg-missing?${RES}`), 404, 'ResourceGroupNotFound');
  });

  it('should create a resource group with 201, then answer 200 when it is put again', async () => {
    const first = await call(`${sub}/resourcegroups/rg-cmg?${RES}`, {
      method: 'PUT',
      body: { location: 'westeurope' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'rg-cmg',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
    expect(
      (await call(`${sub}/resourcegroups/rg-cmg?${RES}`, { method: 'PUT', body: { location: 'westeurope' } }))
        .status,
    ).toBe(200);
  });

  it('should refuse to move a resource group to another region, a missing location and a bad name', async () => {
    expectArmError(
      await call(`${sub}/resourcegroups/${RESOURCE_GROUP_NAME}?${RES}`, {
        method: 'PUT',
        body: { location: 'eastus' },
      }),
      409,
      'InvalidResourceGroupLocation',
    );
    expectArmError(
      await call(`${sub}/resourcegroups/rg-x?${RES}`, { method: 'PUT', body: {} }),
      400,
      'LocationRequired',
    );
    expectArmError(
      await call(`${sub}/resourcegroups/rg-x?${RES}`, { method: 'PUT', body: { location: 'moon' } }),
      400,
      'LocationNotAvailableForResourceGroup',
    );
    expectArmError(
      await call(`${sub}/resourcegroups/${encodeURIComponent("rg'x")}?${RES}`, {
        method: 'PUT',
        body: { location: 'westeurope' },
      }),
      400,
      'InvalidResourceGroupName',
    );
    expectArmError(
      await call(`${sub}/resourcegroups/rg.?${RES}`, { method: 'PUT', body: { location: 'westeurope' } }),
      400,
      'InvalidResourceGroupName',
    );
  });
});

describe('ARM resource providers', () => {
  it('should report Compute, Network and Storage registered and Key Vault not registered', async () => {
    const state = async (namespace: string): Promise<string> =>
      (await call<Provider>(`${sub}/providers/${namespace}?${RES}`)).body.registrationState;
    expect(await state('Microsoft.Compute')).toBe('Registered');
    expect(await state('Microsoft.Network')).toBe('Registered');
    expect(await state('microsoft.storage')).toBe('Registered');
    expect(await state('Microsoft.KeyVault')).toBe('NotRegistered');
    const provider = (await call<Provider>(`${sub}/providers/Microsoft.KeyVault?${RES}`)).body;
    expect(provider.id).toBe(`/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.KeyVault`);
    expect(provider.namespace).toBe('Microsoft.KeyVault');
    expect(provider.resourceTypes.map((type) => type.resourceType)).toContain('vaults');
  });

  it('should move a provider from Registering to Registered after register', async () => {
    const registered = await call<Provider>(`${sub}/providers/Microsoft.KeyVault/register?${RES}`, {
      method: 'POST',
    });
    expect(registered.status).toBe(200);
    expect(registered.body.registrationState).toBe('Registering');
    expect((await call<Provider>(`${sub}/providers/Microsoft.KeyVault?${RES}`)).body.registrationState).toBe(
      'Registering',
    );
    clock.advance(60_000);
    expect((await call<Provider>(`${sub}/providers/Microsoft.KeyVault?${RES}`)).body.registrationState).toBe(
      'Registered',
    );
  });

  it('should answer InvalidResourceNamespace for an unknown provider', async () => {
    expectArmError(await call(`${sub}/providers/Microsoft.Nope?${RES}`), 404, 'InvalidResourceNamespace');
    expectArmError(
      await call(`${sub}/providers/Microsoft.Nope/register?${RES}`, { method: 'POST' }),
      404,
      'InvalidResourceNamespace',
    );
  });
});

describe('ARM name availability', () => {
  const dns = (label: string, region = 'westeurope'): string =>
    `${sub}/providers/Microsoft.Network/locations/${region}/CheckDnsNameAvailability?domainNameLabel=${encodeURIComponent(label)}&${NET}`;
  const keyVault = (name: unknown, type = 'Microsoft.KeyVault/vaults'): Promise<Reply> =>
    call(`${sub}/providers/Microsoft.KeyVault/checkNameAvailability?${KV}`, {
      method: 'POST',
      body: { name, type },
    });
  const storage = (name: unknown, type = 'Microsoft.Storage/storageAccounts'): Promise<Reply> =>
    call(`${sub}/providers/Microsoft.Storage/checkNameAvailability?${ST}`, {
      method: 'POST',
      body: { name, type },
    });

  it('should report a free name as available everywhere', async () => {
    expect((await call(dns('contosocmg'))).body).toEqual({ available: true });
    expect((await keyVault('contosocmg')).body).toEqual({ nameAvailable: true });
    expect((await storage('contosocmg')).body).toEqual({ nameAvailable: true });
  });

  it('should refuse malformed names with the real reasons', async () => {
    expectArmError(await call(dns('Contoso_CMG')), 400, 'InvalidDomainNameLabel');
    expectArmError(await call(dns('')), 400, 'InvalidRequestFormat');
    expectArmError(await call(dns('contosocmg', 'atlantis')), 400, 'LocationNotAvailableForResourceType');
    for (const name of ['ab', '1contoso', 'contoso--cmg', 'x'.repeat(25), 'contoso-']) {
      expect((await keyVault(name)).body, name).toMatchObject({
        nameAvailable: false,
        reason: 'AccountNameInvalid',
      });
    }
    for (const name of ['Contoso', 'contoso-cmg', 'ab', 'x'.repeat(25), "con'toso"]) {
      expect((await storage(name)).body, name).toMatchObject({
        nameAvailable: false,
        reason: 'AccountNameInvalid',
      });
    }
    expectArmError(
      await keyVault('contosocmg', 'Microsoft.Storage/storageAccounts'),
      400,
      'InvalidRequestContent',
    );
    expectArmError(await storage(42), 400, 'InvalidRequestContent');
  });

  it('should report the preset name as taken as DNS label, Key Vault and storage account', async () => {
    await withEmulator({ presets: ['taken-cmg-name'] }, async (taken) => {
      const base = `${taken.armBaseUrl}/subscriptions/${SUBSCRIPTION_ID}/providers`;
      expect(
        (
          await call(
            `${base}/Microsoft.Network/locations/northeurope/CheckDnsNameAvailability?domainNameLabel=${TAKEN_CMG_NAME}&${NET}`,
          )
        ).body,
      ).toEqual({ available: false });
      const vault = await call(`${base}/Microsoft.KeyVault/checkNameAvailability?${KV}`, {
        method: 'POST',
        body: { name: TAKEN_CMG_NAME, type: 'Microsoft.KeyVault/vaults' },
      });
      expect(vault.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
      expect(vault.body['message']).toContain(TAKEN_CMG_NAME);
      const account = await call(`${base}/Microsoft.Storage/checkNameAvailability?${ST}`, {
        method: 'POST',
        body: { name: TAKEN_CMG_NAME, type: 'Microsoft.Storage/storageAccounts' },
      });
      expect(account.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    });
  });
});

describe('ARM role assignments', () => {
  it("should list the admin's Owner assignment on the subscription with assignedTo()", async () => {
    const reply = await call<{
      value: Array<{ id: string; type: string; name: string; properties: Record<string, unknown> }>;
    }>(
      `${sub}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`assignedTo('${ADMIN_USER_ID}')`)}&${AUTH}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.value).toHaveLength(1);
    const assignment = reply.body.value[0];
    expect(assignment?.type).toBe('Microsoft.Authorization/roleAssignments');
    expect(assignment?.id).toBe(
      `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments/${assignment?.name}`,
    );
    expect(assignment?.properties).toMatchObject({
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_DEFINITION_ID}`,
      principalId: ADMIN_USER_ID,
      principalType: 'User',
      scope: `/subscriptions/${SUBSCRIPTION_ID}`,
    });
    const definition = await call<{ properties: { roleName: string } }>(
      `${sub}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_DEFINITION_ID}?${AUTH}`,
    );
    expect(definition.body.properties.roleName).toBe('Owner');
  });

  it('should return no assignment for another principal and refuse an unsupported filter', async () => {
    const other = await call<{ value: unknown[] }>(
      `${sub}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent("principalId eq '11111111-1111-1111-1111-111111111111'")}&${AUTH}`,
    );
    expect(other.body.value).toEqual([]);
    expectArmError(
      await call(
        `${sub}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent("roleName eq 'Owner'")}&${AUTH}`,
      ),
      400,
      'InvalidFilterInQueryString',
    );
  });
});
