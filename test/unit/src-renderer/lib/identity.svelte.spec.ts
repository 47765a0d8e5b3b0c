// Sign-in state against the real host in-process, with the simulated tenant running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IdentityState, signInFormProblems, toSignInRequest } from '/@/src-renderer/lib/identity.svelte';

import { type InProcessHost, startInProcessHost } from '../in-process-api';

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

describe('sign-in form', () => {
  const base = { method: 'browser' as const };

  it('should always name the organisation tenant and client: simulation mode has no sign-in choice', () => {
    const empty = { ...base, tenantId: '', clientId: '' };
    expect(signInFormProblems(empty)).toEqual({ tenantId: 'invalid', clientId: 'invalid' });
    expect(toSignInRequest(empty)).toEqual({ method: 'browser', tenantId: '', clientId: '' });
  });

  it('should flag a tenant that is neither a GUID nor a domain and a client id that is not a GUID', () => {
    expect(signInFormProblems({ ...base, tenantId: 'contoso', clientId: 'my-app' })).toEqual({
      tenantId: 'invalid',
      clientId: 'invalid',
    });
    const ok = {
      ...base,
      tenantId: ' contoso.onmicrosoft.com ',
      clientId: '11111111-2222-3333-4444-555555555555',
    };
    expect(signInFormProblems(ok)).toEqual({});
    expect(toSignInRequest(ok)).toEqual({
      method: 'browser',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
    });
  });
});

describe('IdentityState against the real host', () => {
  let host: InProcessHost;
  beforeAll(async () => {
    host = await startInProcessHost('nl', { rehearsalTenant: true });
  });
  afterAll(async () => host.close());

  it('should start in simulation mode without any sign-in', async () => {
    const identity = new IdentityState(host.api, describeError, async () => {});
    await identity.load();
    expect(identity.status).toEqual({ mode: 'rehearsal', signedIn: false });
    expect(identity.form).toEqual({ tenantId: '', clientId: '', method: 'browser' });
  });

  it('should show the host refusal in Dutch when a real tenant is given without its client id', async () => {
    const identity = new IdentityState(host.api, describeError, async () => {});
    identity.form.tenantId = 'contoso.onmicrosoft.com';
    identity.form.clientId = 'not-a-guid';
    expect(await identity.signIn()).toBe(false);
    expect(identity.error).toMatch(/client/i);
    expect(identity.status).toBeNull();
  });
});
