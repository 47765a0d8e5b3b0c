import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createRuntime } from '/@/src-main/ipc';
import {
  type LaunchedProcess,
  nodeChildLauncher,
  type NodeProcessLauncher,
} from '/@/src-main/rehearsal/intune';
import { MemorySecretStore } from '/@/src-main/secrets';

// The runtime hands its `nodeLauncher` down to Azurite, as the Electron shell does with its
// utility-process launcher (here a recording wrapper around the plain Node one).
async function runtimeWith(nodeLauncher: NodeProcessLauncher): Promise<{
  runtime: Awaited<ReturnType<typeof createRuntime>>;
  home: string;
}> {
  const home = await mkdtemp(join(tmpdir(), 'runtime-launcher-'));
  const runtime = await createRuntime({
    transport: 'web',
    osLocale: 'en',
    version: '0.0.0-test',
    home,
    secrets: new MemorySecretStore(),
    rehearsalTenant: true,
    nodeLauncher,
  });
  return { runtime, home };
}

describe('createRuntime with a nodeLauncher', () => {
  it('should start Azurite through the given launcher and stop it when the runtime closes', async () => {
    const launched: { modulePath: string; child: LaunchedProcess }[] = [];
    const { runtime, home } = await runtimeWith((modulePath, args, options) => {
      const child = nodeChildLauncher()(modulePath, args, options);
      launched.push({ modulePath, child });
      return child;
    });
    try {
      // close() waits for Azurite's start, then stops it with the emulator.
      await runtime.close();
      expect(launched).toHaveLength(1);
      expect(launched[0]?.modulePath).toMatch(/azurite[\\/]dist[\\/]src[\\/]blob[\\/]main\.js$/);
      await expect(launched[0]?.child.ended).resolves.not.toHaveProperty('error');
      expect(runtime.context.notices.map((notice) => notice.messageKey)).not.toContain(
        'identity.rehearsal.blobStoreFailed',
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('should open anyway and show the blob store notice when the launcher cannot start Azurite', async () => {
    const { runtime, home } = await runtimeWith(() => ({
      pid: undefined,
      stderr: null,
      ended: Promise.resolve({ code: null, error: 'utility process refused' }),
      kill: () => undefined,
    }));
    try {
      expect(runtime.context.tenant?.graphBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graph$/);
      await runtime.close();
      expect(runtime.context.notices.map((notice) => notice.messageKey)).toContain(
        'identity.rehearsal.blobStoreFailed',
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
