import { randomUUID } from 'node:crypto';

import { z } from 'zod';

/**
 * Fault kinds a rehearsal can inject:
 * - `throttle`: 429 with `Retry-After` (seconds), as Graph and ARM throttle.
 * - `unavailable` / `gatewayTimeout`: 503 / 504 (optional `Retry-After`).
 * - `latency`: answer normally after `latencyMs`.
 * - `timeout`: never answer; the request hangs until the client gives up or the socket closes.
 * - `replicationDelay`: objects created by a matching request answer 404 for `delayMs` on reads.
 * - `cut`: destroy the socket, at once or after `afterBytes` bytes of request body.
 */
export const FAULT_KINDS = [
  'throttle',
  'unavailable',
  'gatewayTimeout',
  'latency',
  'timeout',
  'replicationDelay',
  'cut',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const pathPattern = z
  .string()
  .min(1)
  .max(2000)
  .refine((path) => !path.startsWith('/^'), {
    // What the regular-expression form (`/^…/flags`) looked like; only code may pass a RegExp.
    message:
      'regular expressions are not accepted as fault paths; write a glob (* within a segment, ** across segments)',
  });

/** A fault as given through the API, the HTTP control route or a scenario file. */
export const faultRuleSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    kind: z.enum(FAULT_KINDS),
    /** HTTP method, or `*` (default) for any. */
    method: z.string().min(1).max(16).optional(),
    /**
     * Path glob on the emulator path (`/graph/*\/applications/**`: `*` = one segment part,
     * `**` = any depth, `?` = one character), case-insensitive. Never a regular expression: a
     * pattern from a file or over HTTP must not be able to stall the event loop.
     */
    path: pathPattern,
    /** Apply this many times, then stop; omitted = always. */
    times: z.number().int().positive().optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    delayMs: z.number().int().min(0).max(3_600_000).optional(),
    afterBytes: z.number().int().min(0).optional(),
  })
  .strict();
export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface ActiveFault extends FaultRule {
  readonly id: string;
  /** How many times the fault has been applied so far. */
  readonly hits: number;
  /** Remaining applications, or null when unlimited. */
  readonly remaining: number | null;
}

interface StoredFault {
  readonly rule: FaultRule & { id: string };
  readonly matches: (path: string) => boolean;
  readonly method: string;
  hits: number;
  remaining: number | null;
}

/** Runtime fault configuration, shared by the HTTP pipeline, `$batch`, and extension routes. */
export class FaultController {
  private faults: StoredFault[] = [];
  private readonly waiters = new Set<{ id: string; hits: number; resolve: () => void }>();

  /**
   * Resolves once the fault `id` has been applied `hits` times in all (at once if it already
   * has): lets a test wait for "the request reached the emulator" instead of sleeping.
   */
  whenApplied(id: string, hits = 1): Promise<void> {
    const current = this.faults.find((fault) => fault.rule.id === id)?.hits ?? 0;
    if (current >= hits) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ id, hits, resolve }));
  }

  /**
   * Adds a fault; returns its id. Throws a zod error on an invalid rule. A `RegExp` path is for
   * trusted in-process callers (tests); strings are always globs.
   */
  add(rule: FaultRule | (Omit<FaultRule, 'path'> & { path: string | RegExp })): string {
    const regex = rule.path instanceof RegExp ? rule.path : null;
    const parsed = regex
      ? { ...faultRuleSchema.parse({ ...rule, path: '/**' }), path: `/${regex.source}/${regex.flags}` }
      : faultRuleSchema.parse(rule);
    const id = parsed.id ?? randomUUID();
    this.faults = this.faults.filter((fault) => fault.rule.id !== id);
    this.faults.push({
      rule: { ...parsed, id },
      matches: regex ? regexMatcher(regex) : globMatcher(parsed.path),
      method: (parsed.method ?? '*').toUpperCase(),
      hits: 0,
      remaining: parsed.times ?? null,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.rule.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault.rule, hits: fault.hits, remaining: fault.remaining }));
  }

  /**
   * Finds the first fault matching the request among `kinds`, counts it as applied, and returns
   * it. Spent faults (`times` reached) are dropped.
   */
  take(method: string, path: string, kinds: readonly FaultKind[] = FAULT_KINDS): ActiveFault | null {
    const upper = method.toUpperCase();
    for (const fault of this.faults) {
      if (!kinds.includes(fault.rule.kind)) continue;
      if (fault.method !== '*' && fault.method !== upper) continue;
      if (!fault.matches(path)) continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
      const snapshot: ActiveFault = { ...fault.rule, hits: fault.hits, remaining: fault.remaining };
      if (fault.remaining === 0) this.faults = this.faults.filter((other) => other !== fault);
      for (const waiter of this.waiters) {
        if (waiter.id === snapshot.id && snapshot.hits >= waiter.hits) {
          this.waiters.delete(waiter);
          waiter.resolve();
        }
      }
      return snapshot;
    }
    return null;
  }
}

type GlobToken =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'segment' }
  | { readonly kind: 'any' };

/**
 * A glob matcher in time linear in the path (times the pattern's length): `*` matches within a
 * segment, `**` across segments, `?` one character other than `/`, everything else literally,
 * case-insensitively. It simulates the pattern's automaton on every position at once instead of
 * backtracking, so no pattern can make it slow.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  const chars = Array.from(pattern);
  const tokens: GlobToken[] = [];
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (char === '*') {
      let run = 1;
      while (chars[index + run] === '*') run += 1;
      index += run - 1;
      tokens.push({ kind: run > 1 ? 'any' : 'segment' });
    } else if (char === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: char.toLowerCase() });
  }
  const size = tokens.length + 1;
  /** Adds the states reachable without reading (a star may match nothing). */
  const close = (states: Uint8Array): void => {
    for (let state = 0; state < tokens.length; state += 1) {
      const kind = tokens[state]?.kind;
      if (states[state] && (kind === 'segment' || kind === 'any')) states[state + 1] = 1;
    }
  };
  return (path) => {
    let current = new Uint8Array(size);
    current[0] = 1;
    close(current);
    for (const raw of path.toLowerCase()) {
      const next = new Uint8Array(size);
      let alive = false;
      for (let state = 0; state < tokens.length; state += 1) {
        if (!current[state]) continue;
        const token = tokens[state] as GlobToken;
        if (token.kind === 'char' ? token.char === raw : token.kind === 'any' || raw !== '/') {
          const target = token.kind === 'segment' || token.kind === 'any' ? state : state + 1;
          next[target] = 1;
          alive = true;
        }
      }
      if (!alive) return false;
      close(next);
      current = next;
    }
    return current[tokens.length] === 1;
  };
}

function regexMatcher(regex: RegExp): (path: string) => boolean {
  // Without g/y, `test` keeps no lastIndex between calls.
  const compiled = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  return (path) => compiled.test(path);
}
