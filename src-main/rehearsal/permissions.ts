import type { RehearsalIdentity, RoutePermissions } from './types';

/**
 * The permissions each simulated call requires, from Microsoft Graph's and ARM's reference pages
 * ("Permissions": least privileged first, then the higher ones that also work). Routes declare
 * one of these (or their own) so a token that lacks it gets the real service's 403.
 */
type Entries = ReadonlyArray<string | readonly string[]>;
const delegated = (names: Entries, application: Entries = []): RoutePermissions => ({
  delegated: names,
  application,
});

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const APPLICATION_READ = ['Application.Read.All', 'Application.ReadWrite.All', ...DIRECTORY_READ];
const APP_ROLE_ASSIGNMENT: Entries = [
  ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'],
  ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'],
  ['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'],
];

export const PERMISSIONS = {
  /** `$batch` itself: each inner request is checked on its own route. */
  tokenOnly: delegated([]),
  /** GET /organization: User.Read, or anything that reads the organization or directory. */
  organizationRead: delegated(
    ['User.Read', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
    ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All'],
  ),
  /** GET /subscribedSkus. */
  subscribedSkusRead: delegated(
    [
      'Organization.Read.All',
      'Organization.ReadWrite.All',
      'LicenseAssignment.Read.All',
      'LicenseAssignment.ReadWrite.All',
      ...DIRECTORY_READ,
    ],
    ['Organization.Read.All', 'LicenseAssignment.Read.All', 'Directory.Read.All'],
  ),
  /** GET /me and the signed-in user's own memberships. */
  signedInUserRead: delegated([
    'User.Read',
    'User.ReadWrite',
    'User.ReadBasic.All',
    'User.Read.All',
    'User.ReadWrite.All',
    ...DIRECTORY_READ,
  ]),
  /** GET /users, /users/{id} and their memberships. */
  usersRead: delegated(
    ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
    ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  ),
  /** PATCH /users/{id} (usageLocation and the other profile fields). */
  usersWrite: delegated(['User.ReadWrite.All', 'Directory.ReadWrite.All'], ['User.ReadWrite.All']),
  /** POST /users/{id}/assignLicense. */
  licenceAssign: delegated(
    ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
    ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All'],
  ),
  /** GET /directoryRoles. */
  directoryRolesRead: delegated(
    ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...DIRECTORY_READ],
    ['RoleManagement.Read.Directory', 'Directory.Read.All'],
  ),
  /** GET /groups, /groups/{id}. */
  groupsRead: delegated(
    ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
    ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  ),
  /** GET /policies/mobileDeviceManagementPolicies (beta). */
  mdmPolicyRead: delegated(
    ['Policy.Read.All', 'Policy.ReadWrite.MobilityManagement'],
    ['Policy.Read.All', 'Policy.ReadWrite.MobilityManagement'],
  ),
  /** GET /applications, /servicePrincipals and their assignments. */
  applicationsRead: delegated(APPLICATION_READ, ['Application.Read.All', 'Application.ReadWrite.All']),
  /** POST/PATCH/DELETE /applications, addPassword, removePassword. */
  applicationsWrite: delegated(
    ['Application.ReadWrite.All'],
    ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  ),
  /** POST /servicePrincipals. */
  servicePrincipalsWrite: delegated(
    ['Application.ReadWrite.All', 'Directory.ReadWrite.All'],
    ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  ),
  /** POST/DELETE …/appRoleAssignedTo: AppRoleAssignment.ReadWrite.All plus a way to read the apps. */
  appRoleAssignmentWrite: delegated(APP_ROLE_ASSIGNMENT, APP_ROLE_ASSIGNMENT),
  /** GET /oauth2PermissionGrants. */
  delegatedGrantsRead: delegated(
    ['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', ...DIRECTORY_READ],
    ['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Directory.Read.All'],
  ),
  /** POST/PATCH/DELETE /oauth2PermissionGrants. */
  delegatedGrantsWrite: delegated(
    ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
    ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
  ),
  /** GET /deviceAppManagement/mobileApps and their content. */
  intuneAppsRead: delegated(
    ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All'],
    ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All'],
  ),
  /** Creating, uploading, committing, assigning and deleting Intune apps. */
  intuneAppsWrite: delegated(['DeviceManagementApps.ReadWrite.All'], ['DeviceManagementApps.ReadWrite.All']),
  /** Every Azure Resource Manager call: the ARM audience's one delegated permission. */
  armUserImpersonation: delegated(['user_impersonation']),
} as const satisfies Record<string, RoutePermissions>;

/** Whether the token carries what the route requires (permission names compare case-insensitively). */
export function hasPermission(identity: RehearsalIdentity, required: RoutePermissions): boolean {
  if (required.delegated.length === 0 && required.application.length === 0) return true;
  const scopes = identity.scp.split(' ').filter((scope) => scope !== '');
  return satisfies(required.delegated, scopes) || satisfies(required.application, identity.roles);
}

function satisfies(entries: Entries, granted: readonly string[]): boolean {
  const held = new Set(granted.map((name) => name.toLowerCase()));
  return entries.some((entry) =>
    (typeof entry === 'string' ? [entry] : entry).every((name) => held.has(name.toLowerCase())),
  );
}
