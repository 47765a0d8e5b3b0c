import { describe, expect, it } from 'vitest';

import { PERMISSIONS } from '/@/src-main/rehearsal/permissions';
import { Router } from '/@/src-main/rehearsal/router';

const ok = () => ({ status: 200 });

describe('Router', () => {
  it('should capture decoded parameters and match literals case-insensitively', () => {
    const router = new Router();
    router.arm('GET', '/subscriptions/:sub/resourceGroups/:rg', { apiVersions: ['2021-04-01'] }, ok);
    const { route } = router.match('get', '/arm/SUBSCRIPTIONS/s1/resourcegroups/rg%20one');
    expect(route?.params).toEqual({ sub: 's1', rg: 'rg one' });
  });

  it('should serve Graph routes under v1.0 and beta only', () => {
    const router = new Router();
    router.graph('GET', '/users/:id', PERMISSIONS.usersRead, ok);
    expect(router.match('GET', '/graph/v1.0/users/a').route?.params).toEqual({ version: 'v1.0', id: 'a' });
    expect(router.match('GET', '/graph/beta/users/a').route).not.toBeNull();
    expect(router.match('GET', '/graph/v2.0/users/a').route).toBeNull();
  });

  it('should tell a wrong method apart from an unknown path', () => {
    const router = new Router();
    router.graph('GET', '/users', PERMISSIONS.usersRead, ok);
    expect(router.match('DELETE', '/graph/v1.0/users')).toEqual({ route: null, pathKnown: true });
    expect(router.match('GET', '/graph/v1.0/nothing')).toEqual({ route: null, pathKnown: false });
  });

  it('should refuse a malformed percent-encoding in a parameter', () => {
    const router = new Router();
    router.graph('GET', '/users/:id', PERMISSIONS.usersRead, ok);
    expect(router.match('GET', '/graph/v1.0/users/%E0%A4%A').route).toBeNull();
  });

  it('should prefer the first registered route when two match', () => {
    const router = new Router();
    const first = () => ({ status: 201 });
    router.graph('GET', '/users/me', PERMISSIONS.signedInUserRead, first);
    router.graph('GET', '/users/:id', PERMISSIONS.usersRead, ok);
    expect(router.match('GET', '/graph/v1.0/users/me').route?.handler).toBe(first);
  });

  it('should keep what a route declares: its permissions, and for ARM its api-versions', () => {
    const router = new Router();
    router.graph('GET', '/users', PERMISSIONS.usersRead, ok);
    router.arm('GET', '/subscriptions', { apiVersions: ['2022-12-01'] }, ok);
    expect(router.match('GET', '/graph/v1.0/users').route?.options.permissions).toBe(PERMISSIONS.usersRead);
    expect(router.match('GET', '/arm/subscriptions').route?.options).toMatchObject({
      permissions: PERMISSIONS.armUserImpersonation,
      apiVersions: ['2022-12-01'],
    });
    expect(() => router.arm('GET', '/x', { apiVersions: [] }, ok)).toThrow();
  });
});
