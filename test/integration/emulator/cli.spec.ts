import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type CliIo, runCli } from '../../../src-main/cli';
import { createEmulatorCommand, emulatorCommand } from '../../../src-main/cli/commands/emulator';
import { STORE_FILE_NAME, TAKEN_CMG_NAME } from '../../../src-main/rehearsal';
import type { Locale } from '../../../src-main/shared';
import { call, tempDir } from './support';

let data: { dir: string; cleanup: () => void };
beforeEach(() => {
  data = tempDir();
});
afterEach(() => data.cleanup());

interface Captured extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves with the first stdout line (the URL). */
  readonly firstLine: Promise<string>;
}

function io(locale: Locale = 'en'): Captured {
  const out: string[] = [];
  const err: string[] = [];
  let resolveLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolvePromise) => (resolveLine = resolvePromise));
  return {
    stdout: (text) => {
      out.push(text);
      if (out.join('').includes('\n')) resolveLine(out.join('').split('\n')[0] ?? '');
    },
    stderr: (text) => err.push(text),
    env: {},
    cwd: data.dir,
    locale,
    out: () => out.join(''),
    err: () => err.join(''),
    firstLine,
  };
}

/** A command whose "signal" the test sends by calling `stop()`. */
function stoppable(): { command: ReturnType<typeof createEmulatorCommand>; stop: () => void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolvePromise) => (stop = resolvePromise));
  return { command: createEmulatorCommand(() => stopped), stop: () => stop() };
}

describe('comanage emulator', () => {
  it('should print its base URL as one line, serve until stopped, then persist and exit 0', async () => {
    const cli = io();
    const { command, stop } = stoppable();
    const running = runCli(
      ['emulator', '--port', '0', '--data-dir', 'tenant', '--preset', 'taken-cmg-name'],
      cli,
      [command],
    );
    const url = await cli.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const check = await call(
      `${url}/arm/subscriptions/6090181d-acdc-4333-9505-9c3100926ed9/providers/Microsoft.Storage/checkNameAvailability?api-version=2023-05-01`,
      {
        method: 'POST',
        body: { name: TAKEN_CMG_NAME, type: 'Microsoft.Storage/storageAccounts' },
      },
    );
    expect(check.body).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    await call(`${url}/graph/v1.0/applications`, { method: 'POST', body: { displayName: 'FromCli' } });
    stop();
    expect(await running).toBe(0);
    expect(cli.out()).toBe(`${url}\n`);
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
    const url = await cli.firstLine;
    const throttled = await call(`${url}/graph/v1.0/me`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('9');
    const org = await call<{ value: Array<{ mobileDeviceManagementAuthority: string }> }>(
      `${url}/graph/v1.0/organization`,
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

  it("should exit 1 in the admin's language when the port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolvePromise) => blocker.listen(0, '127.0.0.1', () => resolvePromise()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = io('nl');
      expect(await emulatorCommand.run(['--data-dir', data.dir, '--port', String(port)], cli)).toBe(1);
      expect(cli.err()).toContain(`Poort ${port} op 127.0.0.1 is niet bruikbaar`);
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
      expect(existsSync(join(data.dir, STORE_FILE_NAME))).toBe(false);
    } finally {
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
