import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startWebHost, type WebHost } from '/@/src-main/host';
import { EventBus } from '/@/src-main/ipc';
import { silentLogger } from '/@/src-main/shared';

const TOKEN = 'a'.repeat(64);
let host: WebHost;
let root: string;
const events = new EventBus();
const calls: unknown[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'comanage-host-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(tmpdir(), 'outside-secret.txt'), 'outside');
  host = await startWebHost({
    rendererDir: root,
    events,
    logger: silentLogger,
    token: TOKEN,
    maxBodyBytes: 1024,
    dispatch: async (channel, args) => {
      calls.push({ channel, args });
      return { ok: true, value: { channel } };
    },
  });
});
// Each test sees only the dispatcher calls it caused, whatever ran before it.
beforeEach(() => {
  calls.length = 0;
});
afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** Raw HTTP so the test controls Host/Origin headers exactly (fetch forbids setting Host). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const cookie = (): string => `comanage_session_${host.port}=${TOKEN}`;

describe('web host', () => {
  it('should listen on 127.0.0.1 and print a URL carrying a 256-bit token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('should refuse requests without the token', async () => {
    // Other tests of this file call the dispatcher too, in any order: count only this test's calls.
    const before = calls.length;
    expect((await raw('/')).status).toBe(401);
    expect(
      (await raw('/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }))
        .status,
    ).toBe(401);
    expect((await raw('/?token=' + 'b'.repeat(64))).status).toBe(401);
    expect(calls).toHaveLength(before);
  });

  it('should exchange the token for an HttpOnly SameSite=Strict cookie and redirect to a clean URL', async () => {
    const reply = await raw(`/?token=${TOKEN}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/');
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(reply.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    const page = await raw('/', { headers: { Cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval|unsafe-inline/);
  });

  it('should refuse a foreign Host even with a valid token (DNS rebinding)', async () => {
    const reply = await raw('/', { headers: { Host: `evil.example:${host.port}`, Cookie: cookie() } });
    expect(reply.status).toBe(403);
    expect((await raw('/', { headers: { Host: '127.0.0.1:1', Cookie: cookie() } })).status).toBe(403);
  });

  it('should refuse a foreign Origin and cross-site fetches even with a valid token', async () => {
    const headers = { Cookie: cookie(), 'Content-Type': 'application/json' };
    const body = JSON.stringify({ channel: 'app:get-info', args: [] });
    expect(
      (await raw('/rpc', { method: 'POST', headers: { ...headers, Origin: 'https://evil.example' }, body }))
        .status,
    ).toBe(403);
    expect(
      (await raw('/rpc', { method: 'POST', headers: { ...headers, 'Sec-Fetch-Site': 'cross-site' }, body }))
        .status,
    ).toBe(403);
    const same = await raw('/rpc', {
      method: 'POST',
      headers: { ...headers, Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` },
      body,
    });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should pass RPC calls to the dispatcher with a Bearer token', async () => {
    const reply = await raw('/rpc', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'wizard:get-state', args: [] }),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { channel: 'wizard:get-state' } });
    expect(calls).toEqual([{ channel: 'wizard:get-state', args: [] }]);
  });

  it('should reject bodies that are not JSON, too large, or sent as a form', async () => {
    const auth = { Cookie: cookie() };
    expect(
      (
        await raw('/rpc', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: '{nope',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await raw('/rpc', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: 'x'.repeat(5000),
        })
      ).status,
    ).toBe(413);
    expect(
      (await raw('/rpc', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' }))
        .status,
    ).toBe(415);
    expect((await raw('/rpc', { headers: auth })).status).toBe(405);
  });

  it('should not serve files outside the renderer folder', async () => {
    for (const path of [
      '/../outside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/..%2foutside-secret.txt',
      '/%00',
    ]) {
      const reply = await raw(path, { headers: { Cookie: cookie() } });
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('outside');
    }
  });

  it('should stream pushed events to an authorised event source', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/events',
          headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie() },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('\n\n') && !text.includes('wizard:changed')) {
              events.emit('wizard:changed', { currentStage: 'licences', stages: {} as never });
            }
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: wizard:changed');
    expect(received).toContain('"currentStage":"licences"');
  });
});
