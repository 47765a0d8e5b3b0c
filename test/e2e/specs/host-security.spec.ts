import { request as httpRequest } from 'node:http';

import { expect, test } from '../fixtures';

interface RawResponse {
  readonly status: number;
  readonly body: string;
}

/** Plain node:http, because browsers and Playwright's client do not let a test forge Host. */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolveResponse, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RPC_BODY = JSON.stringify({ channel: 'app:get-info', args: [] });

test.describe('web host access', { tag: ['@smoke'] }, () => {
  test('should refuse the page and the RPC with 401 when no token is presented', async ({ served }) => {
    const host = `127.0.0.1:${served.port}`;
    expect((await send(served.port, '/', { Host: host })).status).toBe(401);
    const rpc = await send(
      served.port,
      '/rpc',
      { Host: host, 'Content-Type': 'application/json' },
      'POST',
      RPC_BODY,
    );
    expect(rpc.status).toBe(401);
    expect(rpc.body).not.toContain('productName');
    expect((await send(served.port, '/events', { Host: host })).status).toBe(401);
  });

  test('should refuse with 401 when the token is wrong', async ({ served }) => {
    const host = `127.0.0.1:${served.port}`;
    const wrong = served.token.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect((await send(served.port, `/?token=${wrong}`, { Host: host })).status).toBe(401);
    expect(
      (await send(served.port, '/rpc', { Host: host, Authorization: `Bearer ${wrong}` }, 'POST')).status,
    ).toBe(401);
  });

  test('should refuse with 403 when the Host header is foreign even with the right token', async ({
    served,
  }) => {
    const headers = { Host: `attacker.example:${served.port}`, Authorization: `Bearer ${served.token}` };
    expect((await send(served.port, '/', headers)).status).toBe(403);
    const rpc = await send(
      served.port,
      '/rpc',
      { ...headers, 'Content-Type': 'application/json' },
      'POST',
      RPC_BODY,
    );
    expect(rpc.status).toBe(403);
    expect(rpc.body).not.toContain('productName');
  });

  test('should answer the RPC when the token is presented as a bearer header', async ({ served }) => {
    const rpc = await send(
      served.port,
      '/rpc',
      {
        Host: `127.0.0.1:${served.port}`,
        Authorization: `Bearer ${served.token}`,
        'Content-Type': 'application/json',
      },
      'POST',
      RPC_BODY,
    );
    expect(rpc.status).toBe(200);
    expect(JSON.parse(rpc.body)).toMatchObject({ ok: true, value: { mode: 'rehearsal' } });
  });

  test('should load the shell without CSP violations or script errors when opened with the token', async ({
    page,
    served,
  }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(served.url);
    await expect(page.getByTestId('welcome').or(page.getByTestId('stage-panel'))).toBeVisible();
    expect(page.url()).toBe(`${served.origin}/`);
    expect(problems).toEqual([]);
  });
});
