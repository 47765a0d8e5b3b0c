import type { EmulatorRequest, EmulatorResponse } from './types';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;

export function graphVersion(request: EmulatorRequest): string {
  return request.params['version'] ?? 'v1.0';
}

export function odataContext(request: EmulatorRequest, fragment: string): string {
  return `${request.baseUrl}/graph/${graphVersion(request)}/$metadata#${fragment}`;
}

export type PageResult =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

/** Cuts one page out of `items` following `$top` / `$skiptoken`, with Graph's envelope. */
export function pageOf(request: EmulatorRequest, items: readonly object[], fragment: string): PageResult {
  const topText = request.query.get('$top');
  let top = DEFAULT_PAGE_SIZE;
  if (topText !== null) {
    top = Number(topText);
    if (!/^\d+$/.test(topText) || top < 1 || top > MAX_PAGE_SIZE) {
      return {
        ok: false,
        message: `Invalid page size specified: '${topText}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
      };
    }
  }
  const skipToken = request.query.get('$skiptoken');
  let offset = 0;
  if (skipToken !== null) {
    const decoded = decodeSkipToken(skipToken);
    if (decoded === null) return { ok: false, message: 'Invalid $skiptoken.' };
    offset = decoded;
  }
  const selected = items.slice(offset, offset + top).map((item) => selectProperties(request, item));
  const body: Record<string, unknown> = { '@odata.context': odataContext(request, fragment) };
  if (request.query.get('$count') === 'true') body['@odata.count'] = items.length;
  if (offset + top < items.length) {
    const next = new URLSearchParams(request.query);
    next.set('$skiptoken', encodeSkipToken(offset + top));
    next.delete('$skip');
    body['@odata.nextLink'] = `${request.baseUrl}${request.path}?${next.toString()}`;
  }
  body['value'] = selected;
  return { ok: true, body };
}

export function pageResponse(
  request: EmulatorRequest,
  items: readonly object[],
  fragment: string,
  onError: (message: string) => EmulatorResponse,
): EmulatorResponse {
  const result = pageOf(request, items, fragment);
  return result.ok ? { status: 200, body: result.body } : onError(result.message);
}

/** Keeps only the `$select`ed properties (plus `@odata.type` when present), like Graph. */
export function selectProperties<T extends object>(request: EmulatorRequest, item: T): Partial<T> {
  const select = request.query.get('$select');
  if (!select) return item;
  const wanted = new Set(
    select
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name.length > 0),
  );
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (wanted.has(key.toLowerCase()) || key === '@odata.type') out[key] = value;
  }
  return out as Partial<T>;
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(`RFNwdAIAAQAAA:${offset}`, 'utf8').toString('base64url');
}

function decodeSkipToken(token: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return null;
  const match = /^RFNwdAIAAQAAA:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
