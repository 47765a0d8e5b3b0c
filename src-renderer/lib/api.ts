import type { RpcApi, RpcErrorDto } from '../../src-main/ipc/contract';
import { createHttpApi } from './http-transport';
import { RpcError } from './rpc-error';

export type { RpcApi } from '../../src-main/ipc/contract';
export { createHttpApi, type HttpTransportOptions } from './http-transport';
export { RpcError } from './rpc-error';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the renderer runs in a browser. */
    readonly api?: RpcApi;
  }
}

/** The RPC API for this window: the preload's bridge in Electron, else HTTP to the web host. */
export function resolveApi(target: Pick<Window, 'api'> = window): RpcApi {
  const bridged = target.api;
  if (!bridged) return createHttpApi();
  // The Electron preload rejects with a plain {code, messageKey, message} (see preload.ts).
  return {
    invoke: ((channel: string, ...args: unknown[]) =>
      (bridged.invoke as (c: string, ...a: unknown[]) => Promise<unknown>)(channel, ...args).catch(
        (reason: unknown) => {
          throw toRpcError(reason);
        },
      )) as RpcApi['invoke'],
    on: (event, listener) => bridged.on(event, listener),
  };
}

function toRpcError(reason: unknown): RpcError {
  const dto = reason as Partial<RpcErrorDto> | null;
  if (
    dto &&
    typeof dto.code === 'string' &&
    typeof dto.messageKey === 'string' &&
    typeof dto.message === 'string'
  ) {
    return new RpcError({ code: dto.code, messageKey: dto.messageKey, message: dto.message });
  }
  return new RpcError({
    code: 'internal',
    messageKey: 'error.internal',
    message: reason instanceof Error ? reason.message : String(reason),
  });
}
