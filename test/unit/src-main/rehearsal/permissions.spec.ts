import { describe, expect, it } from 'vitest';

import { hasPermission, PERMISSIONS } from '/@/src-main/rehearsal/permissions';
import type { RehearsalIdentity } from '/@/src-main/rehearsal/types';

function identity(scp: string, roles: string[] = []): RehearsalIdentity {
  return { tid: 't', oid: 'o', upn: '', aud: 'https://graph.microsoft.com', scp, roles };
}

describe('hasPermission', () => {
  it('should accept any one documented delegated permission, case-insensitively', () => {
    expect(hasPermission(identity('User.Read'), PERMISSIONS.organizationRead)).toBe(true);
    expect(hasPermission(identity('directory.read.all'), PERMISSIONS.organizationRead)).toBe(true);
    expect(hasPermission(identity('Group.Read.All'), PERMISSIONS.organizationRead)).toBe(false);
    expect(hasPermission(identity(''), PERMISSIONS.organizationRead)).toBe(false);
  });

  it('should need every permission of a combined entry, delegated or application', () => {
    const required = PERMISSIONS.appRoleAssignmentWrite;
    expect(hasPermission(identity('AppRoleAssignment.ReadWrite.All'), required)).toBe(false);
    expect(hasPermission(identity('AppRoleAssignment.ReadWrite.All Application.Read.All'), required)).toBe(
      true,
    );
    expect(hasPermission(identity('', ['AppRoleAssignment.ReadWrite.All']), required)).toBe(false);
    expect(
      hasPermission(identity('', ['Directory.Read.All', 'AppRoleAssignment.ReadWrite.All']), required),
    ).toBe(true);
  });

  it('should not take an application permission from scp, nor a delegated one from roles', () => {
    expect(hasPermission(identity('Application.ReadWrite.OwnedBy'), PERMISSIONS.applicationsWrite)).toBe(
      false,
    );
    expect(
      hasPermission(identity('', ['Application.ReadWrite.OwnedBy']), PERMISSIONS.applicationsWrite),
    ).toBe(true);
    expect(hasPermission(identity('', ['User.Read']), PERMISSIONS.signedInUserRead)).toBe(false);
  });

  it('should only need a valid token when a route requires nothing ($batch)', () => {
    expect(hasPermission(identity(''), PERMISSIONS.tokenOnly)).toBe(true);
  });
});
