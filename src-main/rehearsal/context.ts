import type { Logger } from '../shared';
import type { FaultController } from './faults';
import type { Router } from './router';
import type { EmulatorStore } from './store';
import type { EmulatorRequest, EmulatorResponse } from './types';

/** Helpers that build Graph's and ARM's error bodies with the request's ids. */
export interface ErrorHelpers {
  graph(
    request: EmulatorRequest,
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): EmulatorResponse;
  /** 404 `Request_ResourceNotFound` for an id (also what a not-yet-replicated object answers). */
  notFound(request: EmulatorRequest, id: string): EmulatorResponse;
  /** 400 `Request_BadRequest`. */
  badRequest(request: EmulatorRequest, message: string): EmulatorResponse;
  /** 403 `Authorization_RequestDenied` ("Insufficient privileges…"). */
  forbidden(request: EmulatorRequest): EmulatorResponse;
  arm(status: number, code: string, message: string): EmulatorResponse;
}

/** OData helpers so extension routes answer with the same envelope as the built-in ones. */
export interface ODataHelpers {
  /** `<graphBase>/<version>/$metadata#<fragment>` for the request's API version. */
  context(request: EmulatorRequest, fragment: string): string;
  /**
   * A collection page: applies `$top` (1–999, default 100) and `$skiptoken`, adds
   * `@odata.context`, `@odata.nextLink` when more remain and `@odata.count` when `$count=true`.
   * Returns a 400 response for an invalid `$top`/`$skiptoken`.
   */
  page(request: EmulatorRequest, items: readonly object[], fragment: string): EmulatorResponse;
  /** Applies `$select` (comma-separated property names) to one object. */
  select<T extends object>(request: EmulatorRequest, item: T): Partial<T>;
}

/**
 * What a route registrar receives. Everything a route needs to behave like the built-in ones:
 * the persisted store, ids, the clock (injectable in tests), error/OData helpers, faults.
 */
export interface EmulatorContext {
  /** Generic persisted collections: `ctx.store.collection<MobileApp>('mobileApps')`. */
  readonly store: EmulatorStore;
  readonly faults: FaultController;
  /** A new lower-case GUID, as Graph uses for object ids. */
  newId(): string;
  now(): Date;
  /** The simulated tenant's id (the `tid` every token must carry). */
  readonly tenantId: string;
  readonly errors: ErrorHelpers;
  /**
   * Whether the caller holds one of these directory roles (role template ids), for the calls
   * where Graph checks the signed-in user's role on top of the token's permissions.
   */
  holdsDirectoryRole(request: EmulatorRequest, roleTemplateIds: readonly string[]): boolean;
  readonly odata: ODataHelpers;
  readonly logger: Logger;
  /** Called after `POST /_emulator/reset` reseeded the store (drop any state kept outside it). */
  onReset(listener: () => void | Promise<void>): void;
  /** Called when the emulator closes, before the store is flushed. */
  onClose(listener: () => void | Promise<void>): void;
}

/** The extension point: `emulator.registerRoutes((router, ctx) => { router.graph('GET', '/x', …) })`. */
export type RouteRegistrar = (router: Router, ctx: EmulatorContext) => void;
