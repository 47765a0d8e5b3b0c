// Issue 9: a read-only check must not change state. Inspecting any PFX used to pin its CN for
// renewals and mark the certificate stage done.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRuntime, type Runtime } from '/@/src-main/ipc';
import { MemorySecretStore } from '/@/src-main/secrets';
import { createPfxFixtures, FIXTURE_PASSWORD, type PfxFixtures } from '/@/test/support/pfx-fixtures';

let fixtures: PfxFixtures;
let home: string;
let runtime: Runtime;
beforeAll(async () => {
  fixtures = createPfxFixtures();
  home = await mkdtemp(join(tmpdir(), 'inspect-ro-'));
  runtime = await createRuntime({
    transport: 'web',
    osLocale: 'en',
    version: 't',
    home,
    secrets: new MemorySecretStore(),
    env: {},
  });
}, 60_000);
afterAll(async () => {
  await runtime.close();
  fixtures.cleanup();
  await rm(home, { recursive: true, force: true });
});

describe('certs:inspect-pfx', () => {
  it('should leave the stage status and the renewal CN alone when a PFX made elsewhere passes the preflight', async () => {
    const before = runtime.context.state.read();
    const response = await runtime.dispatch('certs:inspect-pfx', [
      {
        source: { contentBase64: fixtures.files['good-csp'].toString('base64') },
        password: FIXTURE_PASSWORD,
      },
    ]);
    expect(response.ok).toBe(true);
    const checks = response.ok ? (response.value as { checks: { severity: string }[] }).checks : [];
    expect(checks.filter((check) => check.severity === 'error')).toEqual([]);
    const after = runtime.context.state.read();
    expect(after.stages['server-certificate']).toBe(before.stages['server-certificate']);
    expect(after.certificate).toEqual(before.certificate);
    const summary = await runtime.dispatch('wizard:get-state', []);
    expect(summary).toMatchObject({ ok: true, value: { stages: { 'server-certificate': 'not-started' } } });
  });

  it('should leave the state alone when a PFX fails the preflight', async () => {
    const before = runtime.context.state.read();
    await runtime.dispatch('certs:inspect-pfx', [
      {
        source: { contentBase64: fixtures.files['good-csp'].toString('base64') },
        password: 'wrong password',
      },
    ]);
    expect(runtime.context.state.read()).toEqual(before);
  });
});
