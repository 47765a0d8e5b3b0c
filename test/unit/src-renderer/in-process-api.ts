// The real host (runtime, dispatcher, handlers, services) in this process, behind the RpcApi
// the renderer uses: state tests then exercise the true contract, not a hand-written fake.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ChannelName, RpcApi } from '/@/src-main/ipc/contract';
import { createRuntime, type Runtime } from '/@/src-main/ipc/runtime';
import { MemorySecretStore } from '/@/src-main/secrets';
import { RpcError } from '/@/src-renderer/lib/api';

export interface InProcessHost {
  readonly api: RpcApi;
  readonly runtime: Runtime;
  readonly secrets: MemorySecretStore;
  readonly home: string;
  close(): Promise<void>;
}

export async function startInProcessHost(
  osLocale = 'en',
  options: {
    readonly rehearsalTenant?: boolean;
    /** Read on every call (e.g. COMANAGE_UPDATE_URL): a test may change it between calls. */
    readonly env?: Record<string, string | undefined>;
    readonly licensesFile?: string;
    readonly version?: string;
  } = {},
): Promise<InProcessHost> {
  const home = await mkdtemp(join(tmpdir(), 'renderer-host-'));
  const secrets = new MemorySecretStore();
  const runtime = await createRuntime({
    transport: 'web',
    osLocale,
    version: options.version ?? '0.0.0-test',
    home,
    secrets,
    env: options.env ?? {},
    ...(options.rehearsalTenant ? { rehearsalTenant: true } : {}),
    ...(options.licensesFile ? { licensesFile: options.licensesFile } : {}),
  });
  const api: RpcApi = {
    invoke: (async (channel: ChannelName, ...args: unknown[]) => {
      // Through JSON, as over HTTP or IPC: nothing that cannot be serialised crosses.
      const response = await runtime.dispatch(channel, JSON.parse(JSON.stringify(args)));
      if (!response.ok) throw new RpcError(response.error);
      return JSON.parse(JSON.stringify(response.value ?? null));
    }) as RpcApi['invoke'],
    on: (event, listener) =>
      runtime.events.subscribe((name, payload) => {
        if (name === event) (listener as (value: unknown) => void)(JSON.parse(JSON.stringify(payload)));
      }),
  };
  return {
    api,
    runtime,
    secrets,
    home,
    close: async () => {
      await runtime.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
