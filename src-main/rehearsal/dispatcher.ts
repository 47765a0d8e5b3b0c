import type { Logger } from '../shared';
import { checkAuthorization } from './auth';
import type { FaultController } from './faults';
import { apiOf, type MutableRequest, STATUS_FAULTS, statusFaultResponse, unknownRoute } from './pipeline';
import { armError, graphError } from './responses';
import type { Router } from './router';
import { TENANT_ID } from './seed';
import type { EmulatorResponse } from './types';

export type Dispatch = (request: MutableRequest) => Promise<EmulatorResponse>;

/**
 * Routes one request whose body is already read (a direct HTTP call or one inside `$batch`):
 * status faults, token check, ARM api-version, route lookup, replication delay, handler.
 */
export function createDispatcher(parts: {
  router: Router;
  faults: FaultController;
  now: () => Date;
  logger: Logger;
}): Dispatch {
  const { router, faults, now, logger } = parts;
  return async (request) => {
    const isControl = request.path.startsWith('/_emulator');
    if (!isControl) {
      const statusFault = faults.take(request.method, request.path, STATUS_FAULTS);
      if (statusFault) return statusFaultResponse(request, statusFault, now());
    }
    const api = apiOf(request.path);
    if (api !== 'other') {
      const check = checkAuthorization(request.headers['authorization'], TENANT_ID);
      if (!check.ok) {
        return api === 'graph'
          ? graphError(request, 401, 'InvalidAuthenticationToken', check.reason, now())
          : armError(
              401,
              check.missing ? 'AuthenticationFailed' : 'InvalidAuthenticationToken',
              check.missing ? "Authentication failed. The 'Authorization' header is missing." : check.reason,
            );
      }
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
