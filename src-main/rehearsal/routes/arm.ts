import type { EmulatorContext } from '../context';
import type { Router } from '../router';
import { COLLECTIONS } from '../seed';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import { ARM_API_VERSIONS } from './arm-api-versions';
import { objectBody, type Row } from './graph-common';

/** How long a provider stays "Registering" after POST …/register (a client should poll). */
export const PROVIDER_REGISTRATION_MS = 3000;

/** Regions the rehearsal subscription offers (lower-case ARM location names). */
const REGION_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  francecentral: 'France Central',
  belgiumcentral: 'Belgium Central',
  germanywestcentral: 'Germany West Central',
  uksouth: 'UK South',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  eastus: 'East US',
  eastus2: 'East US 2',
  centralus: 'Central US',
  westus2: 'West US 2',
  westus3: 'West US 3',
  canadacentral: 'Canada Central',
  australiaeast: 'Australia East',
  japaneast: 'Japan East',
};
export const ARM_REGIONS: readonly string[] = Object.keys(REGION_DISPLAY_NAMES);

const ROLE_DEFINITIONS: Readonly<
  Record<string, { roleName: string; description: string; actions: string[]; notActions: string[] }>
> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': {
    roleName: 'Owner',
    description:
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    actions: ['*'],
    notActions: [],
  },
  'b24988ac-6180-42a0-ab88-20f7382dd24c': {
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ],
  },
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': {
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    actions: ['*/read'],
    notActions: [],
  },
};

const PROVIDER_RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.compute': ['virtualMachineScaleSets', 'virtualMachines'],
  'microsoft.network': ['publicIPAddresses', 'locations/CheckDnsNameAvailability'],
  'microsoft.keyvault': ['vaults', 'checkNameAvailability'],
  'microsoft.storage': ['storageAccounts', 'checkNameAvailability'],
};

const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const STORAGE_NAME = /^[a-z0-9]{3,24}$/;
const RESOURCE_GROUP_NAME = /^[-\w._()]{1,90}$/u;

export function registerArmRoutes(router: Router, ctx: EmulatorContext): void {
  const subscriptions = ctx.store.collection<Row>(COLLECTIONS.subscriptions);
  const groups = ctx.store.collection<Row>(COLLECTIONS.resourceGroups);
  const providers = ctx.store.collection<Row>(COLLECTIONS.providers);
  const taken = ctx.store.collection<Row>(COLLECTIONS.takenNames);

  const subscriptionView = (sub: Row): object => ({
    id: `/subscriptions/${sub.id}`,
    authorizationSource: sub['authorizationSource'],
    managedByTenants: sub['managedByTenants'],
    subscriptionId: sub['subscriptionId'],
    tenantId: sub['tenantId'],
    displayName: sub['displayName'],
    state: sub['state'],
    subscriptionPolicies: sub['subscriptionPolicies'],
  });
  const groupView = (group: Row): object => ({
    id: `/subscriptions/${String(group['subscriptionId'])}/resourceGroups/${String(group['name'])}`,
    name: group['name'],
    type: 'Microsoft.Resources/resourceGroups',
    location: group['location'],
    ...(group['tags'] && Object.keys(group['tags'] as object).length > 0 ? { tags: group['tags'] } : {}),
    properties: { provisioningState: 'Succeeded' },
  });
  const providerView = (provider: Row): object => {
    let state = provider['registrationState'];
    const until = provider['registeredAt'];
    if (state === 'Registering' && typeof until === 'number' && ctx.now().getTime() >= until) {
      providers.update(provider.id, { registrationState: 'Registered', registeredAt: null });
      state = 'Registered';
    }
    const namespace = String(provider['namespace']);
    return {
      id: `/subscriptions/${String(provider['subscriptionId'])}/providers/${namespace}`,
      namespace,
      registrationState: state,
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: (PROVIDER_RESOURCE_TYPES[namespace.toLowerCase()] ?? []).map((resourceType) => ({
        resourceType,
        locations: Object.values(REGION_DISPLAY_NAMES),
        apiVersions: ['2024-01-01', '2023-09-01'],
      })),
    };
  };

  /** Runs `handler` with the subscription, or answers ARM's SubscriptionNotFound. */
  const withSubscription =
    (handler: (request: EmulatorRequest, sub: Row) => EmulatorResponse) =>
    (request: EmulatorRequest): EmulatorResponse => {
      const id = (request.params['sub'] ?? '').toLowerCase();
      const sub = subscriptions.get(id);
      if (!sub)
        return ctx.errors.arm(
          404,
          'SubscriptionNotFound',
          `The subscription '${request.params['sub'] ?? ''}' could not be found.`,
        );
      return handler(request, sub);
    };

  router.arm('GET', '/subscriptions', { apiVersions: ARM_API_VERSIONS.subscriptions }, () => {
    const value = subscriptions.list().map(subscriptionView);
    return { status: 200, body: { value, count: { type: 'Total', value: value.length } } };
  });
  router.arm(
    'GET',
    '/subscriptions/:sub',
    { apiVersions: ARM_API_VERSIONS.subscriptions },
    withSubscription((_request, sub) => ({ status: 200, body: subscriptionView(sub) })),
  );
  router.arm(
    'GET',
    '/subscriptions/:sub/resourcegroups',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((_request, sub) => ({
      status: 200,
      body: {
        value: groups
          .list()
          .filter((group) => group['subscriptionId'] === sub.id)
          .map(groupView),
      },
    })),
  );
  router.arm(
    'GET',
    '/subscriptions/:sub/resourcegroups/:rg',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((request, sub) => {
      const name = request.params['rg'] ?? '';
      const group = groups.get(`${sub.id}/${name.toLowerCase()}`);
      return group
        ? { status: 200, body: groupView(group) }
        : ctx.errors.arm(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    }),
  );
  router.arm(
    'PUT',
    '/subscriptions/:sub/resourcegroups/:rg',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((request, sub) => {
      const name = request.params['rg'] ?? '';
      if (!RESOURCE_GROUP_NAME.test(name) || name.endsWith('.')) {
        return ctx.errors.arm(
          400,
          'InvalidResourceGroupName',
          `The resource group name '${name}' is invalid. It may contain letters, digits, '_', '-', '.', '(' and ')' (up to 90), and must not end with a period.`,
        );
      }
      const body = objectBody(request);
      const location =
        typeof body?.['location'] === 'string' ? body['location'].toLowerCase().replace(/\s+/g, '') : '';
      if (!location)
        return ctx.errors.arm(
          400,
          'LocationRequired',
          'The location property is required for this definition.',
        );
      if (!ARM_REGIONS.includes(location)) {
        return ctx.errors.arm(
          400,
          'LocationNotAvailableForResourceGroup',
          `The provided location '${location}' is not available for resource group. List of available regions is '${ARM_REGIONS.join(',')}'.`,
        );
      }
      const key = `${sub.id}/${name.toLowerCase()}`;
      const existing = groups.get(key);
      const tags = typeof body?.['tags'] === 'object' && body['tags'] !== null ? body['tags'] : {};
      if (existing) {
        if (existing['location'] !== location) {
          return ctx.errors.arm(
            409,
            'InvalidResourceGroupLocation',
            `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing['location'])}'.`,
          );
        }
        const updated = groups.update(key, { tags });
        return { status: 200, body: groupView(updated ?? existing) };
      }
      const group = groups.insert({ id: key, subscriptionId: sub.id, name, location, tags });
      return { status: 201, body: groupView(group) };
    }),
  );

  router.arm(
    'GET',
    '/subscriptions/:sub/providers',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((_request, sub) => ({
      status: 200,
      body: {
        value: providers
          .list()
          .filter((provider) => provider['subscriptionId'] === sub.id)
          .map(providerView),
      },
    })),
  );
  const findProvider = (sub: Row, namespace: string): Row | undefined =>
    providers.get(`${sub.id}/${namespace.toLowerCase()}`);
  const unknownNamespace = (namespace: string): EmulatorResponse =>
    ctx.errors.arm(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  router.arm(
    'GET',
    '/subscriptions/:sub/providers/:ns',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((request, sub) => {
      const provider = findProvider(sub, request.params['ns'] ?? '');
      return provider
        ? { status: 200, body: providerView(provider) }
        : unknownNamespace(request.params['ns'] ?? '');
    }),
  );
  router.arm(
    'POST',
    '/subscriptions/:sub/providers/:ns/register',
    { apiVersions: ARM_API_VERSIONS.resources },
    withSubscription((request, sub) => {
      const provider = findProvider(sub, request.params['ns'] ?? '');
      if (!provider) return unknownNamespace(request.params['ns'] ?? '');
      if (provider['registrationState'] !== 'Registered') {
        providers.update(provider.id, {
          registrationState: 'Registering',
          registeredAt: ctx.now().getTime() + PROVIDER_REGISTRATION_MS,
        });
      }
      return { status: 200, body: providerView(findProvider(sub, request.params['ns'] ?? '') ?? provider) };
    }),
  );

  const isTaken = (kind: string, name: string): boolean =>
    taken.get(`${kind}:${name.toLowerCase()}`) !== undefined;
  router.arm(
    'GET',
    '/subscriptions/:sub/providers/Microsoft.Network/locations/:region/CheckDnsNameAvailability',
    { apiVersions: ARM_API_VERSIONS.network },
    withSubscription((request) => {
      const region = (request.params['region'] ?? '').toLowerCase();
      if (!ARM_REGIONS.includes(region)) {
        return ctx.errors.arm(
          400,
          'LocationNotAvailableForResourceType',
          `The provided location '${request.params['region'] ?? ''}' is not available for resource type 'Microsoft.Network/locations/checkDnsNameAvailability'.`,
        );
      }
      const label = request.query.get('domainNameLabel');
      if (label === null || label === '') {
        return ctx.errors.arm(
          400,
          'InvalidRequestFormat',
          'Cannot parse the request: the domainNameLabel query parameter is required.',
        );
      }
      if (!DNS_LABEL.test(label)) {
        return ctx.errors.arm(
          400,
          'InvalidDomainNameLabel',
          `The domain name label ${label} is invalid. It must conform to the following regular expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.`,
        );
      }
      return { status: 200, body: { available: !isTaken('dnsLabel', label) } };
    }),
  );
  router.arm(
    'POST',
    '/subscriptions/:sub/providers/Microsoft.KeyVault/checkNameAvailability',
    { apiVersions: ARM_API_VERSIONS.keyVault },
    withSubscription((request) => {
      const body = objectBody(request);
      const name = body?.['name'];
      if (typeof name !== 'string' || body?.['type'] !== 'Microsoft.KeyVault/vaults') {
        return ctx.errors.arm(
          400,
          'InvalidRequestContent',
          "The request needs a string 'name' and 'type': 'Microsoft.KeyVault/vaults'.",
        );
      }
      if (!VAULT_NAME.test(name)) {
        return {
          status: 200,
          body: {
            nameAvailable: false,
            reason: 'AccountNameInvalid',
            message:
              'Vault name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.',
          },
        };
      }
      if (isTaken('keyVault', name)) {
        return {
          status: 200,
          body: {
            nameAvailable: false,
            reason: 'AlreadyExists',
            message: `The vault name '${name}' is already in use. Vault names are globally unique, so another tenant may own it, or a deleted vault with this name has not been purged yet.`,
          },
        };
      }
      return { status: 200, body: { nameAvailable: true } };
    }),
  );
  router.arm(
    'POST',
    '/subscriptions/:sub/providers/Microsoft.Storage/checkNameAvailability',
    { apiVersions: ARM_API_VERSIONS.storage },
    withSubscription((request) => {
      const body = objectBody(request);
      const name = body?.['name'];
      if (typeof name !== 'string' || body?.['type'] !== 'Microsoft.Storage/storageAccounts') {
        return ctx.errors.arm(
          400,
          'InvalidRequestContent',
          "The request needs a string 'name' and 'type': 'Microsoft.Storage/storageAccounts'.",
        );
      }
      if (!STORAGE_NAME.test(name)) {
        return {
          status: 200,
          body: {
            nameAvailable: false,
            reason: 'AccountNameInvalid',
            message: `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
          },
        };
      }
      if (isTaken('storageAccount', name)) {
        return {
          status: 200,
          body: {
            nameAvailable: false,
            reason: 'AlreadyExists',
            message: `The storage account named ${name} is already taken.`,
          },
        };
      }
      return { status: 200, body: { nameAvailable: true } };
    }),
  );

  router.arm(
    'GET',
    '/subscriptions/:sub/providers/Microsoft.Authorization/roleAssignments',
    { apiVersions: ARM_API_VERSIONS.authorization },
    withSubscription((request, sub) => {
      const filter = request.query.get('$filter');
      let principal: string | null = null;
      if (filter !== null) {
        const match =
          /^\s*(?:assignedTo\('([0-9a-fA-F-]{36})'\)|principalId\s+eq\s+'([0-9a-fA-F-]{36})')\s*$/.exec(
            filter,
          );
        if (!match && filter.trim() !== 'atScope()') {
          return ctx.errors.arm(
            400,
            'InvalidFilterInQueryString',
            `The $filter '${filter}' is not supported. Use assignedTo('{objectId}'), principalId eq '{objectId}' or atScope().`,
          );
        }
        principal = (match?.[1] ?? match?.[2] ?? null)?.toLowerCase() ?? null;
      }
      const value = ctx.store
        .collection<Row>(COLLECTIONS.roleAssignments)
        .list()
        .filter(
          (assignment) =>
            assignment['subscriptionId'] === sub.id &&
            (principal === null || assignment['principalId'] === principal),
        )
        .map((assignment) => ({
          id: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleAssignments/${assignment.id}`,
          type: 'Microsoft.Authorization/roleAssignments',
          name: assignment.id,
          properties: {
            roleDefinitionId: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleDefinitions/${String(assignment['roleDefinitionId'])}`,
            principalId: assignment['principalId'],
            principalType: assignment['principalType'],
            scope: assignment['scope'],
            condition: null,
            conditionVersion: null,
            createdOn: assignment['createdOn'],
            updatedOn: assignment['createdOn'],
            createdBy: null,
            updatedBy: null,
            delegatedManagedIdentityResourceId: null,
            description: null,
          },
        }));
      return { status: 200, body: { value } };
    }),
  );
  router.arm(
    'GET',
    '/subscriptions/:sub/providers/Microsoft.Authorization/roleDefinitions/:id',
    { apiVersions: ARM_API_VERSIONS.authorization },
    withSubscription((request, sub) => {
      const id = (request.params['id'] ?? '').toLowerCase();
      const definition = ROLE_DEFINITIONS[id];
      if (!definition)
        return ctx.errors.arm(
          404,
          'RoleDefinitionDoesNotExist',
          "The specified role definition with ID '" + id + "' does not exist.",
        );
      return {
        status: 200,
        body: {
          id: `/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleDefinitions/${id}`,
          type: 'Microsoft.Authorization/roleDefinitions',
          name: id,
          properties: {
            roleName: definition.roleName,
            type: 'BuiltInRole',
            description: definition.description,
            assignableScopes: ['/'],
            permissions: [
              {
                actions: definition.actions,
                notActions: definition.notActions,
                dataActions: [],
                notDataActions: [],
              },
            ],
          },
        },
      };
    }),
  );
}
