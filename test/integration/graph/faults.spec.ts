import { createServer } from 'node:net';

import type { Application, Organization } from '@microsoft/microsoft-graph-types';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { abortableSleep, type FetchLike, GraphError } from '/@/src-main/graph';

import { failureOf, objectCounts, type Rig, startRig } from './support';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig.close();
});
beforeEach(() => rig.reset());

/** A loopback port nobody listens on (opened, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  return port;
}

function attemptsTo(path: string): number[] {
  return rig.log.entries
    .filter((entry) => new URL(entry.url).pathname === path)
    .map((entry) => entry.attempt);
}

describe('status faults', () => {
  it('should recover from 429 after waiting at least the Retry-After of each answer', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      method: 'POST',
      path: '/graph/*/applications',
      times: 2,
      retryAfterSeconds: 7,
    });
    const created = await rig.client.post<Application>('/applications', { displayName: 'ConfigMgrService' });
    expect(created.status).toBe(201);
    expect(created.attempts).toBe(3);
    expect(rig.recorder.waits).toEqual([7000, 7000]);
    expect((await objectCounts(rig.emulator)).applications).toBe(1);
    // One logical call: the same client-request-id on every attempt, the server's id logged.
    const entries = rig.log.entries;
    expect(entries.map((entry) => entry.status)).toEqual([429, 429, 201]);
    expect(new Set(entries.map((entry) => entry.clientRequestId))).toEqual(
      new Set([created.clientRequestId]),
    );
    expect(entries[2]?.requestId).toBe(created.requestId);
    expect(entries[0]?.retryInMs).toBe(7000);
    expect(entries[0]?.error?.code).toBe('TooManyRequests');
  });

  it('should retry 503 with backoff when no Retry-After is sent, then succeed', async () => {
    rig.emulator.faults.add({ kind: 'unavailable', path: '/graph/v1.0/organization', times: 2 });
    const organization = await rig.client.get<{ value: Organization[] }>('/organization');
    expect(organization.body.value).toHaveLength(1);
    expect(organization.attempts).toBe(3);
    // Full jitter with random() = 0.5 over base 10 ms · 2^(n-1).
    expect(rig.recorder.waits).toEqual([5, 10]);
  });

  it('should honour Retry-After on 503 and retry a 504', async () => {
    rig.emulator.faults.add({
      kind: 'unavailable',
      path: '/graph/v1.0/organization',
      times: 1,
      retryAfterSeconds: 2,
    });
    rig.emulator.faults.add({ kind: 'gatewayTimeout', path: '/graph/v1.0/organization', times: 1 });
    const organization = await rig.client.get('/organization');
    expect(organization.status).toBe(200);
    expect(rig.log.entries.map((entry) => entry.status)).toEqual([503, 504, 200]);
    expect(rig.recorder.waits[0]).toBe(2000);
  });

  it('should retry a POST refused with 503, since the server did not act on it', async () => {
    rig.emulator.faults.add({
      kind: 'unavailable',
      method: 'POST',
      path: '/graph/v1.0/applications',
      times: 1,
    });
    await rig.client.post('/applications', { displayName: 'once' });
    expect((await objectCounts(rig.emulator)).applications).toBe(1);
  });

  it('should give a typed throttled error with the attempt count when 429 never ends', async () => {
    rig.emulator.faults.add({ kind: 'throttle', path: '/graph/v1.0/organization', times: 100 });
    const error = await failureOf(rig.client.get('/organization'));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      kind: 'throttled',
      code: 'unavailable',
      status: 429,
      remoteCode: 'TooManyRequests',
      attempts: 4,
      messageKey: 'graph.error.throttled',
    });
    expect((error as GraphError).requestId).toBe(rig.log.entries.at(-1)?.requestId);
    expect(rig.emulator.faults.list()[0]?.hits).toBe(4);
    expect(rig.recorder.waits).toEqual([1000, 1000, 1000]);
  });

  it('should stop before the total time budget when Retry-After is long', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      path: '/arm/**',
      times: 100,
      retryAfterSeconds: 10,
    });
    const client = rig.clientWith({ retry: { maxAttempts: 10, maxTotalMs: 25_000, random: () => 0.5 } });
    const error = await failureOf(
      client.get('/subscriptions', { resource: 'arm', apiVersion: '2022-12-01' }),
    );
    expect(error).toMatchObject({
      kind: 'throttled',
      attempts: 3,
      remoteCode: 'SubscriptionRequestsThrottled',
    });
    expect(rig.recorder.waits).toEqual([10_000, 10_000]);
  });

  it('should cap a single wait at maxDelayMs', async () => {
    rig.emulator.faults.add({
      kind: 'throttle',
      path: '/graph/v1.0/organization',
      times: 1,
      retryAfterSeconds: 3600,
    });
    const client = rig.clientWith({ retry: { maxDelayMs: 30_000 } });
    expect((await client.get('/organization')).status).toBe(200);
    expect(rig.recorder.waits).toEqual([30_000]);
  });
});

describe('latency, timeouts and cuts', () => {
  it('should time out a slow attempt and recover on the next one', async () => {
    rig.emulator.faults.add({
      kind: 'latency',
      path: '/graph/v1.0/organization',
      latencyMs: 60_000,
      times: 1,
    });
    // Generous enough that the second, normal attempt never hits it on a loaded machine.
    const client = rig.clientWith({ timeoutMs: 1000 });
    const organization = await client.get('/organization');
    expect(organization.attempts).toBe(2);
    expect(rig.log.entries[0]).toMatchObject({ status: null, error: { code: 'timeout' } });
  });

  it('should fail with a typed timeout error after maxAttempts when the server never answers', async () => {
    rig.emulator.faults.add({ kind: 'timeout', path: '/graph/v1.0/subscribedSkus' });
    const client = rig.clientWith({
      timeoutMs: 100,
      retry: { maxAttempts: 3, baseDelayMs: 1, random: () => 0 },
    });
    const error = await failureOf(client.get('/subscribedSkus'));
    expect(error).toMatchObject({
      kind: 'timeout',
      code: 'unavailable',
      attempts: 3,
      messageKey: 'graph.error.timeout',
    });
    expect(attemptsTo('/graph/v1.0/subscribedSkus')).toEqual([1, 2, 3]);
  });

  it('should not repeat a POST that timed out once it was sent', async () => {
    rig.emulator.faults.add({ kind: 'timeout', method: 'POST', path: '/graph/v1.0/applications', times: 1 });
    const client = rig.clientWith({ timeoutMs: 100 });
    const error = await failureOf(client.post('/applications', { displayName: 'maybe' }));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(rig.recorder.waits).toEqual([]);
  });

  it('should retry a GET whose connection was cut', async () => {
    rig.emulator.faults.add({ kind: 'cut', path: '/graph/v1.0/me', times: 2 });
    const me = await rig.client.get<{ id: string }>('/me');
    expect(me.attempts).toBe(3);
    expect(rig.log.entries[0]).toMatchObject({ status: null, attempt: 1 });
    expect(rig.log.entries[0]?.error?.code).toBeTruthy();
  });

  it('should not blindly repeat a POST whose connection was cut, and report a network error', async () => {
    rig.emulator.faults.add({ kind: 'cut', method: 'POST', path: '/graph/v1.0/applications', times: 1 });
    const error = await failureOf(rig.client.post('/applications', { displayName: 'cut' }));
    expect(error).toMatchObject({ kind: 'network', attempts: 1, messageKey: 'graph.error.network' });
    expect((await objectCounts(rig.emulator)).applications).toBe(0);
  });

  it('should retry even a POST when the connection was refused, then fail with the socket code', async () => {
    const client = rig.clientWith({
      graphBaseUrl: `http://127.0.0.1:${await closedPort()}/graph`,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await failureOf(client.post('/applications', { displayName: 'nowhere' }));
    expect(error).toMatchObject({
      kind: 'network',
      attempts: 2,
      remoteCode: 'ECONNREFUSED',
      code: 'unavailable',
    });
  });
});

describe('cancellation', () => {
  it('should end with a cancelled error when aborted during a Retry-After wait', async () => {
    rig.emulator.faults.add({ kind: 'throttle', path: '/graph/v1.0/organization', retryAfterSeconds: 30 });
    const controller = new AbortController();
    const waits: number[] = [];
    const client = rig.clientWith({
      sleep: (ms, signal) => {
        waits.push(ms);
        queueMicrotask(() => controller.abort());
        return abortableSleep(ms, signal);
      },
    });
    const error = await failureOf(client.get('/organization', { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'cancelled', code: 'cancelled', attempts: 1 });
    expect(waits).toEqual([30_000]);
    expect(rig.emulator.faults.list()[0]?.hits).toBe(1);
  });

  it('should abort the request in flight when the caller cancels', async () => {
    const held = rig.emulator.faults.add({ kind: 'timeout', path: '/graph/v1.0/organization' });
    const controller = new AbortController();
    const fetchThenCancel: FetchLike = (url, init) => {
      const pending = (undiciFetch as unknown as FetchLike)(url, init);
      // Cancel once the emulator holds the request: it is then truly in flight.
      void rig.emulator.faults.whenApplied(held).then(() => controller.abort());
      return pending;
    };
    const client = rig.clientWith({ fetch: fetchThenCancel, timeoutMs: 60_000 });
    const error = await failureOf(client.get('/organization', { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'cancelled', attempts: 1 });
    expect(rig.log.entries).toMatchObject([{ status: null, error: { code: 'cancelled' } }]);
  });

  it('should send nothing when the signal is already aborted', async () => {
    const error = await failureOf(rig.client.get('/organization', { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ kind: 'cancelled', attempts: 0 });
    expect(rig.log.entries).toEqual([]);
  });
});

describe('replication delay', () => {
  it('should wait until two reads in a row find a just-created application', async () => {
    rig.emulator.faults.add({
      kind: 'replicationDelay',
      method: 'POST',
      path: '/graph/*/applications',
      delayMs: 5000,
      times: 1,
    });
    const created = await rig.client.post<Application>('/applications', { displayName: 'Replicating' });
    const path = `/applications/${created.body.id ?? ''}`;
    const app = await rig.client.waitForReplication<Application>(path, {
      intervalMs: 1000,
      timeoutMs: 30_000,
    });
    expect(app.displayName).toBe('Replicating');
    const statuses = rig.log.entries
      .filter((entry) => entry.method === 'GET' && entry.url.endsWith(path))
      .map((entry) => entry.status);
    expect(statuses.slice(-2)).toEqual([200, 200]);
    expect(statuses.slice(0, -2).every((status) => status === 404)).toBe(true);
    expect(statuses.filter((status) => status === 404).length).toBeGreaterThanOrEqual(5);
    expect(rig.recorder.waits.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(5000);
  });

  it('should give a typed replication error within its bound when the object stays invisible', async () => {
    rig.emulator.faults.add({
      kind: 'replicationDelay',
      method: 'POST',
      path: '/graph/*/applications',
      delayMs: 600_000,
      times: 1,
    });
    const created = await rig.client.post<Application>('/applications', { displayName: 'Slow' });
    const error = await failureOf(
      rig.client.waitForReplication(`/applications/${created.body.id ?? ''}`, {
        intervalMs: 1000,
        timeoutMs: 5000,
      }),
    );
    expect(error).toMatchObject({
      kind: 'replication',
      code: 'not-found',
      messageKey: 'graph.error.replicationTimeout',
      status: 404,
    });
    const polls = rig.log.entries.filter((entry) => entry.method === 'GET').length;
    expect(polls).toBeGreaterThanOrEqual(5);
    expect(polls).toBeLessThanOrEqual(7);
    expect(rig.recorder.waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(5000);
  });
});
