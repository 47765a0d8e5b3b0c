import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { STAGE_SCOPES } from '/@/src-main/identity';
import {
  ADMIN_UPN,
  ADMIN_USER_ID,
  ARM_API_VERSIONS,
  DIRECTORY_READ_ALL_ROLE_ID,
  type Emulator,
  GRAPH_SERVICE_PRINCIPAL_ID,
  httpTokenIssuer,
  PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID,
  RehearsalIdentityProvider,
  SUBSCRIPTION_ID,
  TENANT_ID,
} from '/@/src-main/rehearsal';
import { AppError, translate } from '/@/src-main/shared';

import {
  call,
  expectArmError,
  expectGraphError,
  manualClock,
  type Reply,
  startTestEmulator,
  withEmulator,
} from './support';

// The hostile requests an outside review sent to the simulated tenant, which runs inside the app
// and the web host: each must be refused without changing the tenant.

const clock = manualClock(new Date());
let emulator: Emulator;
let v1: string;
let port: number;

beforeAll(async () => {
  emulator = await startTestEmulator({ now: clock.now });
  v1 = `${emulator.graphBaseUrl}/v1.0`;
  port = Number(new URL(emulator.baseUrl).port);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function applicationCount(): Promise<number> {
  return (await call<{ applications: number }>(`${emulator.baseUrl}/_emulator/objects`)).body.applications;
}

async function createApplication(): Promise<void> {
  const created = await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'Keep me' } });
  expect(created.status).toBe(201);
}

/** A raw HTTP request, so the test chooses the Host header (fetch does not let it). */
function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers ?? {} },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolvePromise({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** The token format of earlier versions: base64 JSON without a signature, which anyone could write. */
function unsignedToken(scp: string): string {
  const claims = { tid: TENANT_ID, oid: ADMIN_USER_ID, upn: ADMIN_UPN, scp };
  return `rehearsal.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}

function token(scopes: readonly string[], audience: 'graph' | 'arm' = 'graph'): Promise<string> {
  return emulator.issueToken({ audience, oid: ADMIN_USER_ID, upn: ADMIN_UPN, scopes });
}

describe('control routes', () => {
  it("should refuse a cross-site text/plain POST /_emulator/reset and keep the tenant's objects", async () => {
    await createApplication();
    const reset = await fetch(`${emulator.baseUrl}/_emulator/reset`, {
      method: 'POST',
      // What a web form can send without a CORS preflight: text/plain, and a body that parses as JSON.
      headers: { 'Content-Type': 'text/plain', Origin: 'https://attacker.example' },
      body: '{}',
    });
    expect([401, 403]).toContain(reset.status);
    const unauthenticated = await fetch(`${emulator.baseUrl}/_emulator/reset`, { method: 'POST' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await applicationCount()).toBe(1);
  });

  it('should answer the control routes only with the control token, and keep the objects shape', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${emulator.controlToken}`]) {
      const reply = await fetch(`${emulator.baseUrl}/_emulator/objects`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(reply.status, authorization).toBe(401);
    }
    // A Graph token is not a control token.
    const graphToken = await token(['Directory.Read.All']);
    expect((await call(`${emulator.baseUrl}/_emulator/faults`, { token: graphToken })).status).toBe(401);
    const counts = await call<Record<string, number>>(`${emulator.baseUrl}/_emulator/objects`, {
      token: emulator.controlToken,
    });
    expect(counts.status).toBe(200);
    expect(counts.body).toMatchObject({ applications: 0, servicePrincipals: 1, mobileApps: 0 });
    expect(Object.values(counts.body).every((count) => Number.isInteger(count))).toBe(true);
  });

  it('should refuse a fault path written as a regular expression, and install nothing', async () => {
    const reply = await call<{ error: { message: string } }>(`${emulator.baseUrl}/_emulator/faults`, {
      method: 'POST',
      body: { kind: 'throttle', path: '/^.(a+)+$/' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('glob');
    expect(emulator.faults.list()).toEqual([]);
  });

  it('should match a glob from HTTP in linear time, even one a regex-based matcher would backtrack on', async () => {
    const added = await call(`${emulator.baseUrl}/_emulator/faults`, {
      method: 'POST',
      body: { kind: 'throttle', path: `/graph/${'**a'.repeat(12)}b` },
    });
    expect(added.status).toBe(201);
    // With `.*` per `**` this path took minutes; the emulator must answer at once (no fault applies).
    const reply = await call(`${v1}/${'a'.repeat(3000)}`);
    expect(reply.status).toBe(400);
  });

  it('should issue tokens over HTTP only with the control token', async () => {
    const body = { audience: 'graph', scopes: ['Organization.Read.All'] };
    expect(
      (await call(`${emulator.baseUrl}/_emulator/tokens`, { method: 'POST', body, token: null })).status,
    ).toBe(401);
    const issued = await call<{ access_token: string; expires_in: number }>(
      `${emulator.baseUrl}/_emulator/tokens`,
      {
        method: 'POST',
        body,
      },
    );
    expect(issued.body.expires_in).toBe(3600);
    expect((await call(`${v1}/organization`, { token: issued.body.access_token })).status).toBe(200);
    const invalid = await call(`${emulator.baseUrl}/_emulator/tokens`, {
      method: 'POST',
      body: { audience: 'somewhere', scopes: ['x y'] },
    });
    expect(invalid.status).toBe(400);
  });
});

describe('tokens from a standalone emulator (httpTokenIssuer)', () => {
  it('should get a token the emulator accepts with the control token', async () => {
    const issued = await httpTokenIssuer(emulator.baseUrl, emulator.controlToken).issueToken({
      audience: 'graph',
      oid: ADMIN_USER_ID,
      scopes: ['Organization.Read.All'],
    });
    expect((await call(`${v1}/organization`, { token: issued })).status).toBe(200);
  });

  it('should fail with a localized message, without the control token, when refused or unreachable', async () => {
    const request = { audience: 'graph', oid: ADMIN_USER_ID } as const;
    const refused = await httpTokenIssuer(emulator.baseUrl, 'not-the-token')
      .issueToken(request)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).messageKey).toBe('rehearsal.tokens.refused');
    const text = translate('fr', (refused as AppError).messageKey, (refused as AppError).params);
    expect(text).toContain('HTTP 401');
    expect(text).not.toContain('not-the-token');
    const unreachable = await httpTokenIssuer(`http://127.0.0.1:1`, emulator.controlToken)
      .issueToken(request)
      .catch((error: unknown) => error);
    expect((unreachable as AppError).messageKey).toBe('rehearsal.tokens.unreachable');
    expect(translate('nl', (unreachable as AppError).messageKey, (unreachable as AppError).params)).toContain(
      'niet bereikbaar',
    );
  });
});

describe('Host, Origin and fetch metadata on every route', () => {
  it('should refuse a foreign Host (DNS rebinding) on Graph, ARM and control routes', async () => {
    const graphToken = await token(['Organization.Read.All']);
    const routes: Array<[string, string]> = [
      ['/graph/v1.0/organization', `Bearer ${graphToken}`],
      [
        `/arm/subscriptions?api-version=${ARM_API_VERSIONS.subscriptions[0]}`,
        `Bearer ${await token(['user_impersonation'], 'arm')}`,
      ],
      ['/_emulator/objects', `Bearer ${emulator.controlToken}`],
    ];
    for (const [path, authorization] of routes) {
      for (const host of [`rebound.attacker.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
        const reply = await raw(path, { headers: { Host: host, Authorization: authorization } });
        expect(reply.status, `${path} ${host}`).toBe(403);
      }
      for (const host of [`127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
        expect((await raw(path, { headers: { Host: host, Authorization: authorization } })).status).toBe(200);
      }
    }
  });

  it('should refuse a foreign Origin and a cross-site fetch even with a valid token, and change nothing', async () => {
    const foreign: Array<Record<string, string>> = [
      { Origin: 'https://attacker.example' },
      { Origin: `http://127.0.0.1:${port + 1}` },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of foreign) {
      const reply = await call(`${v1}/applications`, {
        method: 'POST',
        body: { displayName: 'From a web page' },
        headers,
      });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await applicationCount()).toBe(0);
    const sameOrigin = await call(`${v1}/organization`, {
      headers: { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(200);
  });
});

describe('signed tokens', () => {
  it('should refuse the unsigned token format anyone could forge, and create nothing', async () => {
    const reply = await call(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'Forged' },
      token: unsignedToken('Application.ReadWrite.All'),
    });
    expectGraphError(reply, 401, 'InvalidAuthenticationToken');
    expect(await applicationCount()).toBe(0);
  });

  it('should refuse a signed token whose scopes were rewritten', async () => {
    const [prefix, payload, signature] = (await token(['User.Read'])).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims['scp'] = 'Application.ReadWrite.All';
    const forged = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const reply = await call(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'x' },
      token: forged,
    });
    expectGraphError(reply, 401, 'InvalidAuthenticationToken');
  });

  it('should answer 401 once the token has expired on the emulator clock (Graph and ARM shapes)', async () => {
    const graphToken = await token(['Organization.Read.All']);
    const armToken = await token(['user_impersonation'], 'arm');
    const arm = `${emulator.armBaseUrl}/subscriptions?api-version=${ARM_API_VERSIONS.subscriptions[0]}`;
    expect((await call(`${v1}/organization`, { token: graphToken })).status).toBe(200);
    clock.advance(3600 * 1000);
    const expired = await call<{ error: { message: string } }>(`${v1}/organization`, { token: graphToken });
    expectGraphError(expired, 401, 'InvalidAuthenticationToken');
    expect(expired.body.error.message).toBe('Lifetime validation failed, the token is expired.');
    expectArmError(await call(arm, { token: armToken }), 401, 'ExpiredAuthenticationToken');
  });

  it("should refuse a Graph token on ARM and an ARM token on Graph (each API's audience)", async () => {
    const arm = `${emulator.armBaseUrl}/subscriptions?api-version=${ARM_API_VERSIONS.subscriptions[0]}`;
    expectArmError(
      await call(arm, { token: await token(['Directory.Read.All']) }),
      401,
      'InvalidAuthenticationTokenAudience',
    );
    expectGraphError(
      await call(`${v1}/organization`, { token: await token(['user_impersonation'], 'arm') }),
      401,
      'InvalidAuthenticationToken',
    );
  });
});

describe("each route's documented permissions", () => {
  const GRANT_SCOPE = 'DelegatedPermissionGrant.ReadWrite.All';

  /** Sends `method path body` with a token carrying exactly `scopes`; returns the status. */
  async function statusWith(
    scopes: readonly string[],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<number> {
    return (await call(`${v1}${path}`, { method, token: await token(scopes), ...(body ? { body } : {}) }))
      .status;
  }

  it("should answer Graph's 403 Authorization_RequestDenied when the token lacks the call's permission", async () => {
    const reply = await call<{ error: { message: string } }>(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'x' },
      token: await token(['Directory.Read.All', 'User.ReadWrite.All']),
    });
    expectGraphError(reply, 403, 'Authorization_RequestDenied');
    expect(reply.body.error.message).toBe('Insufficient privileges to complete the operation.');
    expect(await applicationCount()).toBe(0);
  });

  it('should require what Graph documents per call: least-privileged works, a neighbour does not', async () => {
    expect(await statusWith(['Application.Read.All'], 'POST', '/applications', { displayName: 'a' })).toBe(
      403,
    );
    expect(
      await statusWith(['Application.ReadWrite.All'], 'POST', '/applications', { displayName: 'a' }),
    ).toBe(201);
    expect(await statusWith(['User.Read'], 'GET', '/subscribedSkus')).toBe(403);
    expect(await statusWith(['Organization.Read.All'], 'GET', '/subscribedSkus')).toBe(200);
    expect(await statusWith(['Directory.Read.All'], 'GET', '/subscribedSkus')).toBe(200);
    expect(await statusWith(['User.Read'], 'GET', '/me')).toBe(200);
    expect(await statusWith(['Group.Read.All'], 'GET', '/users')).toBe(403);
    expect(
      await statusWith(['User.Read.All'], 'PATCH', `/users/${ADMIN_USER_ID}`, { usageLocation: 'BE' }),
    ).toBe(403);
    expect(
      await statusWith(['User.ReadWrite.All'], 'PATCH', `/users/${ADMIN_USER_ID}`, { usageLocation: 'BE' }),
    ).toBe(204);
    expect(
      await statusWith(['DeviceManagementApps.Read.All'], 'GET', '/policies/mobileDeviceManagementPolicies'),
    ).toBe(403);
  });

  it('should require DelegatedPermissionGrant.ReadWrite.All for a consent grant and AppRoleAssignment.ReadWrite.All for an app role', async () => {
    const appsOnly = ['Application.ReadWrite.All', 'Directory.Read.All'];
    const app = await call<{ appId: string }>(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'ConfigMgrClient' },
      token: await token(appsOnly),
    });
    const sp = await call<{ id: string }>(`${v1}/servicePrincipals`, {
      method: 'POST',
      body: { appId: app.body.appId },
      token: await token(appsOnly),
    });
    const grant = {
      clientId: sp.body.id,
      consentType: 'AllPrincipals',
      resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
      scope: 'User.Read',
    };
    expect(await statusWith(appsOnly, 'POST', '/oauth2PermissionGrants', grant)).toBe(403);
    expect(await statusWith([GRANT_SCOPE], 'POST', '/oauth2PermissionGrants', grant)).toBe(201);
    const assignment = {
      principalId: sp.body.id,
      resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
      appRoleId: '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    };
    const path = `/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`;
    expect(await statusWith(appsOnly, 'POST', path, assignment)).toBe(403);
    // Graph's least-privileged set is AppRoleAssignment.ReadWrite.All with a permission to read the apps.
    expect(await statusWith(['AppRoleAssignment.ReadWrite.All'], 'POST', path, assignment)).toBe(403);
    expect(
      await statusWith(['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'], 'POST', path, assignment),
    ).toBe(201);
  });

  it('should accept an application permission in roles (app-only token) where Graph documents one', async () => {
    const appOnly = await emulator.issueToken({
      audience: 'graph',
      oid: ADMIN_USER_ID,
      roles: ['Application.ReadWrite.All'],
    });
    const reply = await call(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'x' },
      token: appOnly,
    });
    expect(reply.status).toBe(201);
  });

  it('should refuse a /graph or /arm route that declares no permission, even for a full token', async () => {
    await withEmulator({}, async (other) => {
      other.registerRoutes((router) => {
        router.add('GET', '/graph/:version/undeclared', () => ({ status: 200, body: { open: true } }));
        router.add('GET', '/arm/undeclared', () => ({ status: 200, body: { open: true } }));
      });
      expectGraphError(
        await call(`${other.graphBaseUrl}/v1.0/undeclared`),
        403,
        'Authorization_RequestDenied',
      );
      expectArmError(
        await call(`${other.armBaseUrl}/undeclared?api-version=2022-12-01`),
        400,
        'InvalidApiVersionParameter',
      );
    });
  });

  it('should check each request inside $batch against its own route', async () => {
    const reply = await call<{ responses: Array<{ id: string; status: number }> }>(`${v1}/$batch`, {
      method: 'POST',
      token: await token(['Organization.Read.All']),
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/organization' },
          { id: '2', method: 'GET', url: '/applications' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.responses.map((response) => response.status)).toEqual([200, 403]);
  });

  it("should let each stage's scopes (STAGE_SCOPES) make that stage's calls and refuse another stage's", async () => {
    const signedInFor = async (stage: keyof typeof STAGE_SCOPES): Promise<RehearsalIdentityProvider> => {
      const provider = new RehearsalIdentityProvider({ tokens: emulator });
      await provider.signIn({
        method: 'browser',
        scopes: [...STAGE_SCOPES[stage].graph, ...STAGE_SCOPES[stage].arm],
      });
      return provider;
    };
    const licences = await signedInFor('licences');
    const licencesToken = await licences.getAccessToken({ resource: 'graph', scopes: [] });
    expect((await call(`${v1}/subscribedSkus`, { token: licencesToken })).status).toBe(200);
    expectGraphError(
      await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'x' }, token: licencesToken }),
      403,
      'Authorization_RequestDenied',
    );
    const azure = await signedInFor('azure-services');
    const azureToken = await azure.getAccessToken({ resource: 'graph', scopes: [] });
    expect(
      (await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'x' }, token: azureToken }))
        .status,
    ).toBe(201);
    const cloudName = await signedInFor('cloud-name');
    const armToken = await cloudName.getAccessToken({
      resource: 'arm',
      scopes: STAGE_SCOPES['cloud-name'].arm,
    });
    const check = await call(
      `${emulator.armBaseUrl}/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Storage/checkNameAvailability?api-version=${ARM_API_VERSIONS.storage[0]}`,
      {
        method: 'POST',
        body: { name: 'contosocmg42', type: 'Microsoft.Storage/storageAccounts' },
        token: armToken,
      },
    );
    expect(check.status).toBe(200);
  });
});

describe('directory roles where Graph checks them', () => {
  it("should let a Privileged Role Administrator, not a Cloud Application Administrator, grant Graph's app roles", async () => {
    await withEmulator({ presets: ['admin-not-global-admin'] }, async (other) => {
      const graph = `${other.graphBaseUrl}/v1.0`;
      const app = await call<{ appId: string }>(`${graph}/applications`, {
        method: 'POST',
        body: { displayName: 'ConfigMgrService' },
      });
      const sp = await call<{ id: string }>(`${graph}/servicePrincipals`, {
        method: 'POST',
        body: { appId: app.body.appId },
      });
      const assign = (): Promise<Reply> =>
        call(`${graph}/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
          method: 'POST',
          body: {
            principalId: sp.body.id,
            resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
            appRoleId: DIRECTORY_READ_ALL_ROLE_ID,
          },
        });
      expectGraphError(await assign(), 403, 'Authorization_RequestDenied');
      other.store
        .collection<{ id: string; displayName: string; roleTemplateId: string }>('directoryRoles')
        .insert({
          id: 'pra-role',
          displayName: 'Privileged Role Administrator',
          roleTemplateId: PRIVILEGED_ROLE_ADMIN_TEMPLATE_ID,
        });
      other.store
        .collection<{ id: string; roleId: string; principalId: string }>('directoryRoleMembers')
        .insert({
          id: 'pra-member',
          roleId: 'pra-role',
          principalId: ADMIN_USER_ID,
        });
      expect((await assign()).status).toBe(201);
    });
  });
});

describe('ARM permissions and api-version', () => {
  const sub = (): string => `${emulator.armBaseUrl}/subscriptions/${SUBSCRIPTION_ID}`;

  it("should refuse an ARM token without user_impersonation with ARM's 403 AuthorizationFailed", async () => {
    const reply = await call(`${sub()}?api-version=${ARM_API_VERSIONS.subscriptions[0]}`, {
      token: await token(['something_else'], 'arm'),
    });
    expectArmError(reply, 403, 'AuthorizationFailed');
  });

  it('should answer 400 InvalidApiVersionParameter with the supported versions for an unknown api-version', async () => {
    for (const [path, versions] of [
      ['', ARM_API_VERSIONS.subscriptions],
      ['/resourcegroups', ARM_API_VERSIONS.resources],
      ['/providers/Microsoft.KeyVault', ARM_API_VERSIONS.resources],
      ['/providers/Microsoft.Authorization/roleAssignments', ARM_API_VERSIONS.authorization],
    ] as const) {
      const wrong = await call<{ error: { message: string } }>(`${sub()}${path}?api-version=2099-01-01`);
      expectArmError(wrong, 400, 'InvalidApiVersionParameter');
      expect(wrong.body.error.message).toContain(versions.join(','));
      expect((await call(`${sub()}${path}?api-version=${versions[0]}`)).status, path).toBe(200);
    }
    // The Network version on a Storage call is not one Storage publishes.
    const crossed = await call(
      `${sub()}/providers/Microsoft.Storage/checkNameAvailability?api-version=${ARM_API_VERSIONS.network[0]}`,
      { method: 'POST', body: { name: 'contosocmg42', type: 'Microsoft.Storage/storageAccounts' } },
    );
    expectArmError(crossed, 400, 'InvalidApiVersionParameter');
    expectArmError(await call(`${sub()}?api-version=`), 400, 'MissingApiVersionParameter');
  });
});
