import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '..';

/** Helpers shared by the Intune routes; Intune answers with its own error codes. */

export const APPS_PATH = '/deviceAppManagement/mobileApps';

export function versionOf(request: EmulatorRequest): string {
  return request.params['version'] ?? 'v1.0';
}

export { objectBody } from '../routes/graph-common';

export function graphDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function entity(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  fragment: string,
  item: object,
  status = 200,
): EmulatorResponse {
  return {
    status,
    body: { '@odata.context': ctx.odata.context(request, fragment), ...ctx.odata.select(request, item) },
  };
}

/** Intune's 404 for an id that is not there. */
export function intuneNotFound(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  what: string,
  id: string,
): EmulatorResponse {
  return ctx.errors.graph(
    request,
    404,
    'ResourceNotFound',
    `The ${what} '${id.slice(0, 200)}' was not found.`,
  );
}

/** Intune's 400 (`BadRequest`) with a message saying what to change. */
export function intuneBadRequest(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  message: string,
): EmulatorResponse {
  return ctx.errors.graph(request, 400, 'BadRequest', message);
}

/** OData's answer to a property the type does not declare (what v1.0 says for beta-only fields). */
export function unknownPropertyError(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  property: string,
  type: string,
): EmulatorResponse {
  return intuneBadRequest(
    ctx,
    request,
    `The property '${property.slice(0, 200)}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`,
  );
}

export function isGuid(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}
