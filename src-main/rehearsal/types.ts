import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** The API a token is for (its `aud` claim). */
export type TokenAudience = 'graph' | 'arm';

/** Who called: the claims of the signed rehearsal bearer token. */
export interface RehearsalIdentity {
  readonly tid: string;
  readonly oid: string;
  readonly upn: string;
  readonly aud: string;
  /** Space-separated delegated permissions, as in a real access token's `scp` claim. */
  readonly scp: string;
  /** Application permissions of an app-only token (`roles` claim). */
  readonly roles: readonly string[];
}

/**
 * What a Graph or ARM route requires of the token, as the real service documents it: any one
 * entry of `delegated` in `scp`, or any one entry of `application` in `roles`; an entry that is an
 * array needs all its permissions ("AppRoleAssignment.ReadWrite.All and Application.Read.All").
 * An empty requirement (`$batch`) only needs a valid token.
 */
export interface RoutePermissions {
  readonly delegated: ReadonlyArray<string | readonly string[]>;
  readonly application: ReadonlyArray<string | readonly string[]>;
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
  /**
   * The permissions the route needs (set by `router.graph` and `router.arm`, which require it).
   * A `/graph` or `/arm` route without one is refused: new routes must declare theirs.
   */
  readonly permissions?: RoutePermissions;
  /** ARM only: the `api-version` values the route accepts (the ones the product sends). */
  readonly apiVersions?: readonly string[];
}

export type RawHeaders = IncomingHttpHeaders;
