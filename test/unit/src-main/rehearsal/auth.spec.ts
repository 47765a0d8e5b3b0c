import { describe, expect, it } from 'vitest';

import { checkAuthorization, createRehearsalToken } from '../../../../src-main/rehearsal/auth';

const TENANT = '9b73e3d9-9cea-4a1d-9332-bca3d7c74adc';
const identity = { tid: TENANT, oid: 'user-1', upn: 'a@contoso.com', scp: 'User.Read' };

describe('checkAuthorization', () => {
  it('should return the identity when the token is a rehearsal token for this tenant', () => {
    expect(checkAuthorization(`Bearer ${createRehearsalToken(identity)}`, TENANT)).toEqual({
      ok: true,
      identity,
    });
    expect(
      checkAuthorization(`bearer ${createRehearsalToken({ ...identity, tid: TENANT.toUpperCase() })}`, TENANT)
        .ok,
    ).toBe(true);
  });

  it('should say the token is missing when there is no header', () => {
    expect(checkAuthorization(undefined, TENANT)).toMatchObject({ ok: false, missing: true });
    expect(checkAuthorization('  ', TENANT)).toMatchObject({ ok: false, missing: true });
  });

  it('should refuse other schemes, other tenants, missing claims and garbage', () => {
    const bad = [
      `Basic ${createRehearsalToken(identity)}`,
      `Bearer ${createRehearsalToken({ ...identity, tid: 'other' })}`,
      `Bearer ${createRehearsalToken({ ...identity, oid: '' })}`,
      'Bearer rehearsal.bm90IGpzb24',
      'Bearer rehearsal.bnVsbA',
      'Bearer rehearsal.a b',
      `Bearer rehearsal.${'A'.repeat(10_000)}`,
      'Bearer eyJ0eXAiOiJKV1QifQ.e30.sig',
    ];
    for (const header of bad) expect(checkAuthorization(header, TENANT).ok, header.slice(0, 40)).toBe(false);
  });

  it('should default upn and scp to empty strings when the claims are absent', () => {
    const token = `rehearsal.${Buffer.from(JSON.stringify({ tid: TENANT, oid: 'x' })).toString('base64url')}`;
    expect(checkAuthorization(`Bearer ${token}`, TENANT)).toEqual({
      ok: true,
      identity: { tid: TENANT, oid: 'x', upn: '', scp: '' },
    });
  });
});
