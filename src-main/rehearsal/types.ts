import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** Who called: decoded from the rehearsal bearer token (`rehearsal.<base64url JSON>`). */
export interface RehearsalIdentity {
  readonly tid: string;
  readonly oid: string;
  readonly upn: string;
  /** Space-separated delegated scopes, as in a real access token's `scp` claim. */
  readonly scp: string;
}

/** One request as a route handler sees it (also used for the requests inside a Graph `$batch`). */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/graph/v1.0/applications/1234`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Path parameters captured by the route pattern (`:id` → `params.id`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when empty or not JSON); see `rawBody` for bytes. */
  readonly body: unknown;
  /** The body bytes, for routes registered with `body: 'buffer'` or the default `'json'`. */
  readonly rawBody: Buffer;
  /**
   * The body as a stream, only for routes registered with `body: 'stream'` (large uploads);
   * the connection-cut fault still counts bytes on it.
   */
  readonly bodyStream: Readable | null;
  /** Set for /graph and /arm routes once the token has been checked. */
  readonly identity: RehearsalIdentity | null;
  readonly requestId: string;
  readonly clientRequestId: string;
  /** Milliseconds an object created by this request stays invisible (replication-delay fault). */
  readonly replicationDelayMs: number;
  /** Absolute base URL of the emulator (`http://127.0.0.1:port`), for links such as `@odata.nextLink`. */
  readonly baseUrl: string;
}

/** What a handler returns; the pipeline serialises it (JSON for plain values, bytes for Buffer). */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface RouteOptions {
  /** How the body is read: parsed JSON (default), raw bytes, or a stream handed to the handler. */
  readonly body?: 'json' | 'buffer' | 'stream';
}

export type RawHeaders = IncomingHttpHeaders;
