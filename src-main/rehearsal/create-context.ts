import { randomUUID } from 'node:crypto';

import type { Logger } from '../shared';
import type { EmulatorContext } from './context';
import type { FaultController } from './faults';
import { odataContext, pageResponse, selectProperties } from './odata';
import { armError, graphError, notFoundMessage } from './responses';
import { COLLECTIONS, TENANT_ID } from './seed';
import type { EmulatorStore } from './store';

type Listener = () => void | Promise<void>;

/** Builds the context handed to every route registrar, plus the reset/close listener lists. */
export function createContext(parts: {
  store: EmulatorStore;
  faults: FaultController;
  now: () => Date;
  logger: Logger;
}): { ctx: EmulatorContext; resetListeners: Listener[]; closeListeners: Listener[] } {
  const { store, faults, now, logger } = parts;
  const resetListeners: Listener[] = [];
  const closeListeners: Listener[] = [];
  const ctx: EmulatorContext = {
    store,
    faults,
    newId: () => randomUUID(),
    now,
    tenantId: TENANT_ID,
    logger,
    errors: {
      graph: (request, status, code, message, headers) =>
        graphError(request, status, code, message, now(), headers),
      notFound: (request, id) =>
        graphError(request, 404, 'Request_ResourceNotFound', notFoundMessage(id), now()),
      badRequest: (request, message) => graphError(request, 400, 'Request_BadRequest', message, now()),
      forbidden: (request) =>
        graphError(
          request,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
          now(),
        ),
      arm: (status, code, message) => armError(status, code, message),
    },
    odata: {
      context: odataContext,
      page: (request, items, fragment) =>
        pageResponse(request, items, fragment, (message) =>
          graphError(request, 400, 'Request_BadRequest', message, now()),
        ),
      select: selectProperties,
    },
    holdsDirectoryRole: (request, roleTemplateIds) => {
      const oid = request.identity?.oid ?? '';
      const roleIds = new Set(
        store
          .collection<{ id: string; roleTemplateId?: unknown }>(COLLECTIONS.directoryRoles)
          .list()
          .filter((role) => roleTemplateIds.includes(String(role.roleTemplateId)))
          .map((role) => role.id),
      );
      return store
        .collection<{ id: string; roleId?: unknown; principalId?: unknown }>(COLLECTIONS.directoryRoleMembers)
        .list()
        .some((member) => member.principalId === oid && roleIds.has(String(member.roleId)));
    },
    onReset: (listener) => resetListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
  };
  return { ctx, resetListeners, closeListeners };
}
