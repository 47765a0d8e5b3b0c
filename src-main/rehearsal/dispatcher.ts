import type { Logger } from '../shared';
import type { RehearsalTokenSigner, TokenCheck } from './auth';
import type { FaultController } from './faults';
import { hasPermission } from './permissions';
import { apiOf, type MutableRequest, STATUS_FAULTS, statusFaultResponse, unknownRoute } from './pipeline';
import { armError, graphError } from './responses';
import type { Router } from './router';
import type { EmulatorRequest, EmulatorResponse, RouteOptions } from './types';

const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';

export type Dispatch = (request: MutableRequest) => Promise<EmulatorResponse>;

/**
 * Routes one request whose body is already read (a direct HTTP call or one inside `$batch`):
 * status faults, signed-token check, ARM api-version, route lookup, the route's declared
 * permissions (scp/roles), replication delay, handler.
 */
export function createDispatcher(parts: {
  router: Router;
  faults: FaultController;
  now: () => Date;
  logger: Logger;
  signer: RehearsalTokenSigner;
}): Dispatch {
  const { router, faults, now, logger, signer } = parts;
  return async (request) => {
    const isControl = request.path.startsWith('/_emulator');
    if (!isControl) {
      const statusFault = faults.take(request.method, request.path, STATUS_FAULTS);
      if (statusFault) return statusFaultResponse(request, statusFault, now());
    }
    const api = apiOf(request.path);
    if (api !== 'other') {
      const check = signer.verify(request.headers['authorization'], api);
      if (!check.ok) return tokenRefused(request, api, check, now());
      request.identity = check.identity;
      if (api === 'arm' && !request.query.get('api-version')) {
        return armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
    }
    const { route, pathKnown } = router.match(request.method, request.path);
    if (!route) return unknownRoute(request, api, pathKnown, now());
    request.params = route.params;
    if (api !== 'other') {
      const refused = checkRoute(request, api, route.options, now());
      if (refused) return refused;
    }
    if (!isControl) {
      request.replicationDelayMs =
        faults.take(request.method, request.path, ['replicationDelay'])?.delayMs ?? 0;
    }
    try {
      return await route.handler(request);
    } catch (error) {
      // The message may quote request data; it goes to the redacting logger only, never to the client.
      logger.error('rehearsal: route failed', {
        method: request.method,
        path: request.path,
        error: error instanceof Error ? error.message : String(error),
      });
      return api === 'arm'
        ? armError(500, 'InternalServerError', 'The simulated tenant failed on this request.')
        : graphError(request, 500, 'generalException', 'The simulated tenant failed on this request.', now());
    }
  };
}

function tokenRefused(
  request: EmulatorRequest,
  api: 'graph' | 'arm',
  check: Extract<TokenCheck, { ok: false }>,
  now: Date,
): EmulatorResponse {
  if (api === 'graph') return graphError(request, 401, 'InvalidAuthenticationToken', check.message, now);
  // ARM words each refusal its own way (codes as in ARM's authentication errors).
  switch (check.reason) {
    case 'missing':
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    case 'expired':
      return armError(
        401,
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${check.expiredAt?.toISOString() ?? ''}' is earlier than current UTC time '${now.toISOString()}'.`,
      );
    case 'audience':
      return armError(
        401,
        'InvalidAuthenticationTokenAudience',
        "The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.",
      );
    default:
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  }
}

/** The route's declared requirements: ARM's api-version, then the permissions (fail closed). */
function checkRoute(
  request: EmulatorRequest,
  api: 'graph' | 'arm',
  options: RouteOptions,
  now: Date,
): EmulatorResponse | null {
  const version = request.query.get('api-version') ?? '';
  if (api === 'arm' && !(options.apiVersions ?? []).includes(version)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${(options.apiVersions ?? []).join(',')}'.`,
    );
  }
  const identity = request.identity;
  // A /graph or /arm route that declares no permission is refused rather than left open.
  if (options.permissions && identity && hasPermission(identity, options.permissions)) return null;
  return api === 'graph'
    ? graphError(request, 403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES, now)
    : armError(
        403,
        'AuthorizationFailed',
        `The client '${identity?.upn || identity?.oid || ''}' does not have authorization to perform action '${request.method} ${request.path}': the access token does not carry the delegated permission 'user_impersonation' for Azure Resource Manager.`,
      );
}
