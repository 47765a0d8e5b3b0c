import type { EmulatorStore, Entity } from './store';

/** Fixed ids of the seeded tenant, so rehearsal tokens and tests can name them. */
export const TENANT_ID = '9b73e3d9-9cea-4a1d-9332-bca3d7c74adc';
export const ADMIN_USER_ID = 'a7adf0dc-a251-416b-9faf-df0fb3a8e2a1';
export const ADMIN_UPN = 'admin@contoso.onmicrosoft.com';
export const SUBSCRIPTION_ID = '6090181d-acdc-4333-9505-9c3100926ed9';
export const RESOURCE_GROUP_NAME = 'rg-configmgr';
export const RESOURCE_GROUP_LOCATION = 'westeurope';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_SERVICE_PRINCIPAL_ID = 'd7f72be3-c5f0-4928-9bc0-0ffd137cb9b1';
export const DIRECTORY_READ_ALL_ROLE_ID = '7ab1d382-f21e-4acd-a863-ba3e13f7da61';
export const OWNER_ROLE_DEFINITION_ID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const GLOBAL_ADMIN_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';
export const CLOUD_APP_ADMIN_TEMPLATE_ID = '158c047a-c907-4556-b7ef-446551a6b5f7';
/** Privileged Role Administrator: with Global Administrator, the roles that may grant Graph app roles. */
export const PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
export const INTUNE_ADMIN_TEMPLATE_ID = '3a2c62db-5318-420d-8d74-23affee5d9d5';
export const EMS_E3_SKU_ID = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
export const AAD_PREMIUM_SKU_ID = '078d2b04-f1bd-4111-bbd4-b4b1b354cef4';
/** The Intune automatic-enrollment policy's well-known id. */
export const MDM_POLICY_ID = '0000000a-0000-0000-c000-000000000000';
export const INTUNE_A_PLAN_ID = 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5';
const AAD_PREMIUM_PLAN_ID = '41781fb2-bc02-4b7c-bd55-b576c07bb09d';
const MFA_PREMIUM_PLAN_ID = '8a256a2b-b617-496d-b51b-e76466e88db0';
const RMS_S_PREMIUM_PLAN_ID = '6c57d4b6-3b23-47a5-9bc9-69f17b4947b3';
const RMS_S_ENTERPRISE_PLAN_ID = 'bea4c11e-220a-4e6d-8eb8-8ea15d019f90';

const GLOBAL_ADMIN_ROLE_ID = 'ca387be1-3c1b-41e5-a0e1-f99175a084eb';
const CLOUD_APP_ADMIN_ROLE_ID = '5e70de0f-9f30-4ad8-82e4-9637a017c8a9';
const INTUNE_ADMIN_ROLE_ID = '3a545ef9-fc45-406c-b690-831e425e53e8';

/** Collection names of the built-in tenant (extension routes add their own, e.g. `mobileApps`). */
export const COLLECTIONS = {
  organization: 'organization',
  subscribedSkus: 'subscribedSkus',
  users: 'users',
  groups: 'groups',
  groupMembers: 'groupMembers',
  directoryRoles: 'directoryRoles',
  directoryRoleMembers: 'directoryRoleMembers',
  applications: 'applications',
  servicePrincipals: 'servicePrincipals',
  oauth2PermissionGrants: 'oauth2PermissionGrants',
  appRoleAssignments: 'appRoleAssignments',
  subscriptions: 'subscriptions',
  resourceGroups: 'resourceGroups',
  providers: 'providers',
  roleAssignments: 'roleAssignments',
  takenNames: 'takenNames',
  mobileDeviceManagementPolicies: 'mobileDeviceManagementPolicies',
} as const;

/** Resource providers the rehearsal subscription knows; Key Vault starts unregistered on purpose. */
export const PROVIDER_NAMESPACES: Readonly<Record<string, 'Registered' | 'NotRegistered'>> = {
  'Microsoft.Compute': 'Registered',
  'Microsoft.Network': 'Registered',
  'Microsoft.Storage': 'Registered',
  'Microsoft.KeyVault': 'NotRegistered',
  'Microsoft.Resources': 'Registered',
  'Microsoft.Authorization': 'Registered',
  'Microsoft.ClassicCompute': 'NotRegistered',
};

type Row = Entity & Record<string, unknown>;

/** Fills an empty store with the "Contoso (rehearsal)" tenant. */
export function seedTenant(store: EmulatorStore, now: () => Date): void {
  const created = new Date(now().getTime() - 400 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const insert = (collection: string, rows: readonly Row[]): void => {
    const target = store.collection<Row>(collection);
    for (const row of rows) target.insert(row);
  };
  insert(COLLECTIONS.organization, [
    {
      id: TENANT_ID,
      displayName: 'Contoso (rehearsal)',
      tenantType: 'AAD',
      createdDateTime: created,
      countryLetterCode: 'BE',
      preferredLanguage: 'en',
      city: 'Brussels',
      country: null,
      businessPhones: [],
      technicalNotificationMails: [ADMIN_UPN],
      mobileDeviceManagementAuthority: 'intune',
      onPremisesSyncEnabled: null,
      verifiedDomains: [
        {
          capabilities: 'Email, OfficeCommunicationsOnline',
          isDefault: false,
          isInitial: true,
          name: 'contoso.onmicrosoft.com',
          type: 'Managed',
        },
        { capabilities: 'Email', isDefault: true, isInitial: false, name: 'contoso.com', type: 'Managed' },
      ],
    },
  ]);
  insert(COLLECTIONS.mobileDeviceManagementPolicies, [
    {
      id: MDM_POLICY_ID,
      displayName: 'Microsoft Intune',
      description: null,
      appliesTo: 'all',
      discoveryUrl: 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc',
      complianceUrl: 'https://portal.manage.microsoft.com/?portalAction=Compliance',
      termsOfUseUrl: 'https://portal.manage.microsoft.com/TermsofUse.aspx',
      isValid: true,
    },
  ]);
  insert(COLLECTIONS.subscribedSkus, [
    sku(EMS_E3_SKU_ID, 'EMS', 25, 22, [
      [AAD_PREMIUM_PLAN_ID, 'AAD_PREMIUM'],
      [INTUNE_A_PLAN_ID, 'INTUNE_A'],
      [MFA_PREMIUM_PLAN_ID, 'MFA_PREMIUM'],
      [RMS_S_PREMIUM_PLAN_ID, 'RMS_S_PREMIUM'],
      [RMS_S_ENTERPRISE_PLAN_ID, 'RMS_S_ENTERPRISE'],
    ]),
    sku(AAD_PREMIUM_SKU_ID, 'AAD_PREMIUM', 10, 4, [
      [AAD_PREMIUM_PLAN_ID, 'AAD_PREMIUM'],
      [MFA_PREMIUM_PLAN_ID, 'MFA_PREMIUM'],
    ]),
  ]);
  insert(
    COLLECTIONS.users,
    [
      user(ADMIN_USER_ID, 'Rehearsal Admin', 'Rehearsal', 'Admin', ADMIN_UPN, 'BE', 'IT administrator', [
        EMS_E3_SKU_ID,
      ]),
      user(
        '9cb487b8-c890-4142-abd1-a042ff037f00',
        'Lena Peeters',
        'Lena',
        'Peeters',
        'lena.peeters@contoso.com',
        'BE',
        'Accountant',
        [],
      ),
      user(
        '5207e2c5-5124-4ef7-9a60-d56d99f14c70',
        'Camille Dubois',
        'Camille',
        'Dubois',
        'camille.dubois@contoso.com',
        null,
        'Sales',
        [],
      ),
      user(
        '11b4c87e-3b07-49b4-b1e2-47b7f44463de',
        'Tom Jansen',
        'Tom',
        'Jansen',
        'tom.jansen@contoso.com',
        'NL',
        'Engineer',
        [EMS_E3_SKU_ID],
      ),
    ].map((row) => ({ ...row, createdDateTime: created })),
  );
  insert(COLLECTIONS.groups, [
    group(
      '0f09592f-435b-4a9b-8da8-2b0e03c56f95',
      'Co-management pilot devices',
      'Windows devices in the co-management pilot',
      created,
    ),
    group(
      '9ad8d6b6-7a59-49ed-8870-b9cd1c53ddb9',
      'Co-management excluded devices',
      'Devices kept out of co-management',
      created,
    ),
    group(
      '944c7a96-05dd-49e6-b664-40b666dfdd81',
      'All Windows workstations',
      'Every managed Windows workstation',
      created,
    ),
    group(
      '0a6c19d3-6694-4150-a703-eb6e6c53c91a',
      'Intune licensed users',
      'Users who hold an Intune licence',
      created,
    ),
  ]);
  insert(COLLECTIONS.groupMembers, [
    { id: 'gm-1', groupId: '0a6c19d3-6694-4150-a703-eb6e6c53c91a', memberId: ADMIN_USER_ID },
    {
      id: 'gm-2',
      groupId: '0a6c19d3-6694-4150-a703-eb6e6c53c91a',
      memberId: '11b4c87e-3b07-49b4-b1e2-47b7f44463de',
    },
  ]);
  insert(COLLECTIONS.directoryRoles, [
    role(
      GLOBAL_ADMIN_ROLE_ID,
      'Global Administrator',
      GLOBAL_ADMIN_TEMPLATE_ID,
      'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    ),
    role(
      CLOUD_APP_ADMIN_ROLE_ID,
      'Cloud Application Administrator',
      CLOUD_APP_ADMIN_TEMPLATE_ID,
      'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
    ),
    role(
      INTUNE_ADMIN_ROLE_ID,
      'Intune Administrator',
      INTUNE_ADMIN_TEMPLATE_ID,
      'Can manage all aspects of the Intune product.',
    ),
  ]);
  insert(COLLECTIONS.directoryRoleMembers, [
    { id: 'rm-1', roleId: GLOBAL_ADMIN_ROLE_ID, principalId: ADMIN_USER_ID },
    { id: 'rm-2', roleId: INTUNE_ADMIN_ROLE_ID, principalId: '11b4c87e-3b07-49b4-b1e2-47b7f44463de' },
  ]);
  insert(COLLECTIONS.servicePrincipals, [graphServicePrincipal()]);
  insert(COLLECTIONS.subscriptions, [
    {
      id: SUBSCRIPTION_ID,
      subscriptionId: SUBSCRIPTION_ID,
      displayName: 'Contoso rehearsal subscription',
      state: 'Enabled',
      tenantId: TENANT_ID,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    },
  ]);
  insert(COLLECTIONS.resourceGroups, [
    {
      id: `${SUBSCRIPTION_ID}/${RESOURCE_GROUP_NAME}`,
      subscriptionId: SUBSCRIPTION_ID,
      name: RESOURCE_GROUP_NAME,
      location: RESOURCE_GROUP_LOCATION,
      tags: {},
    },
  ]);
  insert(
    COLLECTIONS.providers,
    Object.entries(PROVIDER_NAMESPACES).map(([namespace, registrationState]) => ({
      id: `${SUBSCRIPTION_ID}/${namespace.toLowerCase()}`,
      subscriptionId: SUBSCRIPTION_ID,
      namespace,
      registrationState,
      registeredAt: null,
    })),
  );
  insert(COLLECTIONS.roleAssignments, [
    {
      id: 'd554dab8-c20d-49aa-a2e6-1674e8a722c2',
      subscriptionId: SUBSCRIPTION_ID,
      principalId: ADMIN_USER_ID,
      principalType: 'User',
      roleDefinitionId: OWNER_ROLE_DEFINITION_ID,
      scope: `/subscriptions/${SUBSCRIPTION_ID}`,
      createdOn: created,
    },
  ]);
  // A few names every real Azure region already has, so "taken" is not only the preset's.
  insert(COLLECTIONS.takenNames, [
    { id: 'storageAccount:contoso', kind: 'storageAccount', name: 'contoso' },
    { id: 'keyVault:contoso', kind: 'keyVault', name: 'contoso' },
    { id: 'dnsLabel:contoso', kind: 'dnsLabel', name: 'contoso' },
  ]);
}

function sku(
  skuId: string,
  partNumber: string,
  enabled: number,
  consumed: number,
  plans: ReadonlyArray<readonly [string, string]>,
): Row {
  return {
    id: `${TENANT_ID}_${skuId}`,
    accountId: TENANT_ID,
    accountName: 'Contoso (rehearsal)',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumed,
    skuId,
    skuPartNumber: partNumber,
    subscriptionIds: ['26fb7217-66b6-464c-ae62-9e202c78c6d7'],
    prepaidUnits: { enabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: plans.map(([servicePlanId, servicePlanName]) => ({
      servicePlanId,
      servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: 'User',
    })),
  };
}

function user(
  id: string,
  displayName: string,
  givenName: string,
  surname: string,
  userPrincipalName: string,
  usageLocation: string | null,
  jobTitle: string,
  skuIds: readonly string[],
): Row {
  return {
    id,
    displayName,
    givenName,
    surname,
    userPrincipalName,
    mail: userPrincipalName,
    jobTitle,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    businessPhones: [],
    accountEnabled: true,
    usageLocation,
    assignedLicenses: skuIds.map((skuId) => ({ disabledPlans: [], skuId })),
  };
}

function group(id: string, displayName: string, description: string, created: string): Row {
  return {
    id,
    displayName,
    description,
    createdDateTime: created,
    groupTypes: [],
    mailEnabled: false,
    mailNickname: displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    securityEnabled: true,
    membershipRule: null,
    visibility: null,
  };
}

function role(id: string, displayName: string, roleTemplateId: string, description: string): Row {
  return { id, displayName, roleTemplateId, description };
}

function graphServicePrincipal(): Row {
  return {
    id: GRAPH_SERVICE_PRINCIPAL_ID,
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appDisplayName: 'Microsoft Graph',
    accountEnabled: true,
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    servicePrincipalNames: ['https://graph.microsoft.com', GRAPH_APP_ID],
    tags: [],
    replyUrls: [],
    appRoles: [
      graphAppRole(DIRECTORY_READ_ALL_ROLE_ID, 'Directory.Read.All', 'Read directory data'),
      graphAppRole('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles"),
      graphAppRole('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'),
    ],
    oauth2PermissionScopes: [
      graphScope('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'Sign in and read user profile'),
      graphScope('06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Read directory data'),
    ],
  };
}

function graphAppRole(id: string, value: string, displayName: string): Record<string, unknown> {
  return {
    id,
    value,
    displayName,
    description: `Allows the app to ${displayName.toLowerCase()} without a signed-in user.`,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  };
}

function graphScope(id: string, value: string, adminConsentDisplayName: string): Record<string, unknown> {
  return {
    id,
    value,
    type: value === 'User.Read' ? 'User' : 'Admin',
    adminConsentDisplayName,
    adminConsentDescription: `Allows the app to ${adminConsentDisplayName.toLowerCase()}.`,
    userConsentDisplayName: adminConsentDisplayName,
    userConsentDescription: `Allows the app to ${adminConsentDisplayName.toLowerCase()}.`,
    isEnabled: true,
  };
}
