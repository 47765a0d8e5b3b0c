import { beforeEach, describe, expect, it, vi } from 'vitest';

import { EVENT_CHANNEL, INVOKE_CHANNEL } from '/@/src-main/app/ipc-channels';
import type { RpcApi } from '/@/src-main/ipc';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => electron.exposed.set(key, api)),
  },
  ipcRenderer: {
    invoke: electron.invoke,
    on: vi.fn((channel: string, listener: Listener) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(listener);
      electron.listeners.set(channel, set);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) =>
      electron.listeners.get(channel)?.delete(listener),
    ),
  },
}));

async function loadPreload(): Promise<RpcApi> {
  vi.resetModules();
  electron.exposed.clear();
  electron.listeners.clear();
  await import('/@/src-main/app/preload');
  return electron.exposed.get('api') as RpcApi;
}

function push(name: unknown, payload: unknown): void {
  for (const listener of electron.listeners.get(EVENT_CHANNEL) ?? [])
    listener({ sender: 'ipc' }, name, payload);
}

describe('preload', () => {
  beforeEach(() => electron.invoke.mockReset());

  it('should expose exactly one frozen object with invoke and on when loaded', async () => {
    const api = await loadPreload();
    expect([...electron.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(typeof api.invoke).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|send|require/);
  });

  it('should send the channel and arguments over the one invoke channel and unwrap the value when it succeeds', async () => {
    const api = await loadPreload();
    electron.invoke.mockResolvedValueOnce({ ok: true, value: { stage: 'certificate' } });
    await expect(api.invoke('wizard:get' as never)).resolves.toEqual({ stage: 'certificate' });
    expect(electron.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'wizard:get', []);
  });

  it('should reject with only code, key and message when the call is refused', async () => {
    const api = await loadPreload();
    electron.invoke.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'invalid-input',
        messageKey: 'error.invalidInput',
        message: 'Bad input',
        stack: 'x',
        extra: 1,
      },
    });
    // A plain frozen object: contextBridge would strip an Error down to its message.
    const error = (await api.invoke('wizard:get' as never).catch((e: unknown) => e)) as Record<
      string,
      unknown
    >;
    expect(error).not.toBeInstanceOf(Error);
    expect(Object.isFrozen(error)).toBe(true);
    expect(error).toEqual({
      name: 'RpcError',
      code: 'invalid-input',
      messageKey: 'error.invalidInput',
      message: 'Bad input',
    });
    expect(error).not.toHaveProperty('stack');
    expect(error).not.toHaveProperty('extra');
  });

  it.each([
    ['null', null],
    ['a string', 'ok'],
    ['an envelope without ok', { value: 1 }],
    ['a failure without an error object', { ok: false }],
    ['a failure with a malformed error', { ok: false, error: { code: 1 } }],
  ])('should throw an internal error when the main process replies with %s', async (_name, reply) => {
    const api = await loadPreload();
    electron.invoke.mockResolvedValueOnce(reply);
    await expect(api.invoke('wizard:get' as never)).rejects.toMatchObject({
      code: 'internal',
      messageKey: 'error.internal',
    });
  });

  it('should deliver only the subscribed event and stop when unsubscribed', async () => {
    const api = await loadPreload();
    const progress = vi.fn();
    const unsubscribe = api.on('task:progress', progress);
    push('wizard:changed', { stage: 'x' });
    push('task:progress', { taskId: 't', done: 1, total: 2, messageKey: 'k' });
    expect(progress.mock.calls).toEqual([[{ taskId: 't', done: 1, total: 2, messageKey: 'k' }]]);
    unsubscribe();
    push('task:progress', { taskId: 't', done: 2, total: 2, messageKey: 'k' });
    expect(progress).toHaveBeenCalledOnce();
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('should never hand the IPC event object to the page when forwarding', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    api.on('wizard:changed', listener);
    push('wizard:changed', { stage: 'y' });
    expect(listener.mock.calls[0]).toEqual([{ stage: 'y' }]);
  });

  it('should refuse to subscribe when the event name is unknown or the listener is not a function', async () => {
    const api = await loadPreload();
    expect(() => api.on('rpc:event' as never, () => undefined)).toThrow(TypeError);
    expect(() => api.on('__proto__' as never, () => undefined)).toThrow(TypeError);
    expect(() => api.on('wizard:changed', 'nope' as never)).toThrow(TypeError);
    expect(electron.listeners.get(EVENT_CHANNEL)).toBeUndefined();
  });
});
