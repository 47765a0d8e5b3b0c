import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  type ArgsOf,
  type ChannelName,
  createRuntime,
  type ResultOf,
  type Runtime,
  type StageRunDto,
} from '/@/src-main/ipc';
import { MemorySecretStore } from '/@/src-main/secrets';

let home: string;
let runtime: Runtime;

async function call<C extends ChannelName>(channel: C, ...args: ArgsOf<C>): Promise<ResultOf<C>> {
  const response = await runtime.dispatch(channel, JSON.parse(JSON.stringify(args)));
  if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
  return response.value as ResultOf<C>;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'stage-handlers-'));
  runtime = await createRuntime({
    transport: 'web',
    osLocale: 'fr',
    version: 't',
    home,
    secrets: new MemorySecretStore(),
    env: {},
  });
});
afterEach(async () => {
  await runtime.close();
  await rm(home, { recursive: true, force: true });
});

describe('stage:* channels', () => {
  it('should plan, refuse a stale fingerprint with the fresh plan, then apply and report the run', async () => {
    const created = await call('certs:create-csr', { cn: 'cmg.contoso.com' });
    const csrPath = join(home, 'cmg.csr');
    await call('certs:save-request', created.id, { path: csrPath });
    const plan = await call('stage:plan', 'server-certificate');
    expect(plan.actions.map((action) => action.kind)).toEqual(['skip', 'skip', 'skip']);
    expect(plan.actions[0]?.summary.message).toContain('Gestionnaire d’identification');

    const stale = await call('stage:apply', { stageId: 'server-certificate', fingerprint: 'not-this-one' });
    expect(stale).toMatchObject({ outcome: 'plan-stale', plan: { fingerprint: plan.fingerprint } });

    const finished = new Promise<StageRunDto>((resolve) =>
      runtime.events.subscribe((event, payload) => {
        if (event === 'stage:run' && (payload as StageRunDto).state !== 'running')
          resolve(payload as StageRunDto);
      }),
    );
    const started = await call('stage:apply', {
      stageId: 'server-certificate',
      fingerprint: plan.fingerprint,
    });
    expect(started.outcome).toBe('started');
    const run = await finished;
    expect(run).toMatchObject({
      state: 'succeeded',
      runId: started.outcome === 'started' ? started.runId : '',
    });
    expect(await call('stage:get-run', { stageId: 'server-certificate' })).toMatchObject({
      state: 'succeeded',
    });
    expect(await call('stage:observe', 'server-certificate')).toMatchObject({ status: 'in-progress' });
  });

  it('should answer a stage that is not built with a localized error envelope, not a crash', async () => {
    const response = await runtime.dispatch('stage:plan', ['licences']);
    expect(response).toMatchObject({
      ok: false,
      error: {
        code: 'not-found',
        messageKey: 'engine.stageNotBuilt',
        message: expect.stringContaining('étape'),
      },
    });
    expect(await call('stage:get-run', { runId: '3f0c1a9e-8a4b-4c1d-9e2f-0123456789ab' })).toBeNull();
  });
});
