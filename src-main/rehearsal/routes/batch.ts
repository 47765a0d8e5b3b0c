import { randomUUID } from 'node:crypto';

import type { EmulatorContext } from '../context';
import { PERMISSIONS } from '../permissions';
import type { Router } from '../router';
import type { EmulatorRequest, EmulatorResponse } from '../types';
import { objectBody } from './graph-common';

export const MAX_BATCH_REQUESTS = 20;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

interface BatchItem {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

/**
 * `POST /$batch`: up to 20 requests, each dispatched through the same routes (and status faults)
 * as a direct call; `dependsOn` runs after the named requests and fails with 424 when one failed.
 */
export function registerBatchRoute(
  router: Router,
  ctx: EmulatorContext,
  dispatch: (request: EmulatorRequest) => Promise<EmulatorResponse>,
): void {
  router.graph('POST', '/$batch', PERMISSIONS.tokenOnly, async (request) => {
    const parsed = parseBatch(objectBody(request));
    if (typeof parsed === 'string') return ctx.errors.graph(request, 400, 'BadRequest', parsed);
    const version = request.params['version'] ?? 'v1.0';
    const results = new Map<string, EmulatorResponse>();
    const responses: Array<Record<string, unknown>> = [];
    for (const item of parsed) {
      const failedDependency = item.dependsOn.find((id) => (results.get(id)?.status ?? 0) >= 400);
      let response: EmulatorResponse;
      if (failedDependency !== undefined) {
        response = ctx.errors.graph(
          request,
          424,
          'FailedDependency',
          `Request ${failedDependency}, on which this request depends, failed.`,
        );
      } else {
        const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'http://batch.invalid');
        const headers: Record<string, string> = { ...item.headers };
        if (request.headers['authorization']) headers['authorization'] = request.headers['authorization'];
        response = await dispatch({
          method: item.method,
          path: `/graph/${version}${url.pathname}`,
          query: url.searchParams,
          headers,
          params: {},
          body: item.body,
          rawBody: Buffer.from(item.body === undefined ? '' : JSON.stringify(item.body)),
          bodyStream: null,
          identity: null,
          requestId: randomUUID(),
          clientRequestId: headers['client-request-id'] ?? request.clientRequestId,
          replicationDelayMs: 0,
          baseUrl: request.baseUrl,
        });
      }
      results.set(item.id, response);
      const entry: Record<string, unknown> = {
        id: item.id,
        status: response.status,
        headers: { ...(response.headers ?? {}) },
      };
      if (response.body !== undefined && response.status !== 204) {
        (entry['headers'] as Record<string, string>)['Content-Type'] = 'application/json';
        entry['body'] = Buffer.isBuffer(response.body) ? response.body.toString('base64') : response.body;
      }
      responses.push(entry);
    }
    return { status: 200, body: { responses } };
  });
}

function parseBatch(body: Record<string, unknown> | null): BatchItem[] | string {
  const requests = body?.['requests'];
  if (!Array.isArray(requests) || requests.length === 0)
    return 'Invalid batch payload format: a non-empty requests array is required.';
  if (requests.length > MAX_BATCH_REQUESTS)
    return `Number of batch requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`;
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  for (const raw of requests as unknown[]) {
    if (typeof raw !== 'object' || raw === null) return 'Invalid batch payload format.';
    const entry = raw as Record<string, unknown>;
    const id = entry['id'];
    if (typeof id !== 'string' || id.length === 0)
      return 'Invalid batch payload format: every request needs an id.';
    if (seen.has(id)) return `Batch request id '${id}' is used more than once.`;
    const method = typeof entry['method'] === 'string' ? entry['method'].toUpperCase() : '';
    if (!METHODS.includes(method)) return `Invalid method in batch request ${id}.`;
    const url = entry['url'];
    if (typeof url !== 'string' || url.length === 0 || /^[a-z]+:/i.test(url) || url.includes('$batch')) {
      return `Invalid relative url in batch request ${id}.`;
    }
    const headers: Record<string, string> = {};
    if (entry['headers'] !== undefined) {
      if (typeof entry['headers'] !== 'object' || entry['headers'] === null)
        return `Invalid headers in batch request ${id}.`;
      for (const [name, value] of Object.entries(entry['headers'] as Record<string, unknown>)) {
        if (typeof value !== 'string') return `Invalid headers in batch request ${id}.`;
        headers[name.toLowerCase()] = value;
      }
    }
    if (entry['body'] !== undefined && !headers['content-type']) {
      return `Write request id : ${id} does not contain Content-Type header or body.`;
    }
    const dependsOn = entry['dependsOn'] ?? [];
    if (
      !Array.isArray(dependsOn) ||
      dependsOn.some((other) => typeof other !== 'string' || !seen.has(other))
    ) {
      return `Request ${id} depends on a request that is not earlier in the batch.`;
    }
    seen.add(id);
    items.push({ id, method, url, headers, body: entry['body'], dependsOn: dependsOn as string[] });
  }
  return items;
}
