import { AppError, type StageId } from '../shared';
import type { ApiResource } from './types';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const ARM_RESOURCE = 'https://management.azure.com';
/** The one delegated ARM permission: act as the signed-in admin on Azure Resource Manager. */
export const ARM_SCOPE = `${ARM_RESOURCE}/user_impersonation`;

const graph = (name: string): string => `${GRAPH_RESOURCE}/${name}`;

/** Delegated Graph permissions the assistant may ask for (reference: "Sign-in"). */
export const GRAPH_SCOPES = {
  applicationReadWriteAll: graph('Application.ReadWrite.All'),
  appRoleAssignmentReadWriteAll: graph('AppRoleAssignment.ReadWrite.All'),
  delegatedPermissionGrantReadWriteAll: graph('DelegatedPermissionGrant.ReadWrite.All'),
  directoryReadAll: graph('Directory.Read.All'),
  groupReadAll: graph('Group.Read.All'),
  userReadWriteAll: graph('User.ReadWrite.All'),
  deviceManagementAppsReadWriteAll: graph('DeviceManagementApps.ReadWrite.All'),
  deviceManagementConfigurationReadAll: graph('DeviceManagementConfiguration.Read.All'),
  organizationReadAll: graph('Organization.Read.All'),
  policyReadAll: graph('Policy.Read.All'),
} as const;

export interface StageScopes {
  readonly graph: readonly string[];
  readonly arm: readonly string[];
}

const G = GRAPH_SCOPES;
const NONE: StageScopes = { graph: [], arm: [] };

/**
 * What each wizard stage asks for, so consent grows with the tutorial (incremental consent)
 * instead of a wall of permissions at the first sign-in.
 */
export const STAGE_SCOPES: Readonly<Record<StageId, StageScopes>> = {
  // Roles, licences, MDM authority and auto-enrollment, resource providers, subscription role.
  prerequisites: {
    graph: [
      G.directoryReadAll,
      G.organizationReadAll,
      G.policyReadAll,
      G.deviceManagementConfigurationReadAll,
    ],
    arm: [ARM_SCOPE],
  },
  // DNS label, Key Vault and storage name availability are ARM calls.
  'cloud-name': { graph: [], arm: [ARM_SCOPE] },
  'server-certificate': NONE,
  // The two app registrations, their service principals and consent grants.
  'azure-services': {
    graph: [
      G.applicationReadWriteAll,
      G.appRoleAssignmentReadWriteAll,
      G.delegatedPermissionGrantReadWriteAll,
      G.directoryReadAll,
    ],
    arm: [],
  },
  'cloud-management-gateway': { graph: [], arm: [ARM_SCOPE] },
  configmgr: NONE,
  'co-management': { graph: [G.groupReadAll], arm: [] },
  'intune-app': { graph: [G.deviceManagementAppsReadWriteAll, G.groupReadAll], arm: [] },
  licences: { graph: [G.userReadWriteAll, G.organizationReadAll], arm: [] },
  summary: NONE,
};

/** Every scope `stage` asks for, Graph first, then ARM. */
export function scopesForStage(stage: StageId): readonly string[] {
  const { graph: g, arm } = STAGE_SCOPES[stage];
  return [...g, ...arm];
}

/**
 * Splits scopes by resource and writes them in full: `Directory.Read.All` becomes
 * `https://graph.microsoft.com/Directory.Read.All`; OIDC scopes MSAL adds itself are dropped.
 */
export function splitScopes(scopes: readonly string[]): Record<ApiResource, string[]> {
  const result: Record<ApiResource, string[]> = { graph: [], arm: [] };
  for (const raw of scopes) {
    const scope = raw.trim();
    if (scope === '' || OIDC_SCOPES.has(scope.toLowerCase())) continue;
    const resource = resourceOf(scope);
    const full = resource === 'graph' && !scope.includes('/') ? graph(scope) : scope;
    if (!result[resource].includes(full)) result[resource].push(full);
  }
  return result;
}

/** Full scopes for one resource; refuses a scope that belongs to the other one. */
export function scopesFor(resource: ApiResource, scopes: readonly string[]): string[] {
  const split = splitScopes(scopes);
  const other: ApiResource = resource === 'graph' ? 'arm' : 'graph';
  if (split[other].length > 0) {
    throw new AppError('invalid-input', 'identity.error.mixedResources', { resource });
  }
  return split[resource];
}

/** The permission name as it appears in a token's `scp` claim (`Directory.Read.All`). */
export function shortScope(scope: string): string {
  const slash = scope.lastIndexOf('/');
  return slash === -1 ? scope : scope.slice(slash + 1);
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function resourceOf(scope: string): ApiResource {
  const lower = scope.toLowerCase();
  if (lower.startsWith(`${ARM_RESOURCE}/`) || lower.startsWith('https://management.core.windows.net/')) {
    return 'arm';
  }
  if (lower.startsWith(`${GRAPH_RESOURCE}/`) || !lower.includes('/')) return 'graph';
  throw new AppError('invalid-input', 'identity.error.unknownScope', { scope });
}
