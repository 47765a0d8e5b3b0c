import type { z } from 'zod';

/**
 * One channel of the contract: a runtime schema for its argument tuple (checked by every
 * transport before a handler runs) and a compile-time result type.
 */
export interface ChannelDef<A extends z.ZodTuple = z.ZodTuple, R = unknown> {
  readonly args: A;
  /** Phantom: only its type is used; the value is always undefined. */
  readonly result?: R;
}

export function channel<A extends z.ZodTuple>(args: A): { returns<R>(): ChannelDef<A, R> } {
  return { returns: <R>(): ChannelDef<A, R> => ({ args }) };
}
