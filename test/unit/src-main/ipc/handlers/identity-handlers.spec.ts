import { describe, expect, it } from 'vitest';

import { IdentitySession } from '/@/src-main/identity';
import { createDispatcher, EventBus, type EventMap } from '/@/src-main/ipc';
import { type Handlers } from '/@/src-main/ipc';
import { createIdentityHandlers } from '/@/src-main/ipc/handlers/identity-handlers';
import { RehearsalIdentityProvider } from '/@/src-main/rehearsal';
import { MemorySecretStore } from '/@/src-main/secrets';
import { silentLogger, type StageId } from '/@/src-main/shared';
import type { StateStore } from '/@/src-main/state';

async function setup(currentStage: StageId = 'prerequisites') {
  const rehearsal = new RehearsalIdentityProvider();
  const identity = await IdentitySession.open({
    home: '/nonexistent-comanage-home',
    secrets: new MemorySecretStore(),
    rehearsal: {
      identity: rehearsal,
      endpoints: { graphBaseUrl: 'http://x/graph', armBaseUrl: 'http://x/arm' },
    },
    openBrowser: () => Promise.resolve(),
    locale: () => 'fr',
  });
  const events = new EventBus();
  const emitted: EventMap['identity:device-code'][] = [];
  events.subscribe((name, payload) => {
    if (name === 'identity:device-code') emitted.push(payload as EventMap['identity:device-code']);
  });
  const state = { read: () => ({ currentStage }) } as unknown as StateStore;
  const handlers = createIdentityHandlers({ identity, events, state }) as Handlers;
  const dispatch = createDispatcher(handlers, () => 'fr', silentLogger);
  return { dispatch, emitted, rehearsal };
}

describe('identity handlers', () => {
  it('should report rehearsal mode, signed out, before any sign-in', async () => {
    const { dispatch } = await setup();
    expect(await dispatch('identity:status', [])).toEqual({
      ok: true,
      value: { mode: 'rehearsal', signedIn: false },
    });
  });

  it('should push the device code as an event and return the account when signed in', async () => {
    const { dispatch, emitted } = await setup();
    const response = await dispatch('identity:sign-in', [{ method: 'device-code' }]);
    expect(response).toMatchObject({
      ok: true,
      value: { mode: 'rehearsal', signedIn: true, account: { username: 'admin@contoso.onmicrosoft.com' } },
    });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.userCode).toMatch(/^[A-Z2-9]{9}$/);
  });

  it('should ask for the current stage scopes unless a stage is given', async () => {
    const { dispatch, rehearsal } = await setup('cloud-name');
    await dispatch('identity:sign-in', [{ method: 'browser' }]);
    await expect(
      rehearsal.getAccessToken({
        resource: 'arm',
        scopes: ['https://management.azure.com/user_impersonation'],
      }),
    ).resolves.toMatch(/^rehearsal\./);
    await expect(
      rehearsal.getAccessToken({ resource: 'graph', scopes: ['Application.ReadWrite.All'] }),
    ).rejects.toMatchObject({ code: 'consent-required' });
    await dispatch('identity:sign-in', [{ method: 'browser', stage: 'azure-services' }]);
    await expect(
      rehearsal.getAccessToken({ resource: 'graph', scopes: ['Application.ReadWrite.All'] }),
    ).resolves.toMatch(/^rehearsal\./);
  });

  it('should refuse a tenant that is neither a GUID nor a domain, and a client id that is not a GUID', async () => {
    const { dispatch } = await setup();
    for (const args of [
      {
        method: 'browser',
        tenantId: 'https://evil.example/x',
        clientId: '11111111-2222-4333-8444-555555555555',
      },
      { method: 'browser', tenantId: 'contoso.onmicrosoft.com', clientId: 'not-a-guid' },
      { method: 'password' },
      { method: 'browser', extra: true },
    ]) {
      const response = await dispatch('identity:sign-in', [args]);
      expect(response).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('should sign out and answer the signed-out status', async () => {
    const { dispatch } = await setup();
    await dispatch('identity:sign-in', [{ method: 'browser' }]);
    expect(await dispatch('identity:sign-out', [])).toEqual({
      ok: true,
      value: { mode: 'rehearsal', signedIn: false },
    });
  });
});
