import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ADMIN_USER_ID,
  EMS_E3_SKU_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  MDM_POLICY_ID,
  PERMISSIONS,
  type RouteRegistrar,
  STORE_FILE_NAME,
  UnknownPresetError,
} from '/@/src-main/rehearsal';

import { call, expectGraphError, startTestEmulator, tempDir, withEmulator } from './support';

let data: { dir: string; cleanup: () => void };
beforeEach(() => {
  data = tempDir();
});
afterEach(() => data.cleanup());

describe('persistence', () => {
  it('should keep created objects across a restart with the same data folder', async () => {
    let appId = '';
    let secret = '';
    await withEmulator({ dataDir: data.dir }, async (first) => {
      const app = await call<{ id: string; appId: string }>(`${first.graphBaseUrl}/v1.0/applications`, {
        method: 'POST',
        body: { displayName: 'ConfigMgrService' },
      });
      appId = app.body.appId;
      const password = await call<{ secretText: string }>(
        `${first.graphBaseUrl}/v1.0/applications/${app.body.id}/addPassword`,
        { method: 'POST', body: {} },
      );
      secret = password.body.secretText;
      await call(`${first.graphBaseUrl}/v1.0/servicePrincipals`, { method: 'POST', body: { appId } });
    });
    const saved = readFileSync(join(data.dir, STORE_FILE_NAME), 'utf8');
    expect(saved).toContain(appId);
    expect(saved).not.toContain(secret);
    expect(saved).not.toContain('REHEARSAL-SECRET-');
    await withEmulator({ dataDir: data.dir }, async (second) => {
      const found = await call<{ value: Array<{ appId: string }> }>(
        `${second.graphBaseUrl}/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`,
      );
      expect(found.body.value.map((app) => app.appId)).toEqual([appId]);
      const counts = await call<Record<string, number>>(`${second.baseUrl}/_emulator/objects`);
      expect(counts.body).toMatchObject({
        applications: 1,
        servicePrincipals: 2,
        oauth2PermissionGrants: 0,
        appRoleAssignments: 0,
        mobileApps: 0,
      });
    });
  });

  it('should write the tenant file soon after a change, before close', async () => {
    const emulator = await startTestEmulator({ dataDir: data.dir });
    try {
      await call(`${emulator.graphBaseUrl}/v1.0/users/${ADMIN_USER_ID}`, {
        method: 'PATCH',
        body: { usageLocation: 'NL' },
      });
      await emulator.store.flush();
      expect(readFileSync(join(data.dir, STORE_FILE_NAME), 'utf8')).toContain('"usageLocation": "NL"');
      expect(readdirSync(data.dir).filter((name) => name !== STORE_FILE_NAME)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('should move an unreadable tenant file aside and start from a fresh tenant', async () => {
    for (const garbage of [
      '{"format":"comanage-rehearsal-tenant","version":1,"collections":{"x":',
      '',
      '\u0000\u0001',
      '{"format":"other","version":1,"collections":{}}',
      '[]',
    ]) {
      writeFileSync(join(data.dir, STORE_FILE_NAME), garbage);
      await withEmulator({ dataDir: data.dir }, async (emulator) => {
        expect((await call(`${emulator.graphBaseUrl}/v1.0/organization`)).status).toBe(200);
      });
      expect(readdirSync(data.dir).some((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`))).toBe(true);
      expect(JSON.parse(readFileSync(join(data.dir, STORE_FILE_NAME), 'utf8'))).toMatchObject({
        format: 'comanage-rehearsal-tenant',
      });
    }
  });

  it('should keep everything in memory when no data folder is given', async () => {
    await withEmulator({}, async (emulator) => {
      await call(`${emulator.graphBaseUrl}/v1.0/applications`, {
        method: 'POST',
        body: { displayName: 'x' },
      });
    });
    expect(existsSync(join(data.dir, STORE_FILE_NAME))).toBe(false);
  });
});

describe('presets', () => {
  it('should leave no free Intune licence with no-intune-licence-left', async () => {
    await withEmulator({ presets: ['no-intune-licence-left'] }, async (emulator) => {
      const v1 = `${emulator.graphBaseUrl}/v1.0`;
      const skus = await call<{
        value: Array<{ skuId: string; consumedUnits: number; prepaidUnits: { enabled: number } }>;
      }>(`${v1}/subscribedSkus`);
      const ems = skus.body.value.find((sku) => sku.skuId === EMS_E3_SKU_ID);
      expect(ems?.consumedUnits).toBe(ems?.prepaidUnits.enabled);
      const lena = (
        await call<{ value: Array<{ id: string }> }>(
          `${v1}/users?$filter=${encodeURIComponent("displayName eq 'Lena Peeters'")}`,
        )
      ).body.value[0];
      const reply = await call(`${v1}/users/${lena?.id}/assignLicense`, {
        method: 'POST',
        body: { addLicenses: [{ skuId: EMS_E3_SKU_ID }], removeLicenses: [] },
      });
      expectGraphError(reply, 400, 'Request_BadRequest');
      expect((reply.body as { error: { message: string } }).error.message).toContain(
        'does not have any available licenses',
      );
    });
  });

  it('should report no MDM authority with mdm-authority-not-set', async () => {
    await withEmulator({ presets: ['mdm-authority-not-set'] }, async (emulator) => {
      const org = await call<{ value: Array<{ mobileDeviceManagementAuthority: string }> }>(
        `${emulator.graphBaseUrl}/v1.0/organization`,
      );
      expect(org.body.value[0]?.mobileDeviceManagementAuthority).toBe('unknown');
      const policy = await call<{ appliesTo: string }>(
        `${emulator.graphBaseUrl}/beta/policies/mobileDeviceManagementPolicies/${MDM_POLICY_ID}`,
      );
      expect(policy.body.appliesTo).toBe('none');
    });
  });

  it("should deny consent to Microsoft Graph but allow it to the tenant's own app with admin-not-global-admin", async () => {
    await withEmulator({ presets: ['admin-not-global-admin'] }, async (emulator) => {
      const v1 = `${emulator.graphBaseUrl}/v1.0`;
      const roles = await call<{ value: Array<{ displayName: string }> }>(
        `${v1}/me/memberOf/microsoft.graph.directoryRole`,
      );
      expect(roles.body.value.map((role) => role.displayName)).toEqual(['Cloud Application Administrator']);
      const app = await call<{ appId: string }>(`${v1}/applications`, {
        method: 'POST',
        body: { displayName: 'ConfigMgrService' },
      });
      const sp = await call<{ id: string }>(`${v1}/servicePrincipals`, {
        method: 'POST',
        body: { appId: app.body.appId },
      });
      const denied = await call(`${v1}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
        method: 'POST',
        body: {
          principalId: sp.body.id,
          resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
          appRoleId: '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
        },
      });
      expectGraphError(denied, 403, 'Authorization_RequestDenied');
      const grantToGraph = await call(`${v1}/oauth2PermissionGrants`, {
        method: 'POST',
        body: {
          clientId: sp.body.id,
          consentType: 'AllPrincipals',
          resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
          scope: 'User.Read',
        },
      });
      expectGraphError(grantToGraph, 403, 'Authorization_RequestDenied');
      const own = await call(`${v1}/servicePrincipals/${sp.body.id}/appRoleAssignedTo`, {
        method: 'POST',
        body: {
          principalId: sp.body.id,
          resourceId: sp.body.id,
          appRoleId: '00000000-0000-0000-0000-000000000000',
        },
      });
      expect(own.status).toBe(201);
    });
  });

  it('should combine presets and stay idempotent across restarts', async () => {
    const presets = ['taken-cmg-name', 'no-intune-licence-left', 'taken-cmg-name'];
    await withEmulator({ dataDir: data.dir, presets }, async () => undefined);
    await withEmulator({ dataDir: data.dir, presets }, async (emulator) => {
      const counts = await call<Record<string, number>>(`${emulator.baseUrl}/_emulator/objects`);
      expect(counts.body['takenNames']).toBe(6);
    });
  });

  it('should refuse an unknown preset before listening', async () => {
    await expect(
      startTestEmulator({ dataDir: data.dir, presets: ['no-such-preset'] }),
    ).rejects.toBeInstanceOf(UnknownPresetError);
    expect(existsSync(join(data.dir, STORE_FILE_NAME))).toBe(false);
  });
});

describe('extension routes', () => {
  it('should serve registered routes with the store, faults, token check and object counts', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.registerRoutes((router, ctx) => {
        const apps = ctx.store.collection<{ id: string; displayName: string }>('mobileApps');
        router.graph('POST', '/deviceAppManagement/mobileApps', PERMISSIONS.intuneAppsWrite, (request) => {
          const app = apps.insert(
            { id: ctx.newId(), displayName: String((request.body as { displayName?: unknown }).displayName) },
            { hiddenForMs: request.replicationDelayMs },
          );
          return {
            status: 201,
            body: {
              '@odata.context': ctx.odata.context(request, 'deviceAppManagement/mobileApps/$entity'),
              ...app,
            },
          };
        });
        router.graph('GET', '/deviceAppManagement/mobileApps/:id', PERMISSIONS.intuneAppsRead, (request) => {
          const app = apps.get(request.params['id'] ?? '');
          return app ? { status: 200, body: app } : ctx.errors.notFound(request, request.params['id'] ?? '');
        });
        router.add(
          'PUT',
          '/blob/:name',
          async (request) => {
            let size = 0;
            for await (const chunk of request.bodyStream ?? []) size += (chunk as Buffer).length;
            return { status: 201, body: { size } };
          },
          { body: 'stream' },
        );
      });
      const base = `${emulator.graphBaseUrl}/beta/deviceAppManagement/mobileApps`;
      const created = await call<{ id: string; '@odata.context': string }>(base, {
        method: 'POST',
        body: { displayName: 'ccmsetup' },
      });
      expect(created.status).toBe(201);
      expect(created.body['@odata.context']).toBe(
        `${emulator.graphBaseUrl}/beta/$metadata#deviceAppManagement/mobileApps/$entity`,
      );
      expect((await call(`${base}/${created.body.id}`)).status).toBe(200);
      expectGraphError(
        await call(`${base}/${created.body.id}`, { token: null }),
        401,
        'InvalidAuthenticationToken',
      );
      emulator.faults.add({ kind: 'throttle', path: '/graph/*/deviceAppManagement/**', times: 1 });
      expect((await call(`${base}/${created.body.id}`)).status).toBe(429);
      const counts = await call<Record<string, number>>(`${emulator.baseUrl}/_emulator/objects`);
      expect(counts.body['mobileApps']).toBe(1);

      const blob = await fetch(`${emulator.baseUrl}/blob/ccmsetup.bin`, {
        method: 'PUT',
        body: Buffer.alloc(300_000, 7),
      });
      expect(await blob.json()).toEqual({ size: 300_000 });
      emulator.faults.add({ kind: 'cut', method: 'PUT', path: '/blob/*', afterBytes: 64 * 1024, times: 1 });
      await expect(
        fetch(`${emulator.baseUrl}/blob/ccmsetup.bin`, { method: 'PUT', body: Buffer.alloc(300_000, 7) }),
      ).rejects.toThrow();
    });
  });

  it('should serve routes given at start before the first request', async () => {
    const registrar = (router: Parameters<RouteRegistrar>[0]): void => {
      router.graph('GET', '/deviceAppManagement/mobileApps', PERMISSIONS.intuneAppsRead, () => ({
        status: 200,
        body: { value: [] },
      }));
    };
    await withEmulator({ routes: [registrar] }, async (emulator) => {
      expect((await call(`${emulator.graphBaseUrl}/v1.0/deviceAppManagement/mobileApps`)).body).toEqual({
        value: [],
      });
    });
  });

  it('should turn a throwing extension route into a 500 in Graph shape', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.registerRoutes((router) => {
        router.graph('GET', '/broken', PERMISSIONS.tokenOnly, () => {
          throw new Error('boom with REHEARSAL-SECRET-abc');
        });
      });
      const reply = await call(`${emulator.graphBaseUrl}/v1.0/broken`);
      expectGraphError(reply, 500, 'generalException');
      expect(JSON.stringify(reply.body)).not.toContain('boom');
    });
  });
});
