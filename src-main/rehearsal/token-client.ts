import type { RehearsalTokenIssuer, TokenRequest } from './auth';

/**
 * Asks a standalone emulator (`comanage emulator`, the URL and control token it printed) to sign
 * tokens, for a process that does not share its key (`comanage rehearse --tenant-url`).
 */
export function httpTokenIssuer(baseUrl: string, controlToken: string): RehearsalTokenIssuer {
  const url = `${baseUrl.replace(/\/+$/, '')}/_emulator/tokens`;
  return {
    issueToken: async (request: TokenRequest, signal?: AbortSignal): Promise<string> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${controlToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        ...(signal ? { signal } : {}),
      });
      const body = (await response.json().catch(() => null)) as { access_token?: unknown } | null;
      if (!response.ok || typeof body?.access_token !== 'string') {
        throw new Error(`the simulated tenant refused to issue a token (HTTP ${response.status})`);
      }
      return body.access_token;
    },
  };
}
