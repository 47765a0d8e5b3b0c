import { AppError } from '../shared';
import type { ApiResource } from './types';

export function signInRequired(cause?: unknown): AppError {
  return new AppError('sign-in-required', 'identity.error.signInRequired', {}, { cause });
}

export function consentRequired(resource: ApiResource, scopes: readonly string[], cause?: unknown): AppError {
  return new AppError(
    'consent-required',
    'identity.error.consentRequired',
    {
      resource: resource === 'arm' ? 'Azure Resource Manager' : 'Microsoft Graph',
      scopes: scopes.join(', '),
    },
    { cause },
  );
}

export function signInCancelled(cause?: unknown): AppError {
  return new AppError('cancelled', 'identity.error.cancelled', {}, { cause });
}

/** Rejects as soon as `signal` aborts (already aborted: at once). */
export function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  if (!signal) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signInCancelled(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The caller may never await it (the race was won by the other side).
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
