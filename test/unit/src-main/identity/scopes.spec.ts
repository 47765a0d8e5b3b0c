import { describe, expect, it } from 'vitest';

import {
  ARM_SCOPE,
  assertClientId,
  assertTenant,
  GRAPH_SCOPES,
  scopesFor,
  scopesForStage,
  splitScopes,
  STAGE_SCOPES,
} from '/@/src-main/identity';
import { STAGE_IDS } from '/@/src-main/shared';

// The delegated permissions listed in the reference ("Sign-in").
const REFERENCE = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Directory.Read.All',
  'Group.Read.All',
  'User.ReadWrite.All',
  'DeviceManagementApps.ReadWrite.All',
  'DeviceManagementConfiguration.Read.All',
  'Organization.Read.All',
  'Policy.Read.All',
];

describe('stage scopes', () => {
  it('should ask, over the whole wizard, for exactly the reference permissions and ARM', () => {
    const all = new Set(STAGE_IDS.flatMap((stage) => scopesForStage(stage)));
    expect([...all].sort()).toEqual(
      [...REFERENCE.map((name) => `https://graph.microsoft.com/${name}`), ARM_SCOPE].sort(),
    );
  });

  it('should keep Graph and ARM scopes apart in every stage', () => {
    for (const stage of STAGE_IDS) {
      expect(STAGE_SCOPES[stage].graph.every((s) => s.startsWith('https://graph.microsoft.com/'))).toBe(true);
      expect(STAGE_SCOPES[stage].arm.every((s) => s === ARM_SCOPE)).toBe(true);
    }
  });

  it('should ask for the app registration permissions only from the Azure services stage', () => {
    expect(scopesForStage('prerequisites')).not.toContain(GRAPH_SCOPES.applicationReadWriteAll);
    expect(scopesForStage('azure-services')).toContain(GRAPH_SCOPES.applicationReadWriteAll);
    expect(scopesForStage('server-certificate')).toEqual([]);
  });
});

describe('scope helpers', () => {
  it('should write Graph permission names in full and sort scopes by resource', () => {
    expect(splitScopes(['Directory.Read.All', 'openid', ARM_SCOPE, 'directory.read.all'])).toEqual({
      graph: [
        'https://graph.microsoft.com/Directory.Read.All',
        'https://graph.microsoft.com/directory.read.all',
      ],
      arm: [ARM_SCOPE],
    });
  });

  it('should refuse a scope of another API', () => {
    expect(() => splitScopes(['https://vault.azure.net/user_impersonation'])).toThrow(
      expect.objectContaining({ code: 'invalid-input', messageKey: 'identity.error.unknownScope' }),
    );
    expect(() => scopesFor('graph', [ARM_SCOPE])).toThrow(
      expect.objectContaining({ messageKey: 'identity.error.mixedResources' }),
    );
  });

  it('should accept a tenant id or domain and a client id GUID, and nothing else', () => {
    expect(assertTenant(' Contoso.onmicrosoft.com ')).toBe('contoso.onmicrosoft.com');
    expect(assertTenant('7D3C2B1A-0F9E-4D8C-B7A6-112233445566')).toBe('7d3c2b1a-0f9e-4d8c-b7a6-112233445566');
    for (const bad of ['', 'contoso', 'https://login.microsoftonline.com/x', 'a/../b.com', 'x.y;rm']) {
      expect(() => assertTenant(bad)).toThrow(
        expect.objectContaining({ messageKey: 'identity.error.tenantInvalid' }),
      );
    }
    expect(assertClientId('11111111-2222-4333-8444-555555555555')).toBe(
      '11111111-2222-4333-8444-555555555555',
    );
    expect(() => assertClientId('contoso.com')).toThrow(
      expect.objectContaining({ messageKey: 'identity.error.clientIdInvalid' }),
    );
  });
});
