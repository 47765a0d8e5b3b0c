// Every Graph answer the product relies on uses only properties Graph's published v1.0 types
// declare (read from @microsoft/microsoft-graph-types at run time, nested objects included), so the
// emulator cannot invent fields a real tenant never returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DIRECTORY_READ_ALL_ROLE_ID,
  type Emulator,
  GRAPH_SERVICE_PRINCIPAL_ID,
  TENANT_ID,
} from '/@/src-main/rehearsal';
import { startIntuneRehearsal } from '/@/src-main/rehearsal/intune';

import { graphProperties, undeclaredProperties } from '../../support/graph-schema';
import { call, startTestEmulator } from './support';

let emulator: Emulator;
let v1: string;

beforeAll(async () => {
  emulator = await startTestEmulator({});
  // The Intune routes (Azurite stops with the emulator).
  await startIntuneRehearsal(emulator, { delayMs: 0 });
  v1 = `${emulator.graphBaseUrl}/v1.0`;
});
afterAll(async () => {
  await emulator.close();
});

type Body = Record<string, unknown>;

async function ok(url: string, init: Parameters<typeof call>[1] = {}): Promise<Body> {
  const reply = await call(url, init);
  expect(reply.status, `${init.method ?? 'GET'} ${url}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
  return reply.body;
}

function expectDeclared(value: unknown, type: string): void {
  expect(undeclaredProperties(value, type)).toEqual([]);
}

const items = (list: Body): unknown[] => list['value'] as unknown[];

describe('the published Graph types', () => {
  it('should include inherited and nested properties and refuse invented ones', () => {
    const application = graphProperties('Application');
    expect(application.has('id')).toBe(true);
    expect(application.get('passwordCredentials')).toBe('PasswordCredential');
    expect(undeclaredProperties({ id: 'x', displayName: 'y', secretText: 'z' }, 'Application')).toEqual([
      'secretText (not on Application)',
    ]);
    expect(
      undeclaredProperties({ passwordCredentials: [{ hint: 'abc', password: 'p' }] }, 'Application'),
    ).toEqual(['passwordCredentials[0].password (not on PasswordCredential)']);
  });
});

describe('emulator answers against the published Graph types', () => {
  it('should use only declared properties for the directory reads', async () => {
    expectDeclared(items(await ok(`${v1}/organization`)), 'Organization');
    expectDeclared(items(await ok(`${v1}/subscribedSkus`)), 'SubscribedSku');
    expectDeclared(items(await ok(`${v1}/users`)), 'User');
    expectDeclared(await ok(`${v1}/me`), 'User');
    expectDeclared(items(await ok(`${v1}/directoryRoles`)), 'DirectoryRole');
    expectDeclared(items(await ok(`${v1}/me/memberOf/microsoft.graph.directoryRole`)), 'DirectoryRole');
    const eventual = { headers: { ConsistencyLevel: 'eventual' } };
    expectDeclared(
      items(await ok(`${v1}/groups?$search=${encodeURIComponent('"displayName:pilot"')}`, eventual)),
      'Group',
    );
  });

  it('should use only declared properties for app registrations, secrets, service principals and grants', async () => {
    const scope = {
      id: 'b1c3d5e7-0000-4000-8000-000000000001',
      value: 'user_impersonation',
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Access',
      adminConsentDescription: 'Access',
    };
    const server = await ok(`${v1}/applications`, {
      method: 'POST',
      body: {
        displayName: 'ConfigMgrService',
        identifierUris: [`api://${TENANT_ID}/ConfigMgrService`],
        api: { oauth2PermissionScopes: [scope] },
        web: { redirectUris: ['https://ConfigMgrService'] },
      },
    });
    expectDeclared(server, 'Application');
    const client = await ok(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'ConfigMgrClient', isFallbackPublicClient: true },
    });
    const secret = await ok(`${v1}/applications/${String(server['id'])}/addPassword`, {
      method: 'POST',
      body: { passwordCredential: { displayName: 'CMG' } },
    });
    expectDeclared(secret, 'PasswordCredential');
    expectDeclared(await ok(`${v1}/applications/${String(server['id'])}`), 'Application');
    expectDeclared(
      items(
        await ok(`${v1}/applications?$filter=${encodeURIComponent("displayName eq 'ConfigMgrService'")}`),
      ),
      'Application',
    );

    const serverSp = await ok(`${v1}/servicePrincipals`, {
      method: 'POST',
      body: { appId: server['appId'] },
    });
    const clientSp = await ok(`${v1}/servicePrincipals`, {
      method: 'POST',
      body: { appId: client['appId'] },
    });
    expectDeclared(serverSp, 'ServicePrincipal');
    expectDeclared(
      items(
        await ok(
          `${v1}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${String(client['appId'])}'`)}`,
        ),
      ),
      'ServicePrincipal',
    );
    expectDeclared(await ok(`${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}`), 'ServicePrincipal');
    const assignment = await ok(`${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
      method: 'POST',
      body: {
        principalId: serverSp['id'],
        resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
        appRoleId: DIRECTORY_READ_ALL_ROLE_ID,
      },
    });
    expectDeclared(assignment, 'AppRoleAssignment');
    const grant = await ok(`${v1}/oauth2PermissionGrants`, {
      method: 'POST',
      body: {
        clientId: clientSp['id'],
        consentType: 'AllPrincipals',
        resourceId: serverSp['id'],
        scope: 'user_impersonation',
      },
    });
    expectDeclared(grant, 'OAuth2PermissionGrant');
  });

  it('should use only declared properties for the Intune app, its content and its assignments', async () => {
    const apps = `${v1}/deviceAppManagement/mobileApps`;
    const app = await ok(apps, {
      method: 'POST',
      body: {
        '@odata.type': '#microsoft.graph.windowsMobileMSI',
        displayName: 'ConfigMgr client (ccmsetup.msi)',
        publisher: 'Microsoft',
        fileName: 'ccmsetup.msi',
        commandLine: 'CCMSETUPCMD="SMSSiteCode=PS1"',
        productCode: '{F4E7B5A3-3B0C-4A52-9B0A-9B2C8E2F1D11}',
        productVersion: '5.00.9128.1000',
        ignoreVersionDetection: false,
      },
    });
    expectDeclared(app, 'WindowsMobileMSI');
    const appUrl = `${apps}/${String(app['id'])}`;
    expectDeclared(await ok(appUrl), 'WindowsMobileMSI');
    const version = await ok(`${appUrl}/microsoft.graph.windowsMobileMSI/contentVersions`, {
      method: 'POST',
      body: {},
    });
    expectDeclared(version, 'MobileAppContent');
    const file = await ok(
      `${appUrl}/microsoft.graph.windowsMobileMSI/contentVersions/${String(version['id'])}/files`,
      {
        method: 'POST',
        body: {
          '@odata.type': '#microsoft.graph.mobileAppContentFile',
          name: 'ccmsetup.msi',
          size: 1000,
          sizeEncrypted: 1100,
          isDependency: false,
        },
      },
    );
    expectDeclared(file, 'MobileAppContentFile');
    expectDeclared(items(await ok(`${appUrl}/assignments`)), 'MobileAppAssignment');
  });
});
