import type { EmulatorContext } from '../context';
import { compileFilter, FilterError } from '../filter';
import type { EmulatorRequest, EmulatorResponse } from '../types';

export type Row = { id: string } & Record<string, unknown>;

/** Graph's date format for `createdDateTime` and friends (no milliseconds). */
export function graphDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Applies `$filter` (over `properties`), optional `$search` and paging to a list, with Graph's errors. */
export function listResponse(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  items: readonly Row[],
  properties: readonly string[],
  fragment: string,
  project: (item: Row) => object = (item) => item,
): EmulatorResponse {
  let selected = items;
  const filter = request.query.get('$filter');
  if (filter !== null) {
    try {
      const predicate = compileFilter(filter, properties);
      selected = selected.filter((item) => predicate(item));
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      return error.kind === 'unsupported'
        ? ctx.errors.graph(request, 400, 'Request_UnsupportedQuery', error.message)
        : ctx.errors.graph(request, 400, 'BadRequest', error.message);
    }
  }
  if (request.query.get('$count') === 'true' && !isEventual(request)) {
    return ctx.errors.graph(
      request,
      400,
      'Request_BadRequest',
      "$count is only supported with the 'ConsistencyLevel: eventual' request header.",
    );
  }
  return ctx.odata.page(request, selected.map(project), fragment);
}

export function isEventual(request: EmulatorRequest): boolean {
  return (request.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
}

/** A JSON object body, or null when the body is missing or not an object. */
export function objectBody(request: EmulatorRequest): Record<string, unknown> | null {
  const body = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

/** Graph refuses properties its type does not declare; the message names the first one. */
export function unknownProperty(body: Record<string, unknown>, allowed: readonly string[]): string | null {
  const known = new Set(allowed.map((name) => name.toLowerCase()));
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.')) continue;
    if (!known.has(key.toLowerCase())) return key;
  }
  return null;
}

export type WritableBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly response: EmulatorResponse };

/**
 * The JSON object of a create or update holding only properties its type lets you write, or
 * Graph's 400 (`Request_BadRequest`) naming the first offender, worded as Graph words it.
 */
export function writableBody(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  allowed: readonly string[],
  type: string,
  wording:
    | 'does not exist on'
    | 'cannot be updated on'
    | 'does not exist or cannot be updated on' = 'does not exist on',
): WritableBody {
  const body = objectBody(request);
  if (!body)
    return { ok: false, response: ctx.errors.badRequest(request, 'The request body must be a JSON object.') };
  const unknown = unknownProperty(body, allowed);
  if (unknown) {
    const message = `Property '${unknown}' ${wording} type 'microsoft.graph.${type}'.`;
    return { ok: false, response: ctx.errors.badRequest(request, message) };
  }
  return { ok: true, body };
}

export function entityBody(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  fragment: string,
  item: object,
): Record<string, unknown> {
  return { '@odata.context': ctx.odata.context(request, fragment), ...ctx.odata.select(request, item) };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}
