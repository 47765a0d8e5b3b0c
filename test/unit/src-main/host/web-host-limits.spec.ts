import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startWebHost, type WebHost, type WebHostOptions } from '/@/src-main/host';
import { readBody } from '/@/src-main/host/body-limits';
import { createDispatcher, type Dispatch, EventBus, type Handlers } from '/@/src-main/ipc';
import { silentLogger } from '/@/src-main/shared';

// Limits of the loopback web host: timeouts, body caps (declared and streamed), JSON depth, and
// static files that resolve outside the renderer folder. Each test starts its own host.

const TOKEN = 'c'.repeat(64);
let root: string;
let outside: string;
const hosts: WebHost[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'host-limits-root-'));
  outside = mkdtempSync(join(tmpdir(), 'host-limits-outside-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

interface Started {
  readonly host: WebHost;
  readonly calls: unknown[];
}

async function start(options: Partial<WebHostOptions> = {}): Promise<Started> {
  const calls: unknown[] = [];
  const dispatch: Dispatch = async (channel, args) => {
    calls.push({ channel, args });
    return { ok: true, value: null };
  };
  const host = await startWebHost({
    rendererDir: root,
    events: new EventBus(),
    logger: silentLogger,
    token: TOKEN,
    dispatch,
    ...options,
  });
  hosts.push(host);
  return { host, calls };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function headersFor(host: WebHost, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: `127.0.0.1:${host.port}`,
    Authorization: `Bearer ${TOKEN}`,
    'Content-Type': 'application/json',
    ...extra,
  };
}

function post(host: WebHost, body: string, extra: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path: '/rpc', method: 'POST', headers: headersFor(host, extra) },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function get(host: WebHost, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path, headers: headersFor(host) },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes and collects what comes back until the host closes the connection. */
function rawUntilClosed(host: WebHost, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

const rpc = (args: unknown): string => JSON.stringify({ channel: 'certs:inspect-pfx', args });
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
};

describe('web host timeouts', () => {
  it('should cut off a client that never finishes its headers', async () => {
    const { host } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const received = await rawUntilClosed(host, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('should cut off a body that trickles in past the request timeout, without calling the dispatcher', async () => {
    const { host, calls } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const head = [
      'POST /rpc HTTP/1.1',
      `Host: 127.0.0.1:${host.port}`,
      `Authorization: Bearer ${TOKEN}`,
      'Content-Type: application/json',
      'Content-Length: 100',
    ].join('\r\n');
    const received = await rawUntilClosed(host, `${head}\r\n\r\n{"channel":`);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(calls).toHaveLength(0);
  });
});

describe('web host body limits', () => {
  it('should refuse a declared Content-Length past the cap before reading any of the body', async () => {
    const { host, calls } = await start({ maxBodyBytes: 1024 });
    const head = [
      'POST /rpc HTTP/1.1',
      `Host: 127.0.0.1:${host.port}`,
      `Authorization: Bearer ${TOKEN}`,
      'Content-Type: application/json',
      'Content-Length: 1000000000',
    ].join('\r\n');
    // No body is ever sent: the answer cannot wait for it.
    const received = await rawUntilClosed(host, `${head}\r\n\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(calls).toHaveLength(0);
  });

  it('should answer 413 to a chunked body as soon as it passes the cap, while the client still streams', async () => {
    const { host, calls } = await start({ maxBodyBytes: 1024 });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    let ended = false;
    const reply = await new Promise<{ status: number; sentBefore: number }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path: '/rpc', method: 'POST', headers: headersFor(host) },
        (res) => {
          resolve({ status: res.statusCode ?? 0, sentBefore: sent });
          res.resume();
          req.destroy();
        },
      );
      req.on('error', (error) => {
        // The host closes the connection after its answer; only an error before it counts.
        if (!ended) reject(error);
      });
      const pump = (): void => {
        while (!ended && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    }).finally(() => (ended = true));
    expect(reply.status).toBe(413);
    expect(reply.sentBefore).toBeLessThan(64 * 1024 * 1024);
    expect(calls).toHaveLength(0);
  });

  it('should take the largest real request (a 1.4 MB base64 file) under the default cap and refuse 2 MiB + 1', async () => {
    const handlers = {
      'certs:inspect-pfx': async () => ({ checks: [], summary: null }),
    } as unknown as Handlers;
    const { host } = await start({ dispatch: createDispatcher(handlers, () => 'en', silentLogger) });
    const largest = rpc([{ source: { contentBase64: 'A'.repeat(1_400_000) }, password: 'p'.repeat(1024) }]);
    const accepted = await post(host, largest);
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body)).toMatchObject({ ok: true });
    const over = await post(host, ' '.repeat(2 * 1024 * 1024 + 1));
    expect(over.status).toBe(413);
  });
});

describe('web host JSON depth', () => {
  it('should pass JSON nested 32 levels and refuse 33, counting only brackets outside strings', async () => {
    const { host, calls } = await start();
    // The envelope object is level 1; args is the outermost of the nested arrays.
    expect((await post(host, rpc(nested(31)))).status).toBe(200);
    expect((await post(host, rpc(nested(32)))).status).toBe(400);
    expect((await post(host, rpc(['[[[[{{{{'.repeat(100)]))).status).toBe(200);
    expect((await post(host, rpc(['\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[']))).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it('should refuse a megabyte of "[" at once, and let the real dispatcher refuse deep arguments within the bound', async () => {
    const handlers = {
      'certs:inspect-pfx': async () => ({ checks: [], summary: null }),
    } as unknown as Handlers;
    const { host } = await start({ dispatch: createDispatcher(handlers, () => 'fr', silentLogger) });
    const deep = await post(host, `{"channel":"certs:inspect-pfx","args":${'['.repeat(1_000_000)}`);
    expect(deep.status).toBe(400);
    expect(deep.body).toContain('deeper than 32');
    const withinBound = await post(host, rpc([{ source: nested(28), password: 'x' }]));
    expect(withinBound.status).toBe(200);
    expect(JSON.parse(withinBound.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('web host static files', () => {
  it('should not serve a symlink in the renderer folder that leads outside it, to a file or a folder', async () => {
    writeFileSync(join(outside, 'secret.txt'), 'outside secret');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    symlinkSync(outside, join(root, 'assets'));
    const { host } = await start();
    for (const path of ['/leak.txt', '/assets/secret.txt']) {
      const reply = await get(host, path);
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('outside secret');
    }
  });

  it('should serve a symlink that stays inside the folder, and refuse a FIFO or a folder there', async () => {
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'app.js'), 'console.log(1)');
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    execFileSync('mkfifo', [join(root, 'pipe.js')]);
    const { host } = await start();
    const served = await get(host, '/alias/app.js');
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(served.body).toBe('console.log(1)');
    expect((await get(host, '/pipe.js')).status).toBe(404);
    expect((await get(host, '/real')).status).toBe(404);
  });
});

describe('readBody', () => {
  it('should settle when the request closes before its body ended', async () => {
    const request = new PassThrough();
    const reading = readBody(request as unknown as Parameters<typeof readBody>[0], 1024);
    request.write('{"chan');
    request.destroy();
    await expect(reading).rejects.toThrow('closed before its body ended');
  });
});
