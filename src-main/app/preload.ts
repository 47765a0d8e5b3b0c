// Sandboxed preload (built to out/preload/index.cjs). Deliberately tiny and without logic of
// its own: it exposes ONE frozen object, `window.api`, implementing the contract's RpcApi.
//
// Security review (electronegativity PRELOAD_JS_CHECK asks for one): the page only gets
// `invoke(channel, ...args)` and `on(event, listener)` through contextBridge. ipcRenderer
// itself, its event objects and any Node/Electron object never cross the bridge; `invoke`
// uses a single fixed channel, and the main process checks the sender frame and validates the
// channel name and arguments against the contract before any handler runs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import type { RpcApi, RpcErrorDto } from '../ipc/contract';
// A sandboxed preload can `require` only electron and a few built-ins, so it must not pull in
// the contract index (zod schemas, catalogues): the event list comes from its plain source file.
import { EVENT_NAMES, type EventName } from '../ipc/contract/events';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

/**
 * Only these fields leave the preload on failure: no stack, no cause, no extra data. A plain
 * object, not an Error: contextBridge keeps only the message of an Error that crosses it, while
 * plain objects are copied whole; `resolveApi` in the renderer turns it back into an RpcError.
 */
function rpcError(dto: RpcErrorDto): Readonly<RpcErrorDto & { name: 'RpcError' }> {
  return Object.freeze({
    name: 'RpcError' as const,
    code: dto.code,
    messageKey: dto.messageKey,
    message: dto.message,
  });
}

function isErrorDto(value: unknown): value is RpcErrorDto {
  const dto = value as Partial<RpcErrorDto> | null;
  return (
    typeof dto === 'object' &&
    dto !== null &&
    typeof dto.code === 'string' &&
    typeof dto.messageKey === 'string' &&
    typeof dto.message === 'string'
  );
}

function unwrap(response: unknown): unknown {
  const envelope = response as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (typeof envelope === 'object' && envelope !== null) {
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false && isErrorDto(envelope.error)) throw rpcError(envelope.error);
  }

  throw rpcError({
    code: 'internal',
    messageKey: 'error.internal',
    message: 'Malformed reply from the main process.',
  });
}

async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  return unwrap(await ipcRenderer.invoke(INVOKE_CHANNEL, channel, args));
}

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!EVENT_NAMES.includes(event)) throw new TypeError(`Unknown event: ${String(event)}`);
  if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
  const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

// The casts only widen our untyped implementations to the contract's generic signatures.
const api: RpcApi = Object.freeze({
  invoke: invoke as RpcApi['invoke'],
  on: on as RpcApi['on'],
});

contextBridge.exposeInMainWorld('api', api);
