import { describe, expect, it } from 'vitest';

import { FaultController, globMatcher } from '/@/src-main/rehearsal/faults';

describe('globMatcher', () => {
  it('should match one segment part with * and any depth with **', () => {
    const single = globMatcher('/graph/*/applications');
    expect(single('/graph/v1.0/applications')).toBe(true);
    expect(single('/graph/v1.0/applications/1')).toBe(false);
    expect(single('/graph/a/b/applications')).toBe(false);
    const deep = globMatcher('/graph/*/applications**');
    expect(deep('/graph/beta/applications/1/addPassword')).toBe(true);
    expect(deep('/graph/beta/servicePrincipals')).toBe(false);
    expect(globMatcher('/**')('/anything/at/all')).toBe(true);
    expect(globMatcher('/graph/**/files/*/commit')('/graph/v1.0/x/y/files/f1/commit')).toBe(true);
  });

  it('should match ? as one character within a segment, and case-insensitively', () => {
    expect(globMatcher('/graph/v?.0/ME')('/graph/v1.0/me')).toBe(true);
    expect(globMatcher('/a?b')('/a/b')).toBe(false);
  });

  it('should treat regex characters in a glob literally', () => {
    const pattern = globMatcher('/graph/v1.0/$batch');
    expect(pattern('/graph/v1.0/$batch')).toBe(true);
    expect(pattern('/graph/v1x0/$batch')).toBe(false);
    expect(globMatcher('/(a+)+')('/(a+)+')).toBe(true);
    expect(globMatcher('/(a+)+')('/aaa')).toBe(false);
    expect(globMatcher('/graph/v1.0/users/')('/graph/v1.0/users/')).toBe(true);
  });

  it('should answer in linear time on patterns that make a backtracking matcher explode', () => {
    const path = `/${'a'.repeat(20_000)}`;
    const started = performance.now();
    expect(globMatcher(`/${'*a'.repeat(200)}b`)(path)).toBe(false);
    expect(globMatcher(`/${'**a'.repeat(200)}b`)(path)).toBe(false);
    // A regex-based glob (`[^/]*a` × 200) took far longer than this; the automaton stays well under it.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('FaultController', () => {
  it('should apply a fault the given number of times and then drop it', () => {
    const faults = new FaultController();
    faults.add({ kind: 'throttle', path: '/x', times: 2 });
    expect(faults.take('GET', '/x')?.remaining).toBe(1);
    expect(faults.take('GET', '/x')?.remaining).toBe(0);
    expect(faults.take('GET', '/x')).toBeNull();
    expect(faults.list()).toEqual([]);
  });

  it('should match the method case-insensitively and only among the asked kinds', () => {
    const faults = new FaultController();
    faults.add({ kind: 'latency', method: 'post', path: '/x', latencyMs: 5 });
    expect(faults.take('GET', '/x')).toBeNull();
    expect(faults.take('POST', '/x', ['throttle'])).toBeNull();
    expect(faults.take('POST', '/x', ['latency'])?.latencyMs).toBe(5);
  });

  it('should replace a fault added again with the same id', () => {
    const faults = new FaultController();
    faults.add({ id: 'f', kind: 'throttle', path: '/a' });
    faults.add({ id: 'f', kind: 'unavailable', path: '/b' });
    expect(faults.list()).toMatchObject([{ id: 'f', kind: 'unavailable', path: '/b' }]);
    expect(faults.remove('f')).toBe(true);
    expect(faults.remove('f')).toBe(false);
  });

  it('should refuse an invalid rule and keep the list unchanged', () => {
    const faults = new FaultController();
    expect(() => faults.add({ kind: 'throttle', path: '' })).toThrow();
    expect(() => faults.add({ kind: 'throttle', path: '/x', times: 0 })).toThrow();
    expect(() => faults.add({ kind: 'throttle', path: '/^(/' })).toThrow();
    expect(faults.list()).toEqual([]);
  });

  it('should refuse a path written as a regular expression, and take a RegExp only from code', () => {
    const faults = new FaultController();
    expect(() => faults.add({ kind: 'throttle', path: '/^.(a+)+$/' })).toThrow(/regular expressions/);
    faults.add({ kind: 'throttle', path: /^\/arm\/.*register$/i });
    expect(faults.take('POST', '/arm/x/REGISTER')?.path).toBe('/^\\/arm\\/.*register$/i');
  });

  it('should resolve whenApplied once the fault has matched that many requests', async () => {
    const faults = new FaultController();
    const id = faults.add({ kind: 'timeout', path: '/graph/**' });
    let applied = false;
    const waiting = faults.whenApplied(id, 2).then(() => (applied = true));
    faults.take('GET', '/graph/v1.0/me');
    await Promise.resolve();
    expect(applied).toBe(false);
    faults.take('GET', '/arm/subscriptions');
    faults.take('GET', '/graph/v1.0/organization');
    await waiting;
    expect(applied).toBe(true);
    await faults.whenApplied(id, 1);
  });
});
