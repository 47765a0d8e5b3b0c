import type { EmulatorContext } from '../context';
import { PERMISSIONS } from '../permissions';
import type { Router } from '../router';
import { COLLECTIONS, MDM_POLICY_ID } from '../seed';
import { entityBody, type Row } from './graph-common';

/**
 * Automatic MDM enrollment (Intune) policy, read-only: `appliesTo` tells whether users are in
 * the enrollment scope (`all`, `selected`, `none`). Graph serves it on beta only.
 */
export function registerPolicyRoutes(router: Router, ctx: EmulatorContext): void {
  const policies = ctx.store.collection<Row>(COLLECTIONS.mobileDeviceManagementPolicies);
  router.graph('GET', '/policies/mobileDeviceManagementPolicies', PERMISSIONS.mdmPolicyRead, (request) =>
    request.params['version'] === 'beta'
      ? ctx.odata.page(request, policies.list(), 'policies/mobileDeviceManagementPolicies')
      : betaOnly(ctx, request),
  );
  router.graph(
    'GET',
    '/policies/mobileDeviceManagementPolicies/:id',
    PERMISSIONS.mdmPolicyRead,
    (request) => {
      if (request.params['version'] !== 'beta') return betaOnly(ctx, request);
      const policy = policies.get((request.params['id'] ?? '').toLowerCase());
      return policy
        ? {
            status: 200,
            body: entityBody(ctx, request, 'policies/mobileDeviceManagementPolicies/$entity', policy),
          }
        : ctx.errors.notFound(request, request.params['id'] ?? MDM_POLICY_ID);
    },
  );
}

function betaOnly(ctx: EmulatorContext, request: Parameters<EmulatorContext['errors']['notFound']>[0]) {
  return ctx.errors.graph(
    request,
    400,
    'BadRequest',
    "Resource not found for the segment 'mobileDeviceManagementPolicies'.",
  );
}
