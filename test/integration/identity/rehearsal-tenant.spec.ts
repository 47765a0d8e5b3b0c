import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ARM_SCOPE, GRAPH_SCOPES } from '/@/src-main/identity';
import { createRuntime, type Runtime } from '/@/src-main/ipc';
import { REQUEST_LOG_FILE } from '/@/src-main/ipc/runtime';
import { ADMIN_UPN, ADMIN_USER_ID, SUBSCRIPTION_ID } from '/@/src-main/rehearsal';
import { MemorySecretStore } from '/@/src-main/secrets';

// The runtime as the app and `comanage serve` build it: the simulated tenant in-process, and
// rehearsal sign-in tokens that the real emulator accepts over HTTP.
let home: string;
let runtime: Runtime;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'identity-rehearsal-'));
  runtime = await createRuntime({
    transport: 'web',
    osLocale: 'en',
    version: '0.0.0-test',
    home,
    secrets: new MemorySecretStore(),
    rehearsalTenant: true,
  });
});
afterAll(async () => {
  await runtime.close();
  await rm(home, { recursive: true, force: true });
});

/** Each test signs in itself (sign-in is idempotent), so the order the tests run in does not matter. */
async function signIn(): Promise<void> {
  const signedIn = await runtime.dispatch('identity:sign-in', [
    { method: 'browser', stage: 'prerequisites' },
  ]);
  expect(signedIn).toMatchObject({ ok: true });
}

describe('rehearsal sign-in against the in-process simulated tenant', () => {
  it('should start the emulator with its data in the home folder', async () => {
    const tenant = runtime.context.tenant;
    expect(tenant?.graphBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graph$/);
    expect(runtime.context.identity.endpoints()).toEqual({
      graphBaseUrl: tenant?.graphBaseUrl,
      armBaseUrl: tenant?.armBaseUrl,
    });
    await expect(access(join(home, 'rehearsal', 'tenant'))).resolves.toBeUndefined();
  });

  it('should be refused by the emulator without a token and accepted with the rehearsal one', async () => {
    const { graphBaseUrl } = runtime.context.identity.endpoints();
    expect((await fetch(`${graphBaseUrl}/v1.0/me`)).status).toBe(401);

    const signIn = await runtime.dispatch('identity:sign-in', [
      { method: 'browser', stage: 'prerequisites' },
    ]);
    expect(signIn).toMatchObject({ ok: true, value: { signedIn: true, account: { username: ADMIN_UPN } } });

    const token = await runtime.context.identity.getAccessToken({
      resource: 'graph',
      scopes: [GRAPH_SCOPES.directoryReadAll],
    });
    const me = await fetch(`${graphBaseUrl}/v1.0/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: ADMIN_USER_ID, userPrincipalName: ADMIN_UPN });
  });

  it('should reach ARM with the separately requested ARM token', async () => {
    await signIn();
    const { armBaseUrl } = runtime.context.identity.endpoints();
    const token = await runtime.context.identity.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] });
    const response = await fetch(`${armBaseUrl}/subscriptions?api-version=2022-12-01`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: { subscriptionId: string }[] };
    expect(body.value.map((s) => s.subscriptionId)).toContain(SUBSCRIPTION_ID);
  });

  it('should call Graph and ARM through the runtime client and log the calls without any token', async () => {
    await signIn();
    const client = runtime.context.graph();
    const me = await client.get<{ userPrincipalName: string }>('/me', {
      scopes: [GRAPH_SCOPES.directoryReadAll],
    });
    expect(me.body.userPrincipalName).toBe(ADMIN_UPN);
    const subscriptions = await client.get<{ value: { subscriptionId: string }[] }>('/subscriptions', {
      resource: 'arm',
      apiVersion: '2022-12-01',
      scopes: [ARM_SCOPE],
    });
    expect(subscriptions.body.value.map((s) => s.subscriptionId)).toContain(SUBSCRIPTION_ID);
    expect(runtime.context.graph()).toBe(client);

    const token = await runtime.context.identity.getAccessToken({ resource: 'arm', scopes: [ARM_SCOPE] });
    await vi.waitFor(async () => {
      const log = await readFile(join(home, 'logs', REQUEST_LOG_FILE), 'utf8');
      expect(log).toContain('/subscriptions');
    });
    const log = await readFile(join(home, 'logs', REQUEST_LOG_FILE), 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { url: string; status: number });
    expect(lines.some((line) => line.url.endsWith('/v1.0/me') && line.status === 200)).toBe(true);
    expect(log).not.toContain(token);
    expect(log).not.toContain('rehearsal.');
    expect(log.toLowerCase()).not.toContain('bearer');
  });

  it('should stop handing out tokens after sign-out', async () => {
    expect(await runtime.dispatch('identity:sign-out', [])).toEqual({
      ok: true,
      value: { mode: 'rehearsal', signedIn: false },
    });
    await expect(
      runtime.context.identity.getAccessToken({ resource: 'graph', scopes: [GRAPH_SCOPES.directoryReadAll] }),
    ).rejects.toMatchObject({ code: 'sign-in-required' });
  });
});

describe('runtime without the simulated tenant', () => {
  it('should not start one by default and should say rehearsal sign-in is unavailable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-none-'));
    const bare = await createRuntime({
      transport: 'web',
      osLocale: 'fr',
      version: '0.0.0-test',
      home: dir,
      secrets: new MemorySecretStore(),
    });
    try {
      expect(bare.context.tenant).toBeNull();
      expect(await bare.dispatch('identity:sign-in', [{ method: 'device-code' }])).toMatchObject({
        ok: false,
        error: { code: 'unavailable', messageKey: 'identity.error.rehearsalUnavailable' },
      });
    } finally {
      await bare.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
