import { AppError } from '../shared';
import type { RehearsalTokenIssuer, TokenRequest } from './auth';

/**
 * Asks a standalone emulator (`comanage emulator`, the URL and control token it printed) to sign
 * tokens, for a process that does not share its key (`comanage rehearse --tenant-url`). Failures
 * are AppErrors with a localized message; the control token never appears in them.
 */
export function httpTokenIssuer(baseUrl: string, controlToken: string): RehearsalTokenIssuer {
  const root = baseUrl.replace(/\/+$/, '');
  return {
    issueToken: async (request: TokenRequest, signal?: AbortSignal): Promise<string> => {
      let response: Response;
      try {
        response = await fetch(`${root}/_emulator/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${controlToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        const problem = (error as { cause?: { code?: string } }).cause?.code ?? 'network error';
        throw new AppError(
          'unavailable',
          'rehearsal.tokens.unreachable',
          { url: root, problem },
          { cause: error },
        );
      }
      const body = (await response.json().catch(() => null)) as { access_token?: unknown } | null;
      if (!response.ok || typeof body?.access_token !== 'string') {
        throw new AppError('unavailable', 'rehearsal.tokens.refused', { url: root, status: response.status });
      }
      return body.access_token;
    },
  };
}
