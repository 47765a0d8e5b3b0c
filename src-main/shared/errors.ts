/**
 * Errors that cross a boundary (IPC, web host, CLI) carry a stable code and a message key,
 * never a stack, a path, a token or a tenant id. The key is resolved against the shared
 * message catalogues in the caller's language.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  /** Nobody is signed in, or the session ended: sign in again. */
  | 'sign-in-required'
  /** Signed in, but the permissions this step needs were never consented. */
  | 'consent-required'
  | 'forbidden'
  | 'unavailable'
  | 'cancelled'
  /** The world moved since the plan was made: review the new plan before applying. */
  | 'plan-stale'
  | 'keychain-unavailable'
  | 'state-corrupt'
  | 'remote-error'
  | 'internal';

export type MessageParams = Readonly<Record<string, string | number>>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params: MessageParams;

  constructor(
    code: ErrorCode,
    messageKey: string,
    params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(messageKey, options);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
