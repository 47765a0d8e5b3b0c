import { describe, expect, it } from 'vitest';

import {
  type FetchInit,
  type FetchLike,
  GraphClient,
  GraphError,
  type GraphErrorDetails,
  MemoryRequestLog,
  proxySettingsFromEnv,
} from '/@/src-main/graph';
import { AppError, translate } from '/@/src-main/shared';

interface Call {
  readonly url: string;
  readonly init: FetchInit;
}

/** A scripted network: each call takes the next answer (status, headers, JSON body). */
function scripted(answers: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>): {
  fetch: FetchLike;
  calls: Call[];
} {
  const calls: Call[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (!answer) throw new Error('no answer scripted');
    const headers = { 'content-type': 'application/json', ...(answer.headers ?? {}) };
    const payload = answer.body === undefined ? null : JSON.stringify(answer.body);
    return Promise.resolve(new Response(payload, { status: answer.status, headers }));
  };
  return { fetch, calls };
}

function clientFor(fetch: FetchLike, waits: number[] = [], log = new MemoryRequestLog()): GraphClient {
  return new GraphClient({
    graphBaseUrl: 'https://graph.example',
    armBaseUrl: 'https://arm.example/',
    getAccessToken: ({ resource }) => Promise.resolve(`token-for-${resource}`),
    fetch,
    requestLog: log,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    retry: { maxAttempts: 3, baseDelayMs: 10, random: () => 0.5 },
    now: () => Date.parse('2026-11-23T10:00:00.000Z'),
  });
}

describe('GraphClient headers and URLs', () => {
  it('should send the token and one client-request-id kept across retries, and never log the token', async () => {
    const net = scripted([
      { status: 503 },
      { status: 200, body: { id: '1' }, headers: { 'request-id': 'srv-2' } },
    ]);
    const log = new MemoryRequestLog();
    const response = await clientFor(net.fetch, [], log).get('/me', {
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect(response.requestId).toBe('srv-2');
    const ids = net.calls.map((call) => call.init.headers['client-request-id']);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(net.calls[0]?.init.headers['Authorization']).toBe('Bearer token-for-graph');
    expect(net.calls[0]?.init.headers['ConsistencyLevel']).toBe('eventual');
    expect(net.calls[0]?.url).toBe('https://graph.example/v1.0/me');
    expect(log.text()).not.toContain('token-for-graph');
  });

  it('should build beta and ARM URLs with encoded queries and the ARM request id header', async () => {
    const net = scripted([{ status: 200, body: {} }]);
    const client = clientFor(net.fetch);
    await client.get('/groups', {
      version: 'beta',
      query: { $search: '"displayName:CMG clients"', $count: true, skip: undefined },
    });
    await client.get('/subscriptions/s/providers', { resource: 'arm', apiVersion: '2021-04-01' });
    expect(net.calls[0]?.url).toBe(
      'https://graph.example/beta/groups?$search=%22displayName%3ACMG%20clients%22&$count=true',
    );
    expect(net.calls[1]?.url).toBe('https://arm.example/subscriptions/s/providers?api-version=2021-04-01');
    expect(net.calls[1]?.init.headers['x-ms-client-request-id']).toBe(
      net.calls[1]?.init.headers['client-request-id'],
    );
    expect(net.calls[1]?.init.headers['Authorization']).toBe('Bearer token-for-arm');
  });

  it('should follow an ARM nextLink on the same host', async () => {
    const net = scripted([
      {
        status: 200,
        body: { value: [1, 2], nextLink: 'https://arm.example/subscriptions?api-version=1&$skiptoken=x' },
      },
      { status: 200, body: { value: [3] } },
    ]);
    const items = await clientFor(net.fetch).listAll<number>('/subscriptions', {
      resource: 'arm',
      apiVersion: '1',
    });
    expect(items).toEqual([1, 2, 3]);
    expect(net.calls[1]?.url).toBe('https://arm.example/subscriptions?api-version=1&$skiptoken=x');
  });
});

describe('GraphClient retries', () => {
  it('should wait until the HTTP date given in Retry-After', async () => {
    const waits: number[] = [];
    const net = scripted([
      { status: 429, headers: { 'retry-after': 'Mon, 23 Nov 2026 10:00:12 GMT' } },
      { status: 200, body: {} },
    ]);
    await clientFor(net.fetch, waits).get('/me');
    expect(waits).toEqual([12_000]);
  });

  it('should pass a token source failure through unchanged', async () => {
    const failure = new AppError('unauthorized', 'identity.signInRequired');
    const client = new GraphClient({
      graphBaseUrl: 'https://graph.example',
      armBaseUrl: 'https://arm.example',
      getAccessToken: () => Promise.reject(failure),
      fetch: scripted([{ status: 200 }]).fetch,
    });
    await expect(client.get('/me')).rejects.toBe(failure);
  });
});

describe('waitForReplication', () => {
  it('should start counting again when a read after a success misses the object', async () => {
    const waits: number[] = [];
    const net = scripted([
      { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'x' } } },
      { status: 200, body: { id: 'a' } },
      { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'x' } } },
      { status: 200, body: { id: 'a' } },
      { status: 200, body: { id: 'a' } },
    ]);
    const found = await clientFor(net.fetch, waits).waitForReplication<{ id: string }>('/applications/a', {
      intervalMs: 500,
    });
    expect(found.id).toBe('a');
    expect(net.calls).toHaveLength(5);
    expect(waits).toEqual([500, 500, 500, 500]);
  });

  it('should throw other failures at once instead of polling on', async () => {
    const net = scripted([
      { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'no' } } },
    ]);
    await expect(clientFor(net.fetch).waitForReplication('/applications/a')).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(net.calls).toHaveLength(1);
  });
});

describe('GraphError explanations', () => {
  const details = (overrides: Partial<GraphErrorDetails>): GraphErrorDetails => ({
    kind: 'http',
    resource: 'graph',
    method: 'GET',
    path: '/v1.0/x',
    status: 400,
    remoteCode: null,
    remoteMessage: null,
    requestId: 'req-1',
    clientRequestId: 'client-1',
    attempts: 1,
    ...overrides,
  });

  it.each([
    [
      { status: 403, remoteCode: 'Authorization_RequestDenied' },
      'forbidden',
      'graph.error.authorizationRequestDenied',
    ],
    [
      { status: 403, remoteCode: 'AuthorizationFailed', resource: 'arm' as const },
      'forbidden',
      'graph.error.armAuthorizationFailed',
    ],
    [{ status: 404, remoteCode: 'Request_ResourceNotFound' }, 'not-found', 'graph.error.resourceNotFound'],
    [{ status: 401, remoteCode: 'InvalidAuthenticationToken' }, 'unauthorized', 'graph.error.unauthorized'],
    [
      { status: 409, remoteCode: 'MissingSubscriptionRegistration' },
      'conflict',
      'graph.error.providerNotRegistered',
    ],
    [{ status: 404, remoteCode: 'SubscriptionNotFound' }, 'not-found', 'graph.error.subscriptionNotFound'],
    [
      { status: 409, remoteCode: 'Request_MultipleObjectsWithSameKeyValue' },
      'conflict',
      'graph.error.conflict',
    ],
    [{ status: 500, remoteCode: 'UnknownError' }, 'remote-error', 'graph.error.server'],
    [{ kind: 'throttled' as const, status: 429 }, 'unavailable', 'graph.error.throttled'],
    [{ kind: 'throttled' as const, status: 503 }, 'unavailable', 'graph.error.serviceUnavailable'],
    [
      { kind: 'network' as const, status: null, remoteCode: 'ECONNRESET' },
      'unavailable',
      'graph.error.network',
    ],
    [{ kind: 'timeout' as const, status: null }, 'unavailable', 'graph.error.timeout'],
    [{ kind: 'cancelled' as const, status: null }, 'cancelled', 'graph.error.cancelled'],
  ])('should explain %o as %s with %s', (overrides, code, messageKey) => {
    const error = new GraphError(details(overrides));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.messageKey).toBe(messageKey);
    for (const locale of ['en', 'fr', 'nl'] as const) {
      const text = translate(locale, error.messageKey, error.params);
      expect(text).not.toBe(error.messageKey);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it('should never put the remote message into the localized params', () => {
    const error = new GraphError(details({ remoteMessage: 'tenant 1234 secret detail' }));
    expect(JSON.stringify(error.params)).not.toContain('tenant 1234');
  });
});

describe('proxySettingsFromEnv', () => {
  it('should read either case and ignore blank values', () => {
    expect(
      proxySettingsFromEnv({ https_proxy: 'http://p:3128', NO_PROXY: '.contoso.com', HTTP_PROXY: ' ' }),
    ).toEqual({
      httpsProxy: 'http://p:3128',
      noProxy: '.contoso.com',
    });
    expect(proxySettingsFromEnv({})).toEqual({});
  });
});
