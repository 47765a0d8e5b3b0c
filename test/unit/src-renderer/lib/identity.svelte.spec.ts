// Sign-in state against the real host in-process, with the simulated tenant running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  IdentityState,
  signInFormProblems,
  toSignInRequest,
} from '../../../../src-renderer/lib/identity.svelte';
import { type InProcessHost, startInProcessHost } from '../in-process-api';

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

describe('sign-in form', () => {
  const base = { target: 'tenant' as const, method: 'browser' as const };

  it('should ask for nothing more when the simulated tenant is chosen', () => {
    const form = { ...base, target: 'rehearsal' as const, tenantId: '', clientId: '' };
    expect(signInFormProblems(form)).toEqual({});
    expect(toSignInRequest(form)).toEqual({ method: 'browser' });
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

  it('should sign in to the simulated tenant with a device code shown while waiting, then sign out', async () => {
    let refreshed = 0;
    const identity = new IdentityState(host.api, describeError, async () => {
      refreshed += 1;
    });
    const seenCodes: string[] = [];
    const stop = host.api.on('identity:device-code', (code) => seenCodes.push(code.userCode));
    const unlisten = identity.listen();
    await identity.load();
    expect(identity.status).toEqual({ mode: 'rehearsal', signedIn: false });

    identity.form.method = 'device-code';
    expect(await identity.signIn()).toBe(true);
    expect(seenCodes).toHaveLength(1);
    expect(identity.status?.signedIn).toBe(true);
    expect(identity.status?.account?.username).toContain('@');
    expect(identity.signingIn).toBe(false);
    expect(identity.deviceCode).toBeNull();
    expect(refreshed).toBe(1);

    await identity.signOut();
    expect(identity.status).toEqual({ mode: 'rehearsal', signedIn: false });
    expect(refreshed).toBe(2);
    unlisten();
    stop();
  });

  it('should show the host refusal in Dutch when a real tenant is given without its client id', async () => {
    const identity = new IdentityState(host.api, describeError, async () => {});
    identity.form.target = 'tenant';
    identity.form.tenantId = 'contoso.onmicrosoft.com';
    identity.form.clientId = 'not-a-guid';
    expect(await identity.signIn()).toBe(false);
    expect(identity.error).toMatch(/client/i);
    expect(identity.status).toBeNull();
  });
});
