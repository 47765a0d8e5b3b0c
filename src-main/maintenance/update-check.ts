import { fetch as undiciFetch } from 'undici';
import { z } from 'zod';

import { createProxyDispatcher } from '../graph';

/**
 * The optional update check: it only tells. An organisation points `COMANAGE_UPDATE_URL` at a
 * small JSON file it publishes (`{"version": "1.2.0", "url": "https://…"}`); nothing is
 * downloaded or installed, because admins roll out new versions themselves.
 */
export const UPDATE_URL_VARIABLE = 'COMANAGE_UPDATE_URL';
const MAX_ANSWER_BYTES = 64 * 1024;
const TIMEOUT_MS = 10_000;

const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;
const UpdateAnswerSchema = z.object({
  version: z.string().regex(VERSION),
  url: z
    .string()
    .url()
    .refine((value) => value.startsWith('https://'), 'https only'),
});

export type UpdateCheckResult =
  | { readonly status: 'not-configured' }
  | { readonly status: 'up-to-date'; readonly latest: string }
  | { readonly status: 'available'; readonly latest: string; readonly url: string }
  | { readonly status: 'failed'; readonly reason: 'unreachable' | 'invalid-answer' | 'invalid-url' };

/** -1, 0 or 1 as a < b, a = b, a > b, for plain `major.minor.patch` versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < 3; index += 1) {
    const diff = (pa[index] ?? 0) - (pb[index] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

/** https anywhere, or http on loopback (a local mirror, the tests). */
function allowedUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback) ? url : null;
  } catch {
    return null;
  }
}

/** The part of `fetch` the check uses. */
export type FetchText = (
  url: URL,
  init: { signal: AbortSignal },
) => Promise<{ ok: boolean; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface UpdateCheckOptions {
  readonly url: string | undefined;
  readonly currentVersion: string;
  /** Default: undici's fetch through HTTPS_PROXY/NO_PROXY, like every other request of the app. */
  readonly fetch?: FetchText;
  readonly signal?: AbortSignal;
}

const proxiedFetch: FetchText = (url, init) => {
  const dispatcher = createProxyDispatcher();
  return undiciFetch(url, { ...init, redirect: 'error', ...(dispatcher ? { dispatcher } : {}) });
};

export async function checkForUpdate(options: UpdateCheckOptions): Promise<UpdateCheckResult> {
  const text = options.url?.trim();
  if (!text) return { status: 'not-configured' };
  const url = allowedUrl(text);
  if (!url) return { status: 'failed', reason: 'invalid-url' };
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)])
    : AbortSignal.timeout(TIMEOUT_MS);
  let body: string;
  try {
    const response = await (options.fetch ?? proxiedFetch)(url, { signal });
    if (!response.ok) return { status: 'failed', reason: 'unreachable' };
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_ANSWER_BYTES) return { status: 'failed', reason: 'invalid-answer' };
    body = await response.text();
  } catch {
    return { status: 'failed', reason: 'unreachable' };
  }
  if (body.length > MAX_ANSWER_BYTES) return { status: 'failed', reason: 'invalid-answer' };
  let answer: z.output<typeof UpdateAnswerSchema>;
  try {
    answer = UpdateAnswerSchema.parse(JSON.parse(body));
  } catch {
    return { status: 'failed', reason: 'invalid-answer' };
  }
  return compareVersions(answer.version, options.currentVersion) > 0
    ? { status: 'available', latest: answer.version, url: answer.url }
    : { status: 'up-to-date', latest: answer.version };
}
