import { describe, expect, it } from 'vitest';

import { compilePathPattern, FaultController } from '../../../../src-main/rehearsal/faults';

describe('compilePathPattern', () => {
  it('should match one segment part with * and any depth with **', () => {
    const single = compilePathPattern('/graph/*/applications');
    expect(single.test('/graph/v1.0/applications')).toBe(true);
    expect(single.test('/graph/v1.0/applications/1')).toBe(false);
    const deep = compilePathPattern('/graph/*/applications**');
    expect(deep.test('/graph/beta/applications/1/addPassword')).toBe(true);
    expect(deep.test('/graph/beta/servicePrincipals')).toBe(false);
  });

  it('should treat regex characters in a glob literally', () => {
    const pattern = compilePathPattern('/graph/v1.0/$batch');
    expect(pattern.test('/graph/v1.0/$batch')).toBe(true);
    expect(pattern.test('/graph/v1x0/$batch')).toBe(false);
  });

  it('should read /^…/flags as a regular expression and a trailing-slash glob as a glob', () => {
    expect(compilePathPattern('/^\\/arm\\/.*register$/i').test('/arm/x/REGISTER')).toBe(true);
    expect(compilePathPattern('/graph/v1.0/users/').test('/graph/v1.0/users/')).toBe(true);
  });

  it('should throw when the regular expression is invalid', () => {
    expect(() => compilePathPattern('/^(open/')).toThrow(SyntaxError);
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
});
