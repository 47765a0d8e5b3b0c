import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createProxyDispatcher } from '/@/src-main/graph';
import { translate } from '/@/src-main/shared';

import { failureOf, type Rig, startRig } from './support';

/** A tiny CONNECT proxy that tunnels every request to the emulator and records the targets it was asked for. */
interface TestProxy {
  readonly url: string;
  readonly targets: string[];
  close(): Promise<void>;
}

async function startProxy(upstreamPort: number): Promise<TestProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createHttpServer((_request, response) => {
    response.statusCode = 405;
    response.end();
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    targets.push(request.url ?? '');
    sockets.add(client);
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const drop = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolvePromise());
      }),
  };
}

let rig: Rig;
let proxy: TestProxy;
let emulatorPort: number;

beforeAll(async () => {
  // The emulator answers only its own Host names; this one is reachable only through the proxy.
  rig = await startRig({ extraHostNames: ['graph.rehearsal.invalid'] });
  emulatorPort = Number(new URL(rig.emulator.baseUrl).port);
  proxy = await startProxy(emulatorPort);
});
afterAll(async () => {
  await proxy.close();
  await rig.close();
});
beforeEach(() => {
  proxy.targets.length = 0;
});

// A name that does not resolve: only a proxy can reach it.
const remoteHost = (): string => `graph.rehearsal.invalid:${emulatorPort}`;

describe('proxy', () => {
  it('should reach Graph through the configured proxy', async () => {
    const dispatcher = createProxyDispatcher({ httpProxy: proxy.url });
    expect(dispatcher).not.toBeNull();
    const client = rig.clientWith({
      graphBaseUrl: `http://${remoteHost()}/graph`,
      ...(dispatcher ? { dispatcher } : {}),
    });
    try {
      const organization = await client.get<{ value: unknown[] }>('/organization');
      expect(organization.body.value).toHaveLength(1);
      expect(proxy.targets).toEqual([remoteHost()]);
    } finally {
      await dispatcher?.close();
    }
  });

  it('should take HTTP_PROXY from the environment when no dispatcher is given, and bypass it for loopback', async () => {
    const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], NO_PROXY: process.env['NO_PROXY'] };
    process.env['HTTP_PROXY'] = proxy.url;
    delete process.env['NO_PROXY'];
    const viaProxy = rig.clientWith({ graphBaseUrl: `http://${remoteHost()}/graph` });
    const loopback = rig.clientWith({});
    try {
      expect((await viaProxy.get('/me')).status).toBe(200);
      expect((await loopback.get('/me')).status).toBe(200);
      expect(proxy.targets).toEqual([remoteHost()]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await viaProxy.close();
      await loopback.close();
    }
  });

  it('should report an unreachable proxy as a typed network error that names HTTPS_PROXY', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolvePromise) => closed.listen(0, '127.0.0.1', resolvePromise));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolvePromise) => closed.close(() => resolvePromise()));
    const dispatcher = createProxyDispatcher({ httpProxy: `http://127.0.0.1:${port}` });
    const client = rig.clientWith({
      graphBaseUrl: `http://${remoteHost()}/graph`,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      ...(dispatcher ? { dispatcher } : {}),
    });
    try {
      const error = await failureOf(client.get('/organization'));
      expect(error).toMatchObject({
        kind: 'network',
        code: 'unavailable',
        messageKey: 'graph.error.network',
      });
      expect(translate('en', 'graph.error.network', { code: 'x' })).toContain('HTTPS_PROXY');
    } finally {
      await dispatcher?.close();
    }
  });
});
