import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StageEngine } from '/@/src-main/engine';
import { startWebHost, type WebHost } from '/@/src-main/host';
import { createDispatcher, EventBus, type Handlers, type RpcResponse } from '/@/src-main/ipc';
import { createCertsHandlers } from '/@/src-main/ipc/handlers/certs-handlers';
import { MemorySecretStore } from '/@/src-main/secrets';
import { silentLogger } from '/@/src-main/shared';
import { STAGES } from '/@/src-main/stages';
import { Journal, StateStore } from '/@/src-main/state';

// The finding as reported: certs:inspect-pfx over the web host with /dev/zero (the host grew to
// 18 GB and never answered) or a FIFO (every other request stalled). The real certs handlers and
// dispatcher behind the real host.

const TOKEN = 'd'.repeat(64);
let host: WebHost;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'host-files-'));
  execFileSync('mkfifo', [join(home, 'waiting.pfx')]);
  const state = (await StateStore.open(home)).store;
  const journal = new Journal(home);
  const ctx = {
    home,
    secrets: new MemorySecretStore(),
    state,
    locale: () => 'en' as const,
    now: () => new Date(),
  };
  const engine = new StageEngine({ stages: STAGES, context: ctx, journal });
  const handlers = createCertsHandlers({ ctx, engine, journal });
  host = await startWebHost({
    rendererDir: home,
    events: new EventBus(),
    logger: silentLogger,
    token: TOKEN,
    dispatch: createDispatcher(handlers as unknown as Handlers, () => 'en', silentLogger),
  });
});
afterAll(async () => {
  await host.close();
  rmSync(home, { recursive: true, force: true });
});

function call(channel: string, args: unknown[]): Promise<RpcResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path: '/rpc',
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${host.port}`,
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(JSON.parse(text) as RpcResponse));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ channel, args }));
  });
}

describe('certs channels over the web host, with special files', () => {
  it('should answer certs:inspect-pfx on /dev/zero with a localized refusal', async () => {
    const reply = await call('certs:inspect-pfx', [{ source: { path: '/dev/zero' }, password: 'x' }]);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        messageKey: 'fsio.read.notAFile.device',
        message: 'zero is a device, not a file. Pick a file saved on disk.',
      },
    });
  });

  it('should refuse a FIFO path and answer the requests sent meanwhile', async () => {
    const fifo = call('certs:inspect-pfx', [{ source: { path: join(home, 'waiting.pfx') }, password: 'x' }]);
    const others = Promise.all([
      call('certs:validate-request', [{ cn: 'cmg.contoso.com' }]),
      call('certs:import-pfx', [{ source: { path: join(home, 'waiting.pfx') }, password: 'x' }]),
    ]);
    const [validated, imported] = await others;
    expect(validated).toMatchObject({ ok: true, value: { valid: true } });
    expect(imported).toMatchObject({ ok: false, error: { messageKey: 'fsio.read.notAFile.fifo' } });
    expect(await fifo).toMatchObject({ ok: false, error: { messageKey: 'fsio.read.notAFile.fifo' } });
  });
});
