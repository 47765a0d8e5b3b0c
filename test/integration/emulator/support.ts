import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'vitest';

import { GRAPH_SCOPES, shortScope } from '/@/src-main/identity';
import {
  ADMIN_UPN,
  ADMIN_USER_ID,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '/@/src-main/rehearsal';

/** Every delegated Graph permission the product asks for (`GRAPH_SCOPES`), as the admin's token carries them. */
export const ALL_GRAPH_SCOPES: readonly string[] = Object.values(GRAPH_SCOPES).map(shortScope);

/** Emulators started by these helpers, by origin, so `call` can sign its tokens with the right key. */
const running = new Map<string, Emulator>();

/** `startEmulator` for tests: `call` then finds it by URL for tokens and the control token. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.set(new URL(emulator.baseUrl).origin, emulator);
  return emulator;
}

/** The admin's token for Graph (every product scope) or ARM (`user_impersonation`). */
export function adminToken(emulator: Emulator, audience: 'graph' | 'arm' = 'graph'): Promise<string> {
  return emulator.issueToken({
    audience,
    oid: ADMIN_USER_ID,
    upn: ADMIN_UPN,
    scopes: audience === 'arm' ? ['user_impersonation'] : ALL_GRAPH_SCOPES,
  });
}

/**
 * What `call` sends when no token is given: the control token on `/_emulator/*`, the admin's
 * ARM token on `/arm/*`, the admin's Graph token elsewhere (signed by the emulator at that URL).
 */
async function defaultAuthorization(url: string): Promise<string | null> {
  const parsed = new URL(url);
  const emulator = running.get(parsed.origin);
  if (!emulator) return null;
  if (parsed.pathname.startsWith('/_emulator')) return emulator.controlToken;
  return adminToken(emulator, parsed.pathname.startsWith('/arm') ? 'arm' : 'graph');
}

export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the emulator over real HTTP; JSON bodies in and out. */
export async function call<T = Record<string, unknown>>(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    token?: string | null;
    signal?: AbortSignal;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const token = init.token === undefined ? await defaultAuthorization(url) : init.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined
      ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
      : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

/** A temp data folder removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'comanage-emulator-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock tests move by hand, so replication delays and provider registration need no sleeping. */
export function manualClock(start = new Date('2026-11-23T08:00:00.000Z')): {
  now: () => Date;
  advance: (ms: number) => void;
} {
  let current = start.getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

export async function withEmulator<T>(
  options: EmulatorOptions,
  body: (emulator: Emulator) => Promise<T>,
): Promise<T> {
  const emulator = await startTestEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** Graph's error envelope: code, message and innerError with the request ids. */
export function expectGraphError(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  const error = (reply.body as { error: Record<string, unknown> }).error;
  expect(error['code']).toBe(code);
  expect(typeof error['message']).toBe('string');
  const inner = error['innerError'] as Record<string, unknown>;
  expect(inner['date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(inner['request-id']).toBe(reply.headers.get('request-id'));
  expect(inner['client-request-id']).toBe(reply.headers.get('client-request-id'));
}

export function expectArmError(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  const error = (reply.body as { error: Record<string, unknown> }).error;
  expect(error['code']).toBe(code);
  expect(typeof error['message']).toBe('string');
}

/**
 * Asserts the object carries these fields; the type parameter (a type from
 * `@microsoft/microsoft-graph-types`) makes tsc reject a field name Graph does not have.
 */
export function expectGraphFields<T>(value: unknown, fields: ReadonlyArray<keyof T & string>): void {
  expect(value).toBeTypeOf('object');
  for (const field of fields) expect(value, `missing ${field}`).toHaveProperty(field);
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
