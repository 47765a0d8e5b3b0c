import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
  Application,
  Organization,
  PasswordCredential,
  ServicePrincipal,
  User,
} from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { abortableSleep, FileRequestLog, GraphError, type RequestLogEntry } from '/@/src-main/graph';
import {
  DIRECTORY_READ_ALL_ROLE_ID,
  GRAPH_SERVICE_PRINCIPAL_ID,
  RESOURCE_GROUP_NAME,
  SUBSCRIPTION_ID,
} from '/@/src-main/rehearsal';
import { translate } from '/@/src-main/shared';

import { tempDir } from '../emulator/support';
import { failureOf, objectCounts, type Rig, startRig } from './support';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig.close();
});
beforeEach(() => rig.reset());

describe('paging', () => {
  it('should follow @odata.nextLink until the last page of /users', async () => {
    const users = await rig.client.listAll<User>('/users', { query: { $top: 1, $select: 'id,displayName' } });
    expect(users).toHaveLength(4);
    expect(new Set(users.map((user) => user.id)).size).toBe(4);
    expect(users.every((user) => Object.keys(user).sort().join() === 'displayName,id')).toBe(true);
    expect(rig.log.entries).toHaveLength(4);
    expect(
      rig.log.entries
        .slice(1)
        .every((entry) => entry.url.includes('%24skiptoken=') || entry.url.includes('$skiptoken=')),
    ).toBe(true);
  });

  it('should refuse to read past maxPages instead of looping on nextLink', async () => {
    const error = await failureOf(rig.client.listAll('/users', { query: { $top: 1 }, maxPages: 2 }));
    expect(error).toMatchObject({ code: 'invalid-input', messageKey: 'graph.error.tooManyPages' });
    expect(rig.log.entries).toHaveLength(2);
  });

  it('should refuse a nextLink to another host and send it no token', async () => {
    const error = await failureOf(rig.client.get('https://evil.example/v1.0/users'));
    expect(error).toMatchObject({ kind: 'invalid-request', attempts: 0 });
    expect(rig.tokenRequests).toEqual([]);
  });
});

describe('$batch', () => {
  it('should split 25 requests into two batches, retry an inner 429 and keep the input order', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      method: 'GET',
      path: '/graph/v1.0/me',
      times: 1,
      retryAfterSeconds: 3,
    });
    const items = Array.from({ length: 25 }, (_unused, index) =>
      index === 3
        ? { id: 'me', method: 'GET', url: '/me' }
        : index === 21
          ? { id: 'missing', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' }
          : { method: 'POST', url: '/applications', body: { displayName: `Batch ${index}` } },
    );
    const results = await rig.client.batch<Application & User>(items);
    expect(results).toHaveLength(25);
    expect(results.map((result) => result.id)).toEqual(items.map((item, index) => item.id ?? String(index)));
    const batches = rig.log.entries.filter((entry) => entry.url.endsWith('/$batch'));
    expect(batches).toHaveLength(3); // 20 + 5, then the throttled one again
    expect(rig.recorder.waits).toEqual([3000]);
    const me = results[3];
    expect(me).toMatchObject({ ok: true, status: 200 });
    if (me?.ok) expect(me.body.userPrincipalName).toBe('admin@contoso.onmicrosoft.com');
    const missing = results[21];
    expect(missing?.ok).toBe(false);
    if (missing && !missing.ok) {
      expect(missing.error).toBeInstanceOf(GraphError);
      expect(missing.error).toMatchObject({
        status: 404,
        remoteCode: 'Request_ResourceNotFound',
        kind: 'http',
      });
    }
    const created = results.filter((result, index) => index !== 3 && index !== 21);
    expect(created.every((result) => result.ok && result.status === 201)).toBe(true);
    expect(created.map((result) => (result.ok ? result.body.displayName : ''))).toEqual(
      items
        .filter((_item, index) => index !== 3 && index !== 21)
        .map((item) => (item.body as { displayName: string }).displayName),
    );
    const apps = await rig.client.listAll<Application>('/applications', { query: { $top: 10 } });
    expect(apps).toHaveLength(23);
  });

  it('should give a typed throttled result when an inner request stays throttled', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      method: 'GET',
      path: '/graph/v1.0/organization',
      times: 100,
    });
    const results = await rig.client.batch<Organization>([
      { method: 'GET', url: '/organization' },
      { method: 'GET', url: '/me' },
    ]);
    expect(results[0]).toMatchObject({ ok: false, status: 429, error: { kind: 'throttled', attempts: 4 } });
    expect(results[1]).toMatchObject({ ok: true, status: 200 });
    expect(rig.recorder.waits).toHaveLength(3);
  });
  it('should stop with a cancelled error when aborted while waiting to re-send throttled items', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      method: 'GET',
      path: '/graph/v1.0/me',
      retryAfterSeconds: 30,
    });
    const controller = new AbortController();
    const client = rig.clientWith({
      sleep: (ms, signal) => {
        controller.abort();
        return abortableSleep(ms, signal);
      },
    });
    const error = await failureOf(
      client.batch([{ method: 'GET', url: '/me' }], { signal: controller.signal }),
    );
    expect(error).toMatchObject({ kind: 'cancelled', code: 'cancelled' });
    expect(rig.log.entries.filter((entry) => entry.url.endsWith('/$batch'))).toHaveLength(1);
  });
});

describe('typed errors', () => {
  it('should turn a 404 into a not-found GraphError with the request ids, and find() into null', async () => {
    const error = await failureOf(rig.client.get('/applications/2f0e2bb0-6a3a-4f57-8b1b-4a4d5a9c2b11'));
    expect(error).toBeInstanceOf(GraphError);
    const graphError = error as GraphError;
    expect(graphError).toMatchObject({
      kind: 'http',
      code: 'not-found',
      status: 404,
      remoteCode: 'Request_ResourceNotFound',
      messageKey: 'graph.error.resourceNotFound',
      attempts: 1,
    });
    expect(graphError.requestId).toBe(rig.log.entries[0]?.requestId);
    expect(graphError.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(graphError.clientRequestId).toBe(rig.log.entries[0]?.clientRequestId);
    expect(await rig.client.find('/applications/2f0e2bb0-6a3a-4f57-8b1b-4a4d5a9c2b11')).toBeNull();
    expect(translate('fr', graphError.messageKey, graphError.params)).toContain('Request_ResourceNotFound');
  });

  it('should explain a 403 Authorization_RequestDenied when the admin is not a Global Administrator', async () => {
    await rig.close();
    rig = await startRig({ presets: ['admin-not-global-admin'] });
    const app = (await rig.client.post<Application>('/applications', { displayName: 'ConfigMgrClient' }))
      .body;
    const sp = (await rig.client.post<ServicePrincipal>('/servicePrincipals', { appId: app.appId })).body;
    const error = await failureOf(
      rig.client.post(`/servicePrincipals/${GRAPH_SERVICE_PRINCIPAL_ID}/appRoleAssignedTo`, {
        principalId: sp.id,
        resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
        appRoleId: DIRECTORY_READ_ALL_ROLE_ID,
      }),
    );
    expect(error).toMatchObject({
      kind: 'http',
      code: 'forbidden',
      status: 403,
      remoteCode: 'Authorization_RequestDenied',
      messageKey: 'graph.error.authorizationRequestDenied',
      attempts: 1,
    });
    expect(translate('en', (error as GraphError).messageKey, (error as GraphError).params)).toContain(
      'Global Administrator',
    );
  });

  it('should report a 400 with the Graph code and not retry it', async () => {
    const error = await failureOf(rig.client.post('/applications', { displayName: '' }));
    expect(error).toMatchObject({
      kind: 'http',
      code: 'invalid-input',
      status: 400,
      remoteCode: 'Request_BadRequest',
      messageKey: 'graph.error.badRequest',
      attempts: 1,
    });
    expect(rig.recorder.waits).toEqual([]);
  });
});

describe('refused token', () => {
  it('should renew a token the service refuses (401) once, skipping the cache, and succeed', async () => {
    const asked: { forceRefresh?: boolean }[] = [];
    const client = rig.clientWith({
      getAccessToken: async (request) => {
        asked.push({ ...(request.forceRefresh ? { forceRefresh: true } : {}) });
        // The cached token has expired; a renewed one is good.
        return request.forceRefresh ? rig.token() : 'rehearsal.expired';
      },
    });
    const created = await client.post<{ id: string }>('/applications', { displayName: 'ConfigMgrService' });
    expect(created.status).toBe(201);
    expect(created.attempts).toBe(2);
    expect(asked).toEqual([{}, { forceRefresh: true }]);
    // One application: the refused POST was never acted on.
    expect((await objectCounts(rig.emulator))['applications']).toBe(1);
  });

  it('should give up with a typed 401 when the renewed token is refused too, without looping', async () => {
    let calls = 0;
    const client = rig.clientWith({
      getAccessToken: async () => {
        calls += 1;
        return 'rehearsal.revoked';
      },
    });
    const error = await failureOf(client.get('/me'));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 401, remoteCode: 'InvalidAuthenticationToken', attempts: 2 });
    expect(calls).toBe(2);
  });
});

describe('ARM', () => {
  it('should add api-version, ask for an ARM token and read the subscription', async () => {
    const response = await rig.client.get<{ value: Array<{ subscriptionId: string }> }>('/subscriptions', {
      resource: 'arm',
      apiVersion: '2022-12-01',
    });
    expect(response.body.value.map((sub) => sub.subscriptionId)).toContain(SUBSCRIPTION_ID);
    expect(rig.tokenRequests).toEqual([
      { resource: 'arm', scopes: ['https://management.azure.com/user_impersonation'] },
    ]);
    expect(rig.log.entries[0]?.url).toContain('api-version=2022-12-01');
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should refuse an ARM call without api-version before sending it', async () => {
    const error = await failureOf(rig.client.get('/subscriptions', { resource: 'arm' }));
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'invalid-input' });
    expect(rig.log.entries).toEqual([]);
  });

  it('should type ARM errors with their code', async () => {
    const error = await failureOf(
      rig.client.get(`/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/not-${RESOURCE_GROUP_NAME}`, {
        resource: 'arm',
        apiVersion: '2021-04-01',
      }),
    );
    expect(error).toMatchObject({
      resource: 'arm',
      status: 404,
      remoteCode: 'ResourceGroupNotFound',
      code: 'not-found',
    });
  });
});

describe('request log', () => {
  it('should write JSONL without the bearer token, returned secrets, secret body fields or SAS signatures', async () => {
    const folder = tempDir();
    try {
      const file = join(folder.dir, 'requests.jsonl');
      const fileLog = new FileRequestLog(file);
      const client = rig.clientWith({ requestLog: fileLog });
      rig.emulator.faults.add({
        kind: 'throttle',
        method: 'POST',
        path: '/graph/*/applications/*/addPassword',
        times: 1,
      });
      const app = (await client.post<Application>('/applications', { displayName: 'ConfigMgrService' })).body;
      const password = await client.post<PasswordCredential>(`/applications/${app.id ?? ''}/addPassword`, {
        passwordCredential: { displayName: 'CMG server app' },
      });
      const secretText = password.body.secretText ?? '';
      expect(secretText).toMatch(/^REHEARSAL-SECRET-/);
      const injectedKey = 'INJECTED-KEY-MATERIAL-7f3a9c';
      const injectedSecret = 'INJECTED-PASSWORD-e41b77';
      await client
        .patch(`/applications/${app.id ?? ''}`, {
          notes: 'kept in the log',
          keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: injectedKey }],
          passwordCredentials: [{ displayName: 'x', secretText: injectedSecret }],
          clientSecret: injectedSecret,
          fileEncryptionInfo: {
            profileIdentifier: 'ProfileVersion1',
            encryptionKey: injectedKey,
            macKey: injectedSecret,
          },
        })
        .catch(() => undefined);
      const sasSignature = 'sv2026sigVALUE%2Bsecret%3D';
      await client.find(`/applications/${app.id ?? ''}`, { query: { sig: sasSignature, se: '2026-12-01' } });
      await fileLog.flush();
      const text = readFileSync(file, 'utf8');
      const entries = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RequestLogEntry);
      expect(entries.length).toBeGreaterThanOrEqual(5);
      for (const entry of entries) {
        expect(Object.keys(entry)).toEqual(
          expect.arrayContaining([
            'time',
            'method',
            'url',
            'status',
            'durationMs',
            'requestId',
            'clientRequestId',
            'attempt',
          ]),
        );
      }
      expect(entries.map((entry) => entry.status).slice(0, 3)).toEqual([201, 429, 200]);
      expect(entries[1]?.clientRequestId).toBe(entries[2]?.clientRequestId);
      expect(entries[2]?.requestId).toBe(password.requestId);
      expect(text).toContain('kept in the log');
      expect(text).toContain('ProfileVersion1');
      expect(text).toContain('[redacted]');
      expect(rig.issuedTokens.length).toBeGreaterThan(0);
      for (const secret of [
        secretText,
        ...rig.issuedTokens,
        injectedKey,
        injectedSecret,
        sasSignature,
        'sv2026sigVALUE',
      ]) {
        expect(text, secret).not.toContain(secret);
      }
      expect(text).not.toMatch(/Bearer|authorization/i);
    } finally {
      folder.cleanup();
    }
  });
});
