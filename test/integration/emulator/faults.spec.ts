import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type Emulator, type FaultRule, SUBSCRIPTION_ID } from '/@/src-main/rehearsal';

import {
  call,
  expectArmError,
  expectGraphError,
  manualClock,
  startTestEmulator,
  withEmulator,
} from './support';

const clock = manualClock();
let emulator: Emulator;
let v1: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ now: clock.now });
  v1 = `${emulator.graphBaseUrl}/v1.0`;
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await emulator.reset();
});

async function objects(): Promise<Record<string, number>> {
  return (await call<Record<string, number>>(`${emulator.baseUrl}/_emulator/objects`)).body;
}

/** Sends a body with node:http so the test sees exactly what happens to the socket. */
function rawPost(url: string, body: Buffer): Promise<{ status: number } | { error: string }> {
  return new Promise((resolvePromise) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          Authorization: 'Bearer x',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolvePromise({ error: error.code ?? error.message }));
    req.end(body);
  });
}

describe('status faults', () => {
  it('should answer 429 with Retry-After for the given number of times, then normally', async () => {
    emulator.faults.add({
      kind: 'throttle',
      method: 'POST',
      path: '/graph/*/applications',
      times: 2,
      retryAfterSeconds: 7,
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const reply = await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'x' } });
      expectGraphError(reply, 429, 'TooManyRequests');
      expect(reply.headers.get('retry-after')).toBe('7');
    }
    expect((await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'x' } })).status).toBe(
      201,
    );
    expect(emulator.faults.list()).toEqual([]);
    expect((await objects()).applications).toBe(1);
  });

  it('should leave other methods and paths alone', async () => {
    emulator.faults.add({ kind: 'throttle', method: 'POST', path: '/graph/*/applications' });
    expect((await call(`${v1}/applications`)).status).toBe(200);
    expect((await call(`${v1}/servicePrincipals`)).status).toBe(200);
  });

  it('should answer 503 and 504 in Graph and ARM shapes', async () => {
    emulator.faults.add({
      kind: 'unavailable',
      path: '/graph/v1.0/organization',
      times: 1,
      retryAfterSeconds: 2,
    });
    emulator.faults.add({ kind: 'gatewayTimeout', path: '/arm/**', times: 1 });
    const unavailable = await call(`${v1}/organization`);
    expectGraphError(unavailable, 503, 'serviceNotAvailable');
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expectArmError(
      await call(`${emulator.armBaseUrl}/subscriptions?api-version=2022-12-01`),
      504,
      'GatewayTimeout',
    );
    expect((await call(`${v1}/organization`)).status).toBe(200);
  });

  it('should match a regular expression path and count hits', async () => {
    const id = emulator.faults.add({ kind: 'throttle', path: /^\/graph\/v1\.0\/users\/[^/]+$/, times: 3 });
    expect((await call(`${v1}/users`)).status).toBe(200);
    expect((await call(`${v1}/users/someone`)).status).toBe(429);
    expect(emulator.faults.list()).toMatchObject([{ id, hits: 1, remaining: 2 }]);
  });

  it('should throttle requests inside a $batch individually with Retry-After in the inner headers', async () => {
    emulator.faults.add({
      kind: 'throttle',
      method: 'GET',
      path: '/graph/v1.0/me',
      times: 1,
      retryAfterSeconds: 3,
    });
    const reply = await call<{
      responses: Array<{ id: string; status: number; headers: Record<string, string> }>;
    }>(`${v1}/$batch`, {
      method: 'POST',
      body: {
        requests: [
          { id: 'a', method: 'GET', url: '/me' },
          { id: 'b', method: 'GET', url: '/organization' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.responses.map((response) => response.status)).toEqual([429, 200]);
    expect(reply.body.responses[0]?.headers['Retry-After']).toBe('3');
  });
});

describe('latency, timeout and connection cuts', () => {
  it('should delay the answer by the configured latency', async () => {
    emulator.faults.add({ kind: 'latency', path: '/graph/v1.0/organization', latencyMs: 5000, times: 1 });
    await expect(call(`${v1}/organization`, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    emulator.faults.add({ kind: 'latency', path: '/graph/v1.0/organization', latencyMs: 20, times: 1 });
    expect((await call(`${v1}/organization`)).status).toBe(200);
  });

  it('should never answer a timed-out request until the client gives up, and keep serving others', async () => {
    emulator.faults.add({ kind: 'timeout', path: '/graph/v1.0/subscribedSkus', times: 1 });
    await expect(call(`${v1}/subscribedSkus`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await call(`${v1}/subscribedSkus`)).status).toBe(200);
  });

  it('should close cleanly while a request is held by a timeout fault', async () => {
    await withEmulator({}, async (other) => {
      const id = other.faults.add({ kind: 'timeout', path: '/**' });
      const pending = fetch(`${other.graphBaseUrl}/v1.0/me`).then(
        () => 'answered',
        () => 'failed',
      );
      // Close only once the emulator holds the request (the fault was applied to it).
      await other.faults.whenApplied(id);
      await other.close();
      expect(await pending).toBe('failed');
    });
  });

  it('should cut the connection at once when asked', async () => {
    emulator.faults.add({ kind: 'cut', path: '/graph/v1.0/me', times: 1 });
    await expect(call(`${v1}/me`)).rejects.toThrow();
    expect((await call(`${v1}/me`)).status).toBe(200);
  });

  it('should cut the connection after N bytes of request body and create nothing', async () => {
    emulator.faults.add({
      kind: 'cut',
      method: 'POST',
      path: '/graph/v1.0/applications',
      afterBytes: 1000,
      times: 1,
    });
    const body = Buffer.from(JSON.stringify({ displayName: 'big', notes: 'n'.repeat(200_000) }));
    const result = await rawPost(`${v1}/applications`, body);
    expect(result).toHaveProperty('error');
    expect((await objects()).applications).toBe(0);
  });

  it('should let a body shorter than afterBytes through', async () => {
    emulator.faults.add({
      kind: 'cut',
      method: 'POST',
      path: '/graph/v1.0/applications',
      afterBytes: 100_000,
    });
    expect(
      (await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'small' } })).status,
    ).toBe(201);
  });
});

describe('replication delay', () => {
  it('should hide a new application from reads by id and filter until the delay has passed', async () => {
    emulator.faults.add({
      kind: 'replicationDelay',
      method: 'POST',
      path: '/graph/*/applications',
      delayMs: 5000,
      times: 1,
    });
    const created = await call<{ id: string; appId: string }>(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'ConfigMgrService' },
    });
    expect(created.status).toBe(201);
    expectGraphError(await call(`${v1}/applications/${created.body.id}`), 404, 'Request_ResourceNotFound');
    const filtered = await call<{ value: unknown[] }>(
      `${v1}/applications?$filter=${encodeURIComponent("displayName eq 'ConfigMgrService'")}`,
    );
    expect(filtered.body.value).toEqual([]);
    expectGraphError(
      await call(`${v1}/servicePrincipals`, { method: 'POST', body: { appId: created.body.appId } }),
      400,
      'Request_BadRequest',
    );
    expect((await objects()).applications).toBe(1);
    clock.advance(5001);
    expect((await call(`${v1}/applications/${created.body.id}`)).status).toBe(200);
    expect(
      (await call(`${v1}/servicePrincipals`, { method: 'POST', body: { appId: created.body.appId } })).status,
    ).toBe(201);
  });

  it('should delay only the requests the fault matched', async () => {
    emulator.faults.add({
      kind: 'replicationDelay',
      method: 'POST',
      path: '/graph/*/servicePrincipals',
      delayMs: 5000,
    });
    const app = await call<{ id: string }>(`${v1}/applications`, {
      method: 'POST',
      body: { displayName: 'visible' },
    });
    expect((await call(`${v1}/applications/${app.body.id}`)).status).toBe(200);
  });
});

describe('fault control over HTTP', () => {
  const control = (path: string): string => `${emulator.baseUrl}/_emulator/${path}`;

  it('should add, list and delete faults through /_emulator/faults', async () => {
    const rule: FaultRule = { kind: 'throttle', method: 'GET', path: '/arm/**', retryAfterSeconds: 1 };
    const added = await call<{ ids: string[] }>(control('faults'), {
      method: 'POST',
      body: rule,
    });
    expect(added.status).toBe(201);
    expect(added.body.ids).toHaveLength(1);
    expect(
      (await call(`${emulator.armBaseUrl}/subscriptions/${SUBSCRIPTION_ID}?api-version=2022-12-01`)).status,
    ).toBe(429);
    const listed = await call<{ value: Array<{ id: string }> }>(control('faults'));
    expect(listed.body.value.map((fault) => fault.id)).toEqual(added.body.ids);
    expect((await call(control(`faults/${added.body.ids[0]}`), { method: 'DELETE' })).status).toBe(204);
    expect((await call(control('faults/unknown'), { method: 'DELETE' })).status).toBe(404);
    await call(control('faults'), {
      method: 'POST',
      body: { faults: [rule, { ...rule, kind: 'unavailable' }] },
    });
    expect(emulator.faults.list()).toHaveLength(2);
    expect((await call(control('faults'), { method: 'DELETE' })).status).toBe(204);
    expect(emulator.faults.list()).toEqual([]);
  });

  it('should refuse an invalid fault with 400 and add nothing', async () => {
    for (const body of [
      { kind: 'explode', path: '/x' },
      { kind: 'throttle' },
      { kind: 'throttle', path: '/x', times: 0 },
      { kind: 'throttle', path: '/^(unclosed/' },
      { kind: 'throttle', path: '/x', extra: 1 },
      'nonsense',
    ]) {
      const reply = await call(control('faults'), { method: 'POST', body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    expect(emulator.faults.list()).toEqual([]);
  });

  it('should refuse control requests whose Host is not loopback', async () => {
    const status = await new Promise<number>((resolvePromise) => {
      httpRequest(control('objects'), { headers: { Host: 'rebound.example:80' } }, (res) => {
        res.resume();
        resolvePromise(res.statusCode ?? 0);
      }).end();
    });
    expect(status).toBe(403);
  });

  it('should reset the tenant and the faults through /_emulator/reset', async () => {
    await call(`${v1}/applications`, { method: 'POST', body: { displayName: 'x' } });
    emulator.faults.add({ kind: 'throttle', path: '/nothing' });
    expect((await call(control('reset'), { method: 'POST' })).status).toBe(204);
    expect((await objects()).applications).toBe(0);
    expect(emulator.faults.list()).toEqual([]);
  });

  it('should apply the faults of a scenario from the start, and again after a reset', async () => {
    await withEmulator(
      { scenario: { faults: [{ kind: 'throttle', path: '/graph/v1.0/me', retryAfterSeconds: 4 }] } },
      async (scenario) => {
        expect((await call(`${scenario.graphBaseUrl}/v1.0/me`)).status).toBe(429);
        await scenario.reset();
        expect((await call(`${scenario.graphBaseUrl}/v1.0/me`)).status).toBe(429);
      },
    );
  });
});
