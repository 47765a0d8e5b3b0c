import type { ApiResource, GraphRequest, QueryValue } from './types';

/**
 * The URL of a request: `{graphBase}/{version}{path}` or `{armBase}{path}` plus the query
 * (`api-version` for ARM). An absolute URL (a nextLink) must be on the configured host, so the
 * bearer token never goes anywhere else; a relative ARM path needs an `api-version`.
 */
export function buildUrl(
  base: URL,
  resource: ApiResource,
  request: GraphRequest,
): URL | { readonly refused: 'foreign-host' | 'missing-api-version'; readonly path: string } {
  let url: URL;
  if (/^https?:\/\//i.test(request.path)) {
    url = new URL(request.path);
    if (url.origin !== base.origin) return { refused: 'foreign-host', path: url.pathname };
  } else {
    const path = request.path.startsWith('/') ? request.path : `/${request.path}`;
    const prefix = resource === 'graph' ? `/${request.version ?? 'v1.0'}` : '';
    url = new URL(`${base.toString().replace(/\/+$/, '')}${prefix}${path}`);
    if (resource === 'arm' && !request.apiVersion && !url.searchParams.has('api-version')) {
      return { refused: 'missing-api-version', path: url.pathname };
    }
  }
  const query: Record<string, QueryValue> = { ...(request.query ?? {}) };
  if (resource === 'arm' && request.apiVersion) query['api-version'] = request.apiVersion;
  const extra = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeQueryKey(key)}=${encodeURIComponent(String(value))}`);
  if (extra.length > 0) url.search = url.search ? `${url.search}&${extra.join('&')}` : `?${extra.join('&')}`;
  return url;
}

function encodeQueryKey(key: string): string {
  // OData system options keep their `$`; everything else is encoded.
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}
