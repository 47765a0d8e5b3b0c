import type { ChannelName, EventMap, EventName, RpcApi, RpcResponse } from '../../src-main/ipc/contract';
import { RpcError } from './rpc-error';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
/** The part of EventSource the transport uses (an EventTarget fake satisfies it in tests). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export interface HttpTransportOptions {
  readonly fetch?: FetchLike;
  readonly createEventSource?: (url: string) => EventSourceLike;
  readonly baseUrl?: string;
}

/**
 * The same `RpcApi` as Electron's preload, over the loopback web host: `POST /rpc` for calls and
 * one shared Server-Sent Events stream for pushes. The session cookie set by the host authorises
 * both, so no token is ever held in script.
 */
export function createHttpApi(options: HttpTransportOptions = {}): RpcApi {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const openStream = options.createEventSource ?? ((url: string) => new EventSource(url));
  const base = options.baseUrl ?? '';
  let stream: EventSourceLike | null = null;
  let listeners = 0;

  async function invoke(channel: ChannelName, ...args: unknown[]): Promise<unknown> {
    const response = await doFetch(`${base}/rpc`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, args }),
    });
    if (!response.ok) {
      // The host answers 401/403/413… as plain text, outside the envelope. The keys are UI keys.
      const refused = response.status === 401 || response.status === 403;
      throw new RpcError({
        code: refused ? 'unauthorized' : 'unavailable',
        messageKey: refused ? 'transport.sessionRefused' : 'transport.unavailable',
        message: `HTTP ${response.status}`,
      });
    }
    const envelope = (await response.json()) as RpcResponse;
    if (!envelope.ok) throw new RpcError(envelope.error);
    return envelope.value;
  }

  function on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    stream ??= openStream(`${base}/events`);
    const source = stream;
    listeners += 1;
    const handler = (message: Event): void => {
      const data = (message as MessageEvent<string>).data;
      try {
        listener(JSON.parse(data) as EventMap[E]);
      } catch {
        // A malformed frame is dropped; the next state read corrects the view.
      }
    };
    source.addEventListener(event, handler);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      source.removeEventListener(event, handler);
      listeners -= 1;
      if (listeners === 0 && stream === source) {
        source.close();
        stream = null;
      }
    };
  }

  // The generic signature is enforced by RpcApi at the call site; inside we work untyped.
  return { invoke: invoke as RpcApi['invoke'], on };
}
