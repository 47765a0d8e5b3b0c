import { describe, expect, it } from 'vitest';

import type { RpcApi } from '/@/src-main/ipc/contract';
import { resolveApi, RpcError } from '/@/src-renderer/lib/api';

import { FakeApi } from '../fake-api';

describe('resolveApi', () => {
  it('should call through the preload bridge when window.api is present', async () => {
    const bridge = new FakeApi();
    const api = resolveApi({ api: bridge });
    expect(api).not.toBeInstanceOf(FakeApi);
    await expect(api.invoke('wizard:get-state')).resolves.toEqual(await bridge.invoke('wizard:get-state'));
  });

  it('should turn the bridge’s plain error object back into an RpcError when a call is refused', async () => {
    const bridge: RpcApi = {
      invoke: (() =>
        Promise.reject({
          name: 'RpcError',
          code: 'forbidden',
          messageKey: 'error.x',
          message: 'Nope',
        })) as RpcApi['invoke'],
      on: () => () => undefined,
    };
    const error = await resolveApi({ api: bridge })
      .invoke('app:get-info')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'forbidden', messageKey: 'error.x', message: 'Nope' });
  });

  it('should report an internal RpcError when the bridge rejects with something else', async () => {
    const bridge: RpcApi = {
      invoke: (() => Promise.reject(new Error('boom'))) as RpcApi['invoke'],
      on: () => () => undefined,
    };
    await expect(resolveApi({ api: bridge }).invoke('app:get-info')).rejects.toMatchObject({
      code: 'internal',
      message: 'boom',
    });
  });

  it('should fall back to the HTTP transport when there is no preload bridge', () => {
    const api = resolveApi({ api: undefined });
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(api).not.toBeInstanceOf(FakeApi);
  });
});
