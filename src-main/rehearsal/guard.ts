import { timingSafeEqual } from 'node:crypto';

import type { EmulatorResponse } from './types';

/** Fetch-metadata values a browser sends for a request a page of another origin made. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/**
 * What every emulator request must pass before anything else, as the web host does: the Host is
 * this listener (`127.0.0.1:PORT` or `localhost:PORT`: a DNS-rebound name is refused), there is
 * no foreign `Origin`, and the browser does not say another site sent it. Real clients (the
 * Graph client, the Azure SDK, curl) send none of these headers, so they pass unchanged.
 */
export function refuseForeignRequest(
  headers: Readonly<Record<string, string>>,
  port: number,
  extraHostNames: readonly string[] = [],
): EmulatorResponse | null {
  const allowed = ['127.0.0.1', 'localhost', ...extraHostNames].map(
    (name) => `${name.toLowerCase()}:${port}`,
  );
  const host = (headers['host'] ?? '').toLowerCase();
  if (!allowed.includes(host)) return forbidden('The Host header does not name this emulator.');
  const origin = headers['origin'];
  if (origin !== undefined && !allowed.map((name) => `http://${name}`).includes(origin.toLowerCase())) {
    return forbidden('Requests from another origin are refused.');
  }
  const site = (headers['sec-fetch-site'] ?? '').toLowerCase();
  if (FOREIGN_FETCH_SITES.has(site)) return forbidden('Requests sent by another site are refused.');
  return null;
}

/**
 * The control routes (`/_emulator/*`) take the run's control token as `Authorization: Bearer`,
 * compared in constant time.
 */
export function refuseWithoutControlToken(
  header: string | undefined,
  controlToken: string,
): EmulatorResponse | null {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec((header ?? '').trim())?.[1] ?? '', 'utf8');
  const expected = Buffer.from(controlToken, 'utf8');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  return {
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer realm="rehearsal-emulator-control"' },
    body: {
      error: {
        code: 'Unauthorized',
        message:
          "The emulator's control routes need its control token (Authorization: Bearer <token>), printed at start as 'control-token: …'.",
      },
    },
  };
}

function forbidden(message: string): EmulatorResponse {
  return { status: 403, body: { error: { code: 'Forbidden', message } } };
}
