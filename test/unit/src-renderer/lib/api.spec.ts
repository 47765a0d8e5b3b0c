import { describe, expect, it } from 'vitest';

import { resolveApi } from '../../../../src-renderer/lib/api';
import { FakeApi } from '../fake-api';

describe('resolveApi', () => {
  it('should use the preload bridge when window.api is present', () => {
    const bridge = new FakeApi();
    expect(resolveApi({ api: bridge })).toBe(bridge);
  });

  it('should fall back to the HTTP transport when there is no preload bridge', () => {
    const api = resolveApi({ api: undefined });
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(api).not.toBeInstanceOf(FakeApi);
  });
});
