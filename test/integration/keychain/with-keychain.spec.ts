import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { KeyringSecretStore } from '/@/src-main/secrets';

const ROOT = resolve(import.meta.dirname, '../../..');
const HARNESS = join(ROOT, 'scripts/with-keychain.mjs');
const JITI = resolve(createRequire(import.meta.url).resolve('jiti/package.json'), '..', 'lib/jiti-cli.mjs');
const PROBE = resolve(import.meta.dirname, 'fixtures/store-probe.ts');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function harness(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [HARNESS, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** PATH without any node_modules/.bin (npx adds it), so only the harness can find project tools. */
function pathWithoutProjectBins(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
}

let scratch: string;
let baseEnv: NodeJS.ProcessEnv;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'comanage-harness-test-'));
  // Our own TMPDIR shows whether the harness cleans its temporary keyring folder up.
  baseEnv = { ...process.env, TMPDIR: scratch, PATH: pathWithoutProjectBins() };
  delete baseEnv.COMANAGE_KEYCHAIN_SESSION;
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('with-keychain on Linux', () => {
  it('should forward the exit code and mark the session when the command runs', async () => {
    const outcome = await harness(
      [
        'node',
        '-e',
        'console.log(JSON.stringify({ session: process.env.COMANAGE_KEYCHAIN_SESSION, bus: process.env.DBUS_SESSION_BUS_ADDRESS })); process.exit(7)',
      ],
      baseEnv,
    );
    expect(outcome.code).toBe(7);
    const seen = JSON.parse(outcome.stdout.trim()) as { session?: string; bus?: string };
    expect(seen.session).toBe('1');
    expect(seen.bus).toMatch(/^unix:/);
    expect(seen.bus).not.toBe(process.env.DBUS_SESSION_BUS_ADDRESS);
  });

  it('should give the command a working keychain that is separate from the caller and removed after', async () => {
    const name = `client-secret:harness-${process.pid}-${Date.now()}`;
    const outcome = await harness([process.execPath, JITI, PROBE, 'set', name, 'inner-value'], baseEnv);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ ok: true });
    if (process.env.COMANAGE_KEYCHAIN_SESSION === '1') {
      expect(await new KeyringSecretStore().get(name)).toBeNull();
    }
    expect(await readdir(scratch)).toEqual([]);
  });

  it('should pass SIGTERM to the command and leave nothing behind when the harness is terminated', async () => {
    const child = spawn(
      process.execPath,
      [
        HARNESS,
        'node',
        '-e',
        "process.on('SIGTERM', () => process.exit(3)); console.log('ready'); setInterval(() => {}, 1000)",
      ],
      { cwd: ROOT, env: baseEnv },
    );
    const exited = new Promise<number | null>((done) => child.on('close', done));
    await new Promise<void>((ready) =>
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready()),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(3);
    expect(await readdir(scratch)).toEqual([]);
  });

  it('should find a project tool in node_modules/.bin when it is not on PATH', async () => {
    const outcome = await harness(['vitest', '--version'], baseEnv);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/vitest\/\d+\.\d+/);
  });

  it('should exit 127 with a message when the command does not exist', async () => {
    const outcome = await harness(['comanage-no-such-command'], baseEnv);
    expect(outcome.code).toBe(127);
    expect(outcome.stderr).toContain('cannot run comanage-no-such-command');
  });

  it('should print one line naming setup:test and exit 1 when the keyring tools are missing', async () => {
    const bin = join(scratch, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const outcome = await harness(['node', '-e', 'process.exit(0)'], { ...baseEnv, PATH: bin });
    expect(outcome.code).toBe(1);
    const lines = outcome.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/gnome-keyring-daemon/);
    expect(lines[0]).toContain('npm run setup:test');
  });

  it('should print usage and exit 2 when no command is given', async () => {
    const outcome = await harness([], baseEnv);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('usage:');
  });
});

if (process.platform !== 'linux') {
  describe('with-keychain elsewhere', () => {
    it('should run the command directly with the session marker when the OS has its own keychain', async () => {
      const outcome = await harness(
        ['node', '-e', 'process.exit(process.env.COMANAGE_KEYCHAIN_SESSION === "1" ? 5 : 9)'],
        baseEnv,
      );
      expect(outcome.code).toBe(5);
    });
  });
}
