import type { RpcApi } from '../../src-main/ipc/contract';
import { createHttpApi } from './http-transport';

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
  return target.api ?? createHttpApi();
}
