import { PERMISSIONS } from './permissions';
import type { RouteHandler, RouteOptions, RoutePermissions } from './types';

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
  readonly options: RouteOptions;
}

export interface RouteMatch {
  readonly handler: RouteHandler;
  readonly params: Record<string, string>;
  readonly options: RouteOptions;
}

/** The Graph API versions the emulator serves; both share the same routes. */
export const GRAPH_VERSIONS = ['v1.0', 'beta'] as const;

/**
 * A small method + path router. Patterns are `/`-separated; `:name` captures one segment,
 * a trailing `*` captures the rest. Literal segments match case-insensitively, as Graph and
 * ARM do (`resourceGroups` = `resourcegroups`).
 */
export class Router {
  private readonly routes: Route[] = [];

  /** Registers a route on an absolute emulator path such as `/arm/subscriptions/:sub`. */
  add(method: string, pattern: string, handler: RouteHandler, options: RouteOptions = {}): void {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler, options });
  }

  /**
   * Registers a Graph route under `/graph/v1.0` and `/graph/beta`; `params.version` tells which.
   * `permissions` is what Graph documents for the call (see `PERMISSIONS`).
   */
  graph(
    method: string,
    pattern: string,
    permissions: RoutePermissions,
    handler: RouteHandler,
    options: Omit<RouteOptions, 'permissions' | 'apiVersions'> = {},
  ): void {
    this.add(method, `/graph/:version${pattern.startsWith('/') ? '' : '/'}${pattern}`, handler, {
      ...options,
      permissions,
    });
  }

  /**
   * Registers an ARM route under `/arm`, with the `api-version` values it accepts; the token
   * needs ARM's `user_impersonation` unless `permissions` says otherwise.
   */
  arm(
    method: string,
    pattern: string,
    spec: { readonly apiVersions: readonly string[]; readonly permissions?: RoutePermissions },
    handler: RouteHandler,
    options: Omit<RouteOptions, 'permissions' | 'apiVersions'> = {},
  ): void {
    if (spec.apiVersions.length === 0) throw new Error(`ARM route ${pattern} accepts no api-version`);
    this.add(method, `/arm${pattern.startsWith('/') ? '' : '/'}${pattern}`, handler, {
      ...options,
      permissions: spec.permissions ?? PERMISSIONS.armUserImpersonation,
      apiVersions: spec.apiVersions,
    });
  }

  /** Finds the route for a request; `methodAllowed` is false when only the method differs (→ 405). */
  match(method: string, path: string): { route: RouteMatch | null; pathKnown: boolean } {
    const segments = split(path);
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (params['version'] !== undefined && route.segments[1] === ':version') {
        if (!(GRAPH_VERSIONS as readonly string[]).includes(params['version'])) continue;
      }
      pathKnown = true;
      if (route.method === method.toUpperCase() || route.method === '*') {
        return { route: { handler: route.handler, params, options: route.options }, pathKnown };
      }
    }
    return { route: null, pathKnown };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] as string;
    if (expected === '*') {
      params['*'] = actual
        .slice(index)
        .map((part) => decodeSegment(part) ?? part)
        .join('/');
      return params;
    }
    const segment = actual[index];
    if (segment === undefined) return null;
    if (expected.startsWith(':')) {
      const decoded = decodeSegment(segment);
      if (decoded === null) return null;
      params[expected.slice(1)] = decoded;
    } else if (expected.toLowerCase() !== segment.toLowerCase()) {
      return null;
    }
  }
  return pattern.length === actual.length ? params : null;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
