import { request as httpRequest } from 'node:http';

import type { EmulatorResponse, Router } from '..';
import { DEV_ACCOUNT_NAME } from './azurite';

const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'expect',
  'proxy-authorization',
]);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/**
 * Serves `/devstoreaccount1/**` on the emulator's own port by passing each request through to
 * Azurite. The SAS URLs handed out point here, so the emulator's fault controller applies to
 * blob traffic too: `{ kind: 'cut', method: 'PUT', path: '/devstoreaccount1/**', afterBytes }`
 * cuts a Put Block mid-body (Azurite then never stages that block), `timeout`, `latency` and
 * the status faults work as on Graph routes (status faults answer in Graph's JSON shape, not
 * Storage's XML). Azurite checks the SAS itself; the path reaches it unchanged.
 */
export function registerBlobProxy(router: Router, azuriteEndpoint: string): void {
  const target = new URL(azuriteEndpoint);
  router.add(
    '*',
    `/${DEV_ACCOUNT_NAME}/*`,
    (request) =>
      new Promise<EmulatorResponse>((resolvePromise) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (!DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
        }
        const query = request.query.toString();
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: Number(target.port),
            method: request.method,
            path: `${request.path}${query ? `?${query}` : ''}`,
            headers,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', () => resolvePromise({ status: 502 }));
            response.on('end', () => {
              const out: Record<string, string> = {};
              for (const [name, value] of Object.entries(response.headers)) {
                if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
                if (name === 'content-length' && request.method !== 'HEAD') continue;
                out[name] = Array.isArray(value) ? value.join(', ') : value;
              }
              resolvePromise({
                status: response.statusCode ?? 502,
                headers: out,
                body: request.method === 'HEAD' ? undefined : Buffer.concat(chunks),
              });
            });
          },
        );
        // A cut or aborted client body must not become a staged block: abort the upstream request.
        upstream.on('error', () => resolvePromise({ status: 502 }));
        const body = request.bodyStream;
        if (!body) {
          upstream.end();
          return;
        }
        body.on('error', () => upstream.destroy());
        body.pipe(upstream);
      }),
    { body: 'stream' },
  );
}
