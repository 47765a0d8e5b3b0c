// The two Electron IPC channels the shell uses. Plain constants (no `electron` import) so the
// sandboxed preload and the main process share them without pulling in each other's code.

/** renderer → main: `(channelName, args)`, answered with an `RpcResponse` envelope. */
export const INVOKE_CHANNEL = 'rpc:invoke';
/** main → renderer: `(eventName, payload)` for every event of the runtime's bus. */
export const EVENT_CHANNEL = 'rpc:event';
