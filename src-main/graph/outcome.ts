import { GraphError, type GraphErrorDetails } from './errors';
import { redactBody, redactUrl, type RequestLogEntry } from './request-log';
import { type AttemptOutcome, cancelledError, remoteErrorOf } from './transport';

// What one attempt's outcome means: retryable failure, the final typed error, the log line.

export type Base = Omit<GraphErrorDetails, 'kind' | 'status' | 'remoteCode' | 'remoteMessage' | 'attempts'>;

export type Failure = { status: number } | { networkCode: string | null; timedOut: boolean };

export function failureOf(outcome: AttemptOutcome): Failure | null {
  if (outcome.type === 'response')
    return outcome.status >= 200 && outcome.status < 300 ? null : { status: outcome.status };
  if (outcome.type === 'network') return { networkCode: outcome.code, timedOut: false };
  if (outcome.type === 'timeout') return { networkCode: null, timedOut: true };
  return null;
}

/** Graph answers with `request-id`, ARM with `x-ms-request-id`. */
export function responseRequestId(headers: Headers): string | null {
  return headers.get('request-id') ?? headers.get('x-ms-request-id');
}

/** The error thrown when a call ends without success (retries exhausted or not allowed). */
export function finalError(
  outcome: AttemptOutcome,
  base: Base,
  attempts: number,
  wasRetryable: boolean,
): GraphError {
  const none = { status: null, remoteCode: null, remoteMessage: null, attempts };
  switch (outcome.type) {
    case 'timeout':
      return new GraphError({ ...base, ...none, kind: 'timeout' });
    case 'network':
      return new GraphError(
        { ...base, ...none, kind: 'network', remoteCode: outcome.code, remoteMessage: outcome.message },
        { cause: outcome.cause },
      );
    case 'response': {
      const remote = remoteErrorOf(outcome.body);
      return new GraphError({
        ...base,
        kind: wasRetryable ? 'throttled' : 'http',
        status: outcome.status,
        remoteCode: remote.code,
        remoteMessage: remote.message,
        attempts,
      });
    }
    case 'cancelled':
      return cancelledError({ ...base, attempts });
  }
}

export interface AttemptRecord {
  readonly attemptStartedAt: string;
  readonly attemptStart: number;
  readonly endedAt: number;
  readonly method: string;
  readonly url: URL;
  readonly outcome: AttemptOutcome;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly attempt: number;
  /** Already redacted. */
  readonly loggedBody: unknown;
  readonly retryIn: number | null;
}

/** The redacted request-log line for one attempt: no headers, no response body, masked URL. */
export function logEntryFor(record: AttemptRecord): RequestLogEntry {
  const { outcome } = record;
  let error: { code: string | null; message: string | null } | undefined;
  if (outcome.type === 'response' && outcome.status >= 400) {
    const remote = remoteErrorOf(outcome.body);
    error = {
      code: remote.code,
      message: remote.message === null ? null : String(redactBody(remote.message)),
    };
  } else if (outcome.type === 'network') {
    error = { code: outcome.code, message: String(redactBody(outcome.message)) };
  } else if (outcome.type === 'timeout' || outcome.type === 'cancelled') {
    error = { code: outcome.type, message: null };
  }
  return {
    time: record.attemptStartedAt,
    method: record.method,
    url: redactUrl(record.url.toString()),
    status: outcome.type === 'response' ? outcome.status : null,
    durationMs: Math.max(0, Math.round(record.endedAt - record.attemptStart)),
    requestId: record.requestId,
    clientRequestId: record.clientRequestId,
    attempt: record.attempt,
    ...(record.loggedBody === undefined ? {} : { body: record.loggedBody }),
    ...(error ? { error } : {}),
    ...(record.retryIn === null ? {} : { retryInMs: record.retryIn }),
  };
}
