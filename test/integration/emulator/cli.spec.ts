import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { type CliIo, runCli } from '/@/src-main/cli';
import { createEmulatorCommand, emulatorCommand } from '/@/src-main/cli/commands/emulator';
import { ADMIN_USER_ID, httpTokenIssuer, STORE_FILE_NAME, TAKEN_CMG_NAME } from '/@/src-main/rehearsal';
import type { Locale } from '/@/src-main/shared';

import { call, tempDir } from './support';

let data: { dir: string; cleanup: () => void };
beforeEach(() => {
  data = tempDir();
});
afterEach(() => data.cleanup());

interface Captured extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves once the base URL (the last line the command prints) is out, with it and the control token. */
  readonly ready: Promise<{ url: string; controlToken: string }>;
}

function io(locale: Locale = 'en'): Captured {
  const out: string[] = [];
  const err: string[] = [];
  let resolveReady: (value: { url: string; controlToken: string }) => void = () => undefined;
  const ready = new Promise<{ url: string; controlToken: string }>(
    (resolvePromise) => (resolveReady = resolvePromise),
  );
  return {
    stdout: (text) => {
      out.push(text);
      const lines = out.join('').split('\n');
      const url = lines.find((line) => line.startsWith('http://'));
      const token = lines.find((line) => line.startsWith('control-token: '));
      if (url && token) resolveReady({ url, controlToken: token.slice('control-token: '.length) });
    },
    stderr: (text) => err.push(text),
    env: {},
    cwd: data.dir,
    locale,
    out: () => out.join(''),
    err: () => err.join(''),
    ready,
  };
}

/** A command whose "signal" the test sends by calling `stop()`. */
function stoppable(): { command: ReturnType<typeof createEmulatorCommand>; stop: () => void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolvePromise) => (stop = resolvePromise));
  return { command: createEmulatorCommand(() => stopped), stop: () => stop() };
}

describe('comanage emulator', () => {
  it('should print its control token, then its base URL as the last line, serve until stopped, then persist and exit 0', async () => {
    const cli = io();
    const { command, stop } = stoppable();
    const running = runCli(
      ['emulator', '--port', '0', '--data-dir', 'tenant', '--preset', 'taken-cmg-name'],
      cli,
      [command],
    );
    const { url, controlToken } = await cli.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cli.out()).toBe(`control-token: ${controlToken}\n${url}\n`);
    const control = { Authorization: `Bearer ${controlToken}` };
    expect((await call(`${url}/_emulator/objects`, { token: null })).status).toBe(401);
    const tokens = httpTokenIssuer(url, controlToken);
    const armToken = await tokens.issueToken({
      audience: 'arm',
      oid: ADMIN_USER_ID,
      scopes: ['user_impersonation'],
    });
    const check = await call(
      `${url}/arm/subscriptions/6090181d-acdc-4333-9505-9c3100926ed9/providers/Microsoft.Storage/checkNameAvailability?api-version=2023-05-01`,
      {
        method: 'POST',
        body: { name: TAKEN_CMG_NAME, type: 'Microsoft.Storage/storageAccounts' },
        token: armToken,
      },
    );
    expect(check.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    const graphToken = await tokens.issueToken({
      audience: 'graph',
      oid: ADMIN_USER_ID,
      scopes: ['Application.ReadWrite.All'],
    });
    const created = await call(`${url}/graph/v1.0/applications`, {
      method: 'POST',
      body: { displayName: 'FromCli' },
      token: graphToken,
    });
    expect(created.status).toBe(201);
    expect((await call(`${url}/_emulator/objects`, { token: null, headers: control })).body).toMatchObject({
      applications: 1,
    });
    stop();
    expect(await running).toBe(0);
    expect(readFileSync(join(data.dir, 'tenant', STORE_FILE_NAME), 'utf8')).toContain('FromCli');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('should apply a scenario file given with --scenario', async () => {
    writeFileSync(
      join(data.dir, 'scenario.json'),
      JSON.stringify({
        presets: ['mdm-authority-not-set'],
        faults: [{ kind: 'throttle', path: '/graph/v1.0/me', times: 1, retryAfterSeconds: 9 }],
      }),
    );
    const cli = io();
    const { command, stop } = stoppable();
    const running = command.run(['--data-dir', data.dir, '--scenario', 'scenario.json'], cli);
    const { url, controlToken } = await cli.ready;
    const throttled = await call(`${url}/graph/v1.0/me`, { token: null });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('9');
    const token = await httpTokenIssuer(url, controlToken).issueToken({
      audience: 'graph',
      oid: ADMIN_USER_ID,
      scopes: ['Organization.Read.All'],
    });
    const org = await call<{ value: Array<{ mobileDeviceManagementAuthority: string }> }>(
      `${url}/graph/v1.0/organization`,
      { token },
    );
    expect(org.body.value[0]?.mobileDeviceManagementAuthority).toBe('unknown');
    stop();
    expect(await running).toBe(0);
  });

  it('should exit 2 with the list of presets when a preset is unknown', async () => {
    const cli = io();
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--preset', 'nope'], cli)).toBe(2);
    expect(cli.err()).toContain('"nope" is not a known preset');
    expect(cli.err()).toContain('taken-cmg-name');
    expect(cli.out()).toBe('');
  });

  it('should exit 2 when the data folder is missing or the port is not a port', async () => {
    const missing = io();
    expect(await emulatorCommand.run([], missing)).toBe(2);
    expect(missing.err()).toContain('--data-dir');
    for (const port of ['-1', '65536', 'abc', '1e3', '']) {
      const cli = io();
      expect(await emulatorCommand.run(['--data-dir', data.dir, '--port', port], cli), port).toBe(2);
    }
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--bogus'], io())).toBe(2);
  });

  it('should exit 1 with the offending field when the scenario file is invalid or unreadable', async () => {
    writeFileSync(
      join(data.dir, 'bad.json'),
      JSON.stringify({ faults: [{ kind: 'throttle', path: '/x', times: -1 }] }),
    );
    const invalid = io();
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--scenario', 'bad.json'], invalid)).toBe(1);
    expect(invalid.err()).toContain('faults.0.times');
    writeFileSync(join(data.dir, 'garbage.json'), '{"faults": [');
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--scenario', 'garbage.json'], io())).toBe(1);
    writeFileSync(join(data.dir, 'preset.json'), JSON.stringify({ presets: ['nope'] }));
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--scenario', 'preset.json'], io())).toBe(1);
    const unreadable = io('fr');
    expect(await emulatorCommand.run(['--data-dir', data.dir, '--scenario', 'absent.json'], unreadable)).toBe(
      1,
    );
    expect(unreadable.err()).toContain('Le fichier de scénario absent.json est illisible (ENOENT)');
    expect(existsSync(join(data.dir, STORE_FILE_NAME))).toBe(false);
  });

  it("should exit 1 in the admin's language when the port is taken, with nothing left to write", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolvePromise) => blocker.listen(0, '127.0.0.1', () => resolvePromise()));
    const port = (blocker.address() as { port: number }).port;
    // The tenant file is written on a debounce timer: fake it, so "nothing scheduled" is checked
    // instead of hoping a sleep outlasts it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const cli = io('nl');
      expect(await emulatorCommand.run(['--data-dir', data.dir, '--port', String(port)], cli)).toBe(1);
      expect(cli.err()).toContain(`Poort ${port} op 127.0.0.1 is niet bruikbaar`);
      expect(vi.getTimerCount()).toBe(0);
      expect(existsSync(join(data.dir, STORE_FILE_NAME))).toBe(false);
    } finally {
      vi.useRealTimers();
      await new Promise<void>((resolvePromise) => blocker.close(() => resolvePromise()));
    }
  });

  it('should print its usage with --help', async () => {
    const cli = io();
    expect(await emulatorCommand.run(['--help'], cli)).toBe(0);
    expect(cli.out()).toContain('--preset NAME');
    expect(cli.out()).toContain('admin-not-global-admin');
  });
});
