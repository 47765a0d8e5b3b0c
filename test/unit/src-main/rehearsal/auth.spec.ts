import { describe, expect, it } from 'vitest';

import { RehearsalTokenSigner, type TokenRequest } from '/@/src-main/rehearsal/auth';

const TENANT = '9b73e3d9-9cea-4a1d-9332-bca3d7c74adc';
const START = new Date('2026-11-23T08:00:00.000Z');
const REQUEST: TokenRequest = {
  audience: 'graph',
  oid: 'user-1',
  upn: 'a@contoso.com',
  scopes: ['User.Read', 'Directory.Read.All'],
};

function signer(): { signer: RehearsalTokenSigner; advance: (ms: number) => void } {
  let now = START.getTime();
  return {
    signer: new RehearsalTokenSigner(TENANT, () => new Date(now)),
    advance: (ms) => (now += ms),
  };
}

/** The token with its claims rewritten but its signature kept: what a forger can make. */
function tampered(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [prefix, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('RehearsalTokenSigner', () => {
  it('should accept its own token for the same API and return its claims', () => {
    const { signer: tokens } = signer();
    const check = tokens.verify(`Bearer ${tokens.sign(REQUEST)}`, 'graph');
    expect(check).toEqual({
      ok: true,
      identity: {
        tid: TENANT,
        oid: 'user-1',
        upn: 'a@contoso.com',
        aud: 'https://graph.microsoft.com',
        scp: 'User.Read Directory.Read.All',
        roles: [],
      },
    });
    expect(
      tokens.verify(`bearer ${tokens.sign({ ...REQUEST, roles: ['Application.ReadWrite.All'] })}`, 'graph'),
    ).toMatchObject({ ok: true, identity: { roles: ['Application.ReadWrite.All'] } });
  });

  it('should refuse a token whose claims were changed (a forged scope or tenant)', () => {
    const { signer: tokens } = signer();
    const token = tokens.sign(REQUEST);
    const forged = [
      tampered(token, (claims) => (claims['scp'] = 'Application.ReadWrite.All')),
      tampered(token, (claims) => (claims['exp'] = 9_999_999_999)),
      tampered(token, (claims) => (claims['oid'] = 'someone-else')),
      // The unsigned format of earlier versions.
      `rehearsal.${Buffer.from(JSON.stringify({ tid: TENANT, oid: 'x', scp: 'Directory.Read.All' })).toString('base64url')}`,
    ];
    for (const header of forged) {
      expect(tokens.verify(`Bearer ${header}`, 'graph'), header.slice(0, 40)).toMatchObject({ ok: false });
    }
    expect(tokens.verify(`Bearer ${forged[0] ?? ''}`, 'graph')).toMatchObject({ reason: 'signature' });
  });

  it('should refuse a token signed by another run, even with the same claims', () => {
    const { signer: first } = signer();
    const { signer: second } = signer();
    expect(second.verify(`Bearer ${first.sign(REQUEST)}`, 'graph')).toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });

  it('should refuse a token once it has expired on the emulator clock', () => {
    const { signer: tokens, advance } = signer();
    const token = tokens.sign({ ...REQUEST, lifetimeSeconds: 60 });
    advance(59_000);
    expect(tokens.verify(`Bearer ${token}`, 'graph').ok).toBe(true);
    advance(1_000);
    expect(tokens.verify(`Bearer ${token}`, 'graph')).toMatchObject({
      ok: false,
      reason: 'expired',
      message: 'Lifetime validation failed, the token is expired.',
      expiredAt: new Date(START.getTime() + 60_000),
    });
  });

  it('should refuse a Graph token on ARM and an ARM token on Graph', () => {
    const { signer: tokens } = signer();
    const arm = tokens.sign({ ...REQUEST, audience: 'arm', scopes: ['user_impersonation'] });
    expect(tokens.verify(`Bearer ${arm}`, 'arm').ok).toBe(true);
    expect(tokens.verify(`Bearer ${arm}`, 'graph')).toMatchObject({ ok: false, reason: 'audience' });
    expect(tokens.verify(`Bearer ${tokens.sign(REQUEST)}`, 'arm')).toMatchObject({
      ok: false,
      reason: 'audience',
    });
  });

  it('should say the token is missing when there is no header, and refuse other schemes and garbage', () => {
    const { signer: tokens } = signer();
    expect(tokens.verify(undefined, 'graph')).toMatchObject({ ok: false, reason: 'missing' });
    expect(tokens.verify('  ', 'graph')).toMatchObject({ ok: false, reason: 'missing' });
    const token = tokens.sign(REQUEST);
    for (const header of [
      `Basic ${token}`,
      `Bearer ${token} extra`,
      'Bearer rehearsal.bm90IGpzb24.c2ln',
      'Bearer rehearsal.a.b.c',
      'Bearer rehearsal..',
      `Bearer rehearsal.${'A'.repeat(10_000)}.x`,
      'Bearer eyJ0eXAiOiJKV1QifQ.e30.sig',
    ]) {
      expect(tokens.verify(header, 'graph'), header.slice(0, 40)).toMatchObject({ ok: false });
    }
  });
});
