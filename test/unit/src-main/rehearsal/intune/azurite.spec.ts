import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BlockBlobClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  AzuriteBlobStore,
  type LaunchedProcess,
  nodeChildLauncher,
  type NodeProcessLauncher,
} from '/@/src-main/rehearsal/intune';
import { isAppError } from '/@/src-main/shared';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('AzuriteBlobStore', () => {
  let store: AzuriteBlobStore;
  beforeAll(async () => {
    store = await AzuriteBlobStore.start({ container: 'unit-test' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('should accept blocks through a SAS URL and report them when a blob is uploaded in two steps', async () => {
    const sas = store.sasFor('app/file-1.bin');
    expect(sas.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/unit-test\/app\/file-1\.bin\?.*sig=/,
    );
    const client = new BlockBlobClient(sas.url);
    const id = (n: number): string => Buffer.from(`block-${String(n).padStart(6, '0')}`).toString('base64');
    await client.stageBlock(id(0), Buffer.from('hello '), 6);
    await client.stageBlock(id(1), Buffer.from('world'), 5);
    expect(await store.committedSize('app/file-1.bin')).toBeNull();
    const pending = await store.blocks('app/file-1.bin');
    expect(pending.uncommitted.map((block) => block.size)).toEqual([6, 5]);

    await client.commitBlockList([id(0), id(1)]);
    expect(await store.committedSize('app/file-1.bin')).toBe(11);
    expect(await text(await store.read('app/file-1.bin'))).toBe('hello world');
  });

  it('should refuse an upload when the SAS has expired', async () => {
    const client = new BlockBlobClient(store.sasFor('expired.bin', { validityMs: -60_000 }).url);
    await expect(client.upload('x', 1)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('should report no blocks and no size when the blob was never written', async () => {
    expect(await store.blocks('never.bin')).toEqual({ committed: [], uncommitted: [] });
    expect(await store.committedSize('never.bin')).toBeNull();
  });

  it('should stop the Azurite process when closed', async () => {
    const second = await AzuriteBlobStore.start();
    const pid = second.pid ?? 0;
    expect(isRunning(pid)).toBe(true);
    await second.close();
    await second.close();
    expect(isRunning(pid)).toBe(false);
  });

  it('should throw a clear AppError when Azurite is not installed', async () => {
    const failure = await AzuriteBlobStore.start({ entryScript: '/nonexistent/azurite/blob/main.js' }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(failure) && failure.messageKey).toBe('intune.rehearsal.azuriteMissing');
  });

  it('should throw a start failure naming the problem when the entry script exits at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comanage-azurite-'));
    const script = join(dir, 'exits.cjs');
    writeFileSync(script, "process.stderr.write('port refused\\n'); process.exit(3);\n");
    const failure = await AzuriteBlobStore.start({ entryScript: script }).catch((error: unknown) => error);
    rmSync(dir, { recursive: true, force: true });
    expect(isAppError(failure) && failure.messageKey).toBe('intune.rehearsal.azuriteStartFailed');
    expect(isAppError(failure) && String(failure.params['problem'])).toContain('code 3');
  });
});

describe('AzuriteBlobStore with an injected launcher', () => {
  it('should start Azurite through the launcher with the entry script, its flags and a temporary cwd', async () => {
    const calls: { modulePath: string; args: readonly string[]; cwd: string }[] = [];
    const launched: LaunchedProcess[] = [];
    const recording: NodeProcessLauncher = (modulePath, args, options) => {
      calls.push({ modulePath, args, cwd: options.cwd });
      const child = nodeChildLauncher()(modulePath, args, options);
      launched.push(child);
      return child;
    };
    const store = await AzuriteBlobStore.start({ container: 'launched', launcher: recording });
    try {
      expect(calls).toHaveLength(1);
      expect(calls[0]?.modulePath).toMatch(/azurite[\\/]dist[\\/]src[\\/]blob[\\/]main\.js$/);
      expect(calls[0]?.args).toEqual(
        expect.arrayContaining(['--silent', '--inMemoryPersistence', '--loose']),
      );
      expect(calls[0]?.cwd).toBe(tmpdir());
      expect(store.pid).toBe(launched[0]?.pid);
      expect(await store.blocks('nothing.bin')).toEqual({ committed: [], uncommitted: [] });
    } finally {
      await store.close();
    }
    await expect(launched[0]?.ended).resolves.not.toHaveProperty('error');
  });

  it('should retry, then name the launch problem when the launcher cannot start a process', async () => {
    let launches = 0;
    const broken: NodeProcessLauncher = () => {
      launches += 1;
      return {
        pid: undefined,
        stderr: null,
        ended: Promise.resolve({ code: null, error: 'utility process refused' }),
        kill: () => undefined,
      };
    };
    const failure = await AzuriteBlobStore.start({ launcher: broken }).catch((error: unknown) => error);
    expect(launches).toBe(3);
    expect(isAppError(failure) && failure.messageKey).toBe('intune.rehearsal.azuriteStartFailed');
    expect(isAppError(failure) && failure.params['problem']).toBe('utility process refused');
  });
});
