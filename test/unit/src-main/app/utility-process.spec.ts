import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

import type { ForkOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

import {
  type UtilityProcessChild,
  utilityProcessLauncher,
  type UtilityProcessPort,
} from '/@/src-main/app/utility-process';
import { AzuriteBlobStore } from '/@/src-main/rehearsal/intune';

/** Stands in for Electron's UtilityProcess: no pid until 'spawn', 'exit' fired by the test. */
class FakeUtilityProcess extends EventEmitter implements UtilityProcessChild {
  pid: number | undefined = undefined;
  readonly stderr = new PassThrough();
  readonly kill = vi.fn(() => true);
}

function fakeUtilityProcess(): UtilityProcessPort & {
  fork: ReturnType<typeof vi.fn<(m: string, a?: string[], o?: ForkOptions) => FakeUtilityProcess>>;
} {
  return {
    fork: vi.fn((_modulePath: string, _args?: string[], _options?: ForkOptions) => new FakeUtilityProcess()),
  };
}

describe('utilityProcessLauncher', () => {
  it('should fork the module with its arguments, cwd, piped stderr and service name', () => {
    const port = fakeUtilityProcess();
    const launch = utilityProcessLauncher(port, { serviceName: 'Azurite' });
    const args = ['--blobPort', '10000'] as const;
    launch('/app/node_modules/azurite/dist/src/blob/main.js', args, { cwd: '/tmp' });
    expect(port.fork).toHaveBeenCalledWith(
      '/app/node_modules/azurite/dist/src/blob/main.js',
      ['--blobPort', '10000'],
      { cwd: '/tmp', stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'Azurite' },
    );
  });

  it('should report the pid once spawned and the exit code when the process ends', async () => {
    const port = fakeUtilityProcess();
    const launched = utilityProcessLauncher(port, { serviceName: 'Azurite' })('/m.js', [], { cwd: '/tmp' });
    const child = port.fork.mock.results[0]?.value as FakeUtilityProcess;
    expect(launched.pid).toBeUndefined();
    child.pid = 4242;
    expect(launched.pid).toBe(4242);
    expect(launched.stderr).toBe(child.stderr);
    child.emit('exit', 3);
    await expect(launched.ended).resolves.toEqual({ code: 3 });
  });

  it('should stop the process gently, kill it by pid when forced, and do nothing once it has exited', async () => {
    const port = fakeUtilityProcess();
    const killPid = vi.fn();
    const launched = utilityProcessLauncher(port, { serviceName: 'Azurite', killPid })('/m.js', [], {
      cwd: '/tmp',
    });
    const child = port.fork.mock.results[0]?.value as FakeUtilityProcess;
    child.pid = 4242;
    launched.kill();
    expect(child.kill).toHaveBeenCalledOnce();
    launched.kill(true);
    expect(killPid).toHaveBeenCalledWith(4242);
    expect(child.kill).toHaveBeenCalledOnce();
    child.emit('exit', 0);
    await launched.ended;
    launched.kill();
    launched.kill(true);
    expect(child.kill).toHaveBeenCalledOnce();
    expect(killPid).toHaveBeenCalledOnce();
  });

  it('should not throw when a forced kill finds the process already gone', () => {
    const port = fakeUtilityProcess();
    const killPid = vi.fn(() => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    const launched = utilityProcessLauncher(port, { serviceName: 'Azurite', killPid })('/m.js', [], {
      cwd: '/tmp',
    });
    (port.fork.mock.results[0]?.value as FakeUtilityProcess).pid = 4242;
    expect(() => launched.kill(true)).not.toThrow();
  });

  it('should run real Azurite through the launcher and stop it when the blob store closes', async () => {
    // Plain Node plays utilityProcess.fork: same module path, args and argv layout.
    const forked: { modulePath: string; args: string[]; cwd: string | undefined }[] = [];
    const nodeAsUtilityProcess: UtilityProcessPort = {
      fork(modulePath, args = [], options = {}) {
        forked.push({ modulePath, args, cwd: options.cwd });
        return spawn(process.execPath, [modulePath, ...args], {
          cwd: options.cwd,
          stdio: ['ignore', 'ignore', 'pipe'],
        }) as UtilityProcessChild;
      },
    };
    const store = await AzuriteBlobStore.start({
      container: 'via-utility-process',
      launcher: utilityProcessLauncher(nodeAsUtilityProcess, { serviceName: 'Azurite' }),
    });
    const pid = store.pid ?? 0;
    try {
      expect(forked[0]?.modulePath).toMatch(/azurite[\\/]dist[\\/]src[\\/]blob[\\/]main\.js$/);
      expect(forked[0]?.args).toEqual(
        expect.arrayContaining(['--inMemoryPersistence', '--blobHost', '127.0.0.1']),
      );
      expect(forked[0]?.args).not.toContain('-e');
      expect(store.endpoint).toBe(`http://127.0.0.1:${forked[0]?.args.at(-1) ?? ''}`);
      expect(await store.committedSize('never-written.bin')).toBeNull();
      expect(() => process.kill(pid, 0)).not.toThrow();
    } finally {
      await store.close();
    }
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
