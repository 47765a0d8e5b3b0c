import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ARM_SCOPE } from '/@/src-main/identity';

import { FAKE_TENANT_ID, FAKE_USERNAME, FakeAuthority } from '../../unit/src-main/identity/fake-authority';

// MSAL Node end to end over real HTTPS (our undici network client): a local authority trusted only
// through NODE_EXTRA_CA_CERTS in a child process (as a corporate TLS-inspecting CA would be),
// directly and through a CONNECT proxy named by HTTPS_PROXY.
const run = promisify(execFile);
const JITI = resolve(createRequire(import.meta.url).resolve('jiti/package.json'), '..', 'lib/jiti-cli.mjs');
const PROBE = resolve(import.meta.dirname, 'fixtures', 'msal-https-probe.ts');
const CLIENT_ID = '22222222-3333-4444-8555-666666666666';

let dir: string;
let server: Server;
let authority: FakeAuthority;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'identity-https-'));
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'ca.pem'),
  ]);
  server = createServer(
    { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'ca.pem')) },
    (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const url = `${origin}${req.url ?? '/'}`;
        const answer =
          req.method === 'POST'
            ? authority.sendPostRequestAsync<unknown>(url, { body })
            : authority.sendGetRequestAsync<unknown>(url);
        void answer.then((response) => {
          res.writeHead(response.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(response.body));
        });
      });
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  authority = new FakeAuthority(CLIENT_ID, origin);
  // The organisation's admin already consented to ARM for the whole tenant.
  authority.consented.add(ARM_SCOPE.toLowerCase());
});

async function probe(extraEnv: Record<string, string>): Promise<Record<string, unknown>> {
  const home = await mkdtemp(join(dir, 'home-'));
  const base = { ...process.env };
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    delete base[name];
  }
  const { stdout } = await run(process.execPath, [JITI, PROBE], {
    env: {
      ...base,
      NODE_EXTRA_CA_CERTS: '',
      PROBE_AUTHORITY: origin,
      PROBE_TENANT: FAKE_TENANT_ID,
      PROBE_CLIENT_ID: CLIENT_ID,
      PROBE_HOME: home,
      ...extraEnv,
    },
  });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  result['cacheFile'] = (await readFile(join(home, 'msal-cache.bin')).catch(() => Buffer.alloc(0))).toString(
    'latin1',
  );
  return result;
}

describe('MSAL Node over HTTPS against a local authority', () => {
  it('should sign in by device code and refresh silently for ARM when the test CA is trusted', async () => {
    const result = await probe({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') });
    expect(result).toMatchObject({ ok: true, account: { username: FAKE_USERNAME }, codes: ['FAKE-CODE1'] });
    expect(authority.issued).toContain(result['graph']);
    expect(authority.issued).toContain(result['arm']);
    expect(String(result['arm'])).toContain('management.azure.com');
    const grants = authority.requests.map((r) => r.body['grant_type']).filter(Boolean);
    expect(grants).toEqual(['device_code', 'refresh_token']);
    const cacheFile = String(result['cacheFile']);
    expect(cacheFile.startsWith('CMEV')).toBe(true);
    for (const token of authority.issued) expect(cacheFile).not.toContain(token);
  });

  it('should go through the proxy named by HTTPS_PROXY when one is set', async () => {
    const targets: string[] = [];
    const sockets = new Set<Socket>();
    const proxy = createHttpServer((_request, response) => response.writeHead(405).end());
    proxy.on('connect', (request, client: Socket, head: Buffer) => {
      targets.push(request.url ?? '');
      const upstream = connect(Number(new URL(origin).port), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
      }
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const result = await probe({
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        NO_PROXY: '',
      });
      expect(result).toMatchObject({ ok: true, account: { username: FAKE_USERNAME } });
      expect(targets.length).toBeGreaterThan(0);
      expect(new Set(targets)).toEqual(new Set([new URL(origin).host]));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => proxy.close(() => done()));
    }
  });

  it('should fail as unreachable, without a crash, when the certificate is not trusted', async () => {
    const result = await probe({});
    expect(result).toMatchObject({
      ok: false,
      code: 'unavailable',
      messageKey: 'identity.error.unreachable',
    });
    expect(authority.issued).toEqual([]);
  });
});
