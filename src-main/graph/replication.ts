import type { GraphClient } from './client';
import { GraphError } from './errors';
import { cancelledError } from './transport';
import type { GraphRequest } from './types';

export interface ReplicationOptions extends Omit<GraphRequest, 'path' | 'method' | 'body'> {
  /** Reads in a row that must find the object (default 2: one replica may answer before the others). */
  readonly consecutiveSuccesses?: number;
  /** Give up after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Pause between reads (default 2 s). */
  readonly intervalMs?: number;
}

/**
 * Entra ID replicates a new object to its replicas over seconds to minutes: a read right after
 * the create can answer 404, and a later read can still hit a replica that has not caught up.
 * This polls `path` until `consecutiveSuccesses` reads in a row find it. Only 404 counts as "not
 * yet"; other failures are thrown. Bounded by `timeoutMs` (time spent, waits included) and by
 * the number of polls that fit in it, so it ends even with a clock that does not move.
 */
export async function waitForReplication<T>(
  client: GraphClient,
  path: string,
  options: ReplicationOptions,
): Promise<T> {
  const { consecutiveSuccesses = 2, timeoutMs = 60_000, intervalMs = 2_000, ...request } = options;
  const needed = Math.max(1, Math.floor(consecutiveSuccesses));
  const interval = Math.max(1, intervalMs);
  const maxPolls = Math.ceil(timeoutMs / interval) + needed;
  const started = client.now();
  let waited = 0;
  let inARow = 0;
  let polls = 0;
  let last: { requestId: string | null; clientRequestId: string } = { requestId: null, clientRequestId: '' };
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    polls = poll;
    try {
      const response = await client.get<T>(path, request);
      inARow += 1;
      last = response;
      if (inARow >= needed) return response.body;
    } catch (error) {
      if (!(error instanceof GraphError) || !error.isNotFound) throw error;
      inARow = 0;
      last = error;
    }
    if (Math.max(client.now() - started, waited) + interval > timeoutMs) break;
    try {
      await client.sleep(interval, request.signal);
    } catch (error) {
      throw cancelledError(
        {
          resource: request.resource ?? 'graph',
          method: 'GET',
          path,
          requestId: last.requestId,
          clientRequestId: last.clientRequestId,
          attempts: poll,
        },
        error,
      );
    }
    waited += interval;
  }
  throw new GraphError({
    kind: 'replication',
    resource: request.resource ?? 'graph',
    method: 'GET',
    path,
    status: 404,
    remoteCode: 'Request_ResourceNotFound',
    remoteMessage: null,
    requestId: last.requestId,
    clientRequestId: last.clientRequestId,
    attempts: polls,
  });
}
