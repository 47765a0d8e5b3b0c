import { describe, expect, it, vi } from 'vitest';

import type { WizardSummary } from '/@/src-main/ipc/contract';
import { createHttpApi, RpcError } from '/@/src-renderer/lib/api';

interface SentRequest {
  readonly url: string;
  readonly init: RequestInit;
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function fakeFetch(respond: () => Response): {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: (url, init) => {
      sent.push({ url, init });
      return Promise.resolve(respond());
    },
  };
}

/** A stand-in for EventSource that lets the test push frames and see what was closed. */
class FakeEventSource extends EventTarget {
  static opened: FakeEventSource[] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close(): void {
    this.closed = true;
  }
  push(event: string, data: string): void {
    this.dispatchEvent(new MessageEvent(event, { data }));
  }
}

const SUMMARY: WizardSummary = {
  currentStage: 'cloud-name',
  stages: {
    prerequisites: 'done',
    'cloud-name': 'in-progress',
    'server-certificate': 'not-started',
    'azure-services': 'not-started',
    'cloud-management-gateway': 'not-started',
    configmgr: 'not-started',
    'co-management': 'not-started',
    'intune-app': 'not-started',
    licences: 'not-started',
    summary: 'not-started',
  },
};

describe('createHttpApi', () => {
  it('should POST the channel and arguments as JSON with same-origin credentials when invoked', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse({ ok: true, value: SUMMARY }));
    const api = createHttpApi({ fetch });
    const result = await api.invoke('wizard:set-current-stage', 'cloud-name');
    expect(result).toEqual(SUMMARY);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('/rpc');
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.credentials).toBe('same-origin');
    expect(new Headers(sent[0]!.init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({
      channel: 'wizard:set-current-stage',
      args: ['cloud-name'],
    });
  });

  it('should keep quotes and control characters intact when arguments are hostile strings', async () => {
    const { fetch, sent } = fakeFetch(() => jsonResponse({ ok: true, value: null }));
    const api = createHttpApi({ fetch });
    const hostile = 'a"b\'c\u0000\n</script>';
    // Deliberately outside the contract's types, as a compromised caller would send it.
    await (api.invoke as (channel: string, ...args: unknown[]) => Promise<unknown>)(
      'settings:set-language',
      hostile,
    );
    expect(JSON.parse(String(sent[0]!.init.body)).args).toEqual([hostile]);
  });

  it('should throw an RpcError with code, key and message when the host answers ok:false', async () => {
    const error = {
      code: 'invalid-input',
      messageKey: 'error.invalidInput',
      message: 'The request was not valid.',
    };
    const { fetch } = fakeFetch(() => jsonResponse({ ok: false, error }));
    const api = createHttpApi({ fetch });
    const thrown = await api.invoke('settings:set-language', 'fr').catch((caught: unknown) => caught);
    expect(thrown).toBeInstanceOf(RpcError);
    expect(thrown).toMatchObject(error);
  });

  it('should report a refused session when the host answers 401', async () => {
    const { fetch } = fakeFetch(() => new Response('Unauthorized', { status: 401 }));
    const thrown = await createHttpApi({ fetch })
      .invoke('app:get-info')
      .catch((caught: unknown) => caught);
    expect(thrown).toMatchObject({ code: 'unauthorized', messageKey: 'transport.sessionRefused' });
  });

  it('should report a refused session when the host answers 403', async () => {
    const { fetch } = fakeFetch(() => new Response('Forbidden', { status: 403 }));
    const thrown = await createHttpApi({ fetch })
      .invoke('app:get-info')
      .catch((caught: unknown) => caught);
    expect(thrown).toMatchObject({ code: 'unauthorized', messageKey: 'transport.sessionRefused' });
  });

  it('should report the service as unavailable when the host answers 500', async () => {
    const { fetch } = fakeFetch(() => new Response('Internal error', { status: 500 }));
    const thrown = await createHttpApi({ fetch })
      .invoke('app:get-info')
      .catch((caught: unknown) => caught);
    expect(thrown).toMatchObject({
      code: 'unavailable',
      messageKey: 'transport.unavailable',
      message: 'HTTP 500',
    });
  });

  it('should reject when the 200 body is not JSON', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>', { status: 200 }));
    await expect(createHttpApi({ fetch }).invoke('app:get-info')).rejects.toThrow();
  });

  it('should deliver parsed payloads from one shared event stream when several listeners subscribe', async () => {
    FakeEventSource.opened = [];
    const api = createHttpApi({ createEventSource: (url) => new FakeEventSource(url) });
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.on('wizard:changed', first);
    const stopSecond = api.on('task:progress', second);
    expect(FakeEventSource.opened).toHaveLength(1);
    const source = FakeEventSource.opened[0]!;
    expect(source.url).toBe('/events');
    source.push('wizard:changed', JSON.stringify(SUMMARY));
    source.push('task:progress', JSON.stringify({ taskId: 't', done: 1, total: 2, messageKey: 'k' }));
    expect(first).toHaveBeenCalledWith(SUMMARY);
    expect(second).toHaveBeenCalledWith({ taskId: 't', done: 1, total: 2, messageKey: 'k' });
    stopFirst();
    stopFirst();
    expect(source.closed).toBe(false);
    stopSecond();
    expect(source.closed).toBe(true);
  });

  it('should drop a malformed frame and keep listening when the stream sends garbage', () => {
    FakeEventSource.opened = [];
    const api = createHttpApi({ createEventSource: (url) => new FakeEventSource(url) });
    const listener = vi.fn();
    api.on('wizard:changed', listener);
    const source = FakeEventSource.opened[0]!;
    source.push('wizard:changed', '{"truncated":');
    source.push('wizard:changed', JSON.stringify(SUMMARY));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(SUMMARY);
  });

  it('should open a new stream when a listener subscribes after the last one left', () => {
    FakeEventSource.opened = [];
    const api = createHttpApi({ createEventSource: (url) => new FakeEventSource(url) });
    api.on('wizard:changed', vi.fn())();
    api.on('wizard:changed', vi.fn());
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    expect(FakeEventSource.opened[1]!.closed).toBe(false);
  });
});
