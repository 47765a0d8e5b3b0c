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

const pathPattern = z.string().min(1).max(2000);

/** A fault as given through the API, the HTTP control route or a scenario file. */
export const faultRuleSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    kind: z.enum(FAULT_KINDS),
    /** HTTP method, or `*` (default) for any. */
    method: z.string().min(1).max(16).optional(),
    /**
     * Path glob on the emulator path (`/graph/*\/applications/**`: `*` = one segment part,
     * `**` = any depth), or a regular expression written `/^…/` (flags allowed: `/^…$/i`).
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
  readonly matcher: RegExp;
  readonly method: string;
  hits: number;
  remaining: number | null;
}

/** Runtime fault configuration, shared by the HTTP pipeline, `$batch`, and extension routes. */
export class FaultController {
  private faults: StoredFault[] = [];

  /** Adds a fault; returns its id. Throws a zod error on an invalid rule. */
  add(rule: FaultRule | (Omit<FaultRule, 'path'> & { path: string | RegExp })): string {
    const path = rule.path instanceof RegExp ? `/${rule.path.source}/${rule.path.flags}` : rule.path;
    const parsed = faultRuleSchema.parse({ ...rule, path });
    const id = parsed.id ?? randomUUID();
    this.faults = this.faults.filter((fault) => fault.rule.id !== id);
    this.faults.push({
      rule: { ...parsed, id },
      matcher: compilePathPattern(parsed.path),
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
      if (!fault.matcher.test(path)) continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
      const snapshot: ActiveFault = { ...fault.rule, hits: fault.hits, remaining: fault.remaining };
      if (fault.remaining === 0) this.faults = this.faults.filter((other) => other !== fault);
      return snapshot;
    }
    return null;
  }
}

/** Turns a glob (`*` within a segment, `**` across segments) or `/regex/flags` into a RegExp. */
export function compilePathPattern(pattern: string): RegExp {
  // A regular expression is written `/^…/flags`; the anchor keeps it apart from a glob ending in `/`.
  const regex = /^\/(\^.*)\/([imsu]*)$/.exec(pattern);
  if (regex) return new RegExp(regex[1] as string, regex[2]);
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*' && pattern[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'i');
}
