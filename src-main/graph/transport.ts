import { GraphError, type GraphErrorDetails } from './errors';

// One HTTP attempt: per-attempt timeout joined with the caller's signal, body read, and the
// classification of what came back (answer, network error, timeout, cancel).

export type AttemptOutcome =
  | {
      readonly type: 'response';
      readonly status: number;
      readonly headers: Headers;
      readonly body: unknown;
      readonly text: string;
    }
  | {
      readonly type: 'network';
      readonly code: string | null;
      readonly message: string;
      readonly cause: unknown;
    }
  | { readonly type: 'timeout' }
  | { readonly type: 'cancelled' };

/** Runs `exchange` with a signal that fires on the caller's abort or after `timeoutMs`. */
export async function runAttempt(
  exchange: (signal: AbortSignal) => Promise<Response>,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('attempt timed out'));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await exchange(controller.signal);
    const text = await response.text();
    return {
      type: 'response',
      status: response.status,
      headers: response.headers,
      text,
      body: parseBody(text, response.headers),
    };
  } catch (error) {
    if (callerSignal?.aborted) return { type: 'cancelled' };
    if (timedOut) return { type: 'timeout' };
    return { type: 'network', code: networkCode(error), message: errorMessage(error), cause: error };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onAbort);
  }
}

function parseBody(text: string, headers: Headers): unknown {
  if (text === '') return undefined;
  const type = headers.get('content-type') ?? '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The socket-level code (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET…) from fetch's error chain. */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function errorMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ');
}

/** Graph `{error:{code,message}}` and ARM `{error:{code,message}}` (also ARM's bare `{code,message}`). */
export function remoteErrorOf(body: unknown): { code: string | null; message: string | null } {
  if (body === null || typeof body !== 'object') return { code: null, message: null };
  const envelope = (body as { error?: unknown }).error;
  const source = (envelope !== null && typeof envelope === 'object' ? envelope : body) as Record<
    string,
    unknown
  >;
  return {
    code: typeof source['code'] === 'string' ? source['code'] : null,
    message: typeof source['message'] === 'string' ? source['message'] : null,
  };
}

export function cancelledError(
  base: Omit<GraphErrorDetails, 'kind' | 'status' | 'remoteCode' | 'remoteMessage'>,
  cause?: unknown,
): GraphError {
  return new GraphError(
    { ...base, kind: 'cancelled', status: null, remoteCode: null, remoteMessage: null },
    cause === undefined ? undefined : { cause },
  );
}
