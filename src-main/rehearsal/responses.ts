import type { EmulatorRequest, EmulatorResponse } from './types';

/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function graphError(
  request: Pick<EmulatorRequest, 'requestId' | 'clientRequestId'>,
  status: number,
  code: string,
  message: string,
  now: Date,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          'request-id': request.requestId,
          'client-request-id': request.clientRequestId,
        },
      },
    },
  };
}

/** ARM's error body: `{ error: { code, message } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers, body: { error: { code, message } } };
}

/** The Graph message for an object that does not exist (or is not replicated yet). */
export function notFoundMessage(id: string): string {
  return `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
}

export function ok(body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status: 200, headers, body };
}

export function created(body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status: 201, headers, body };
}

export const NO_CONTENT: EmulatorResponse = { status: 204 };
