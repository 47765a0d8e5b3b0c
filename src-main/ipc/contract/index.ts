/**
 * The one RPC contract between the renderer and the Node side. Plain TypeScript + zod
 * schemas: no `node:` and no `electron`, so the renderer can `import type` from it and every
 * transport (Electron IPC, loopback web host, tests) validates the same way.
 * Each domain keeps its channels in its own file; this index merges them.
 */
import type { z } from 'zod';

import { certsChannels } from './certs';
import type { ChannelDef } from './define';
import type { RpcErrorDto } from './error';
import type { EventMap, EventName } from './events';
import { identityChannels } from './identity';
import { stagesChannels } from './stages';
import { wizardChannels } from './wizard';

export const channels = {
  ...wizardChannels,
  ...certsChannels,
  ...identityChannels,
  ...stagesChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
type ArgsSchema<C extends ChannelName> = Channels[C] extends ChannelDef<infer A> ? A : never;
/** What a caller passes (schema input). */
export type ArgsOf<C extends ChannelName> = z.input<ArgsSchema<C>>;
/** What a handler receives after validation (schema output). */
export type ParsedArgsOf<C extends ChannelName> = z.output<ArgsSchema<C>>;
export type ResultOf<C extends ChannelName> = Channels[C] extends ChannelDef<z.ZodTuple, infer R> ? R : never;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export type RpcResponse<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RpcErrorDto };

/** What the renderer sees as `window.api` (Electron) or gets from the HTTP transport. */
export interface RpcApi {
  invoke<C extends ChannelName>(channel: C, ...args: ArgsOf<C>): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** Server side: one function per channel, receiving validated arguments. */
export type Handlers = {
  [C in ChannelName]: (...args: ParsedArgsOf<C>) => Promise<ResultOf<C>>;
};

export * from './certs';
export { channel, type ChannelDef } from './define';
export type { RpcErrorDto } from './error';
export { EVENT_NAMES, type EventMap, type EventName, type TaskProgress } from './events';
export * from './identity';
export * from './stages';
export * from './wizard';
