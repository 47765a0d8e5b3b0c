import { COLLECTIONS, type EmulatorRequest, type EmulatorResponse, PERMISSIONS, type Router } from '..';
import type { AssignmentRow, IntuneState } from './collections';
import { compileDisplayNameFilter } from './display-name-filter';
import {
  APPS_PATH,
  entity,
  graphDate,
  intuneBadRequest,
  intuneNotFound,
  isGuid,
  objectBody,
  unknownPropertyError,
  versionOf,
} from './graph-helpers';
import {
  appView,
  checkBody,
  type MobileAppRow,
  MSI_TYPE,
  newMobileApp,
  REQUIRED_ON_CREATE,
  writableOf,
} from './mobile-app-shape';

const INTENTS = ['available', 'required', 'uninstall', 'availableWithoutEnrollment'];
const GROUP_TARGETS = [
  '#microsoft.graph.groupAssignmentTarget',
  '#microsoft.graph.exclusionGroupAssignmentTarget',
];
const TENANT_TARGETS = [
  '#microsoft.graph.allLicensedUsersAssignmentTarget',
  '#microsoft.graph.allDevicesAssignmentTarget',
];
const MAX_ASSIGNMENTS = 200;

/** mobileApps: create, read, list ($filter), update (committedContentVersion), delete, assign. */
export function registerMobileAppRoutes(router: Router, state: IntuneState): void {
  const { ctx, apps } = state;
  const appOf = (request: EmulatorRequest): MobileAppRow | undefined => apps.get(request.params['id'] ?? '');
  const missing = (request: EmulatorRequest): EmulatorResponse =>
    intuneNotFound(ctx, request, 'mobile app', request.params['id'] ?? '');

  router.graph('GET', APPS_PATH, PERMISSIONS.intuneAppsRead, (request) => {
    let rows = apps.list();
    const filter = request.query.get('$filter');
    if (filter !== null) {
      const compiled = compileDisplayNameFilter(filter);
      if (!compiled.ok) return intuneBadRequest(ctx, request, compiled.message);
      rows = rows.filter(compiled.test);
    }
    const version = versionOf(request);
    return ctx.odata.page(
      request,
      rows.map((row) => appView(row, version)),
      'deviceAppManagement/mobileApps',
    );
  });

  router.graph('POST', APPS_PATH, PERMISSIONS.intuneAppsWrite, (request) => {
    const body = objectBody(request);
    if (!body) return intuneBadRequest(ctx, request, 'The request body must be a JSON object.');
    const type = body['@odata.type'];
    if (type === undefined) {
      return intuneBadRequest(
        ctx,
        request,
        "mobileApp is an abstract type: give '@odata.type' (for an MSI: '#microsoft.graph.windowsMobileMSI').",
      );
    }
    if (type !== MSI_TYPE) {
      return intuneBadRequest(
        ctx,
        request,
        `The rehearsal tenant only simulates '${MSI_TYPE}' apps, not '${String(type).slice(0, 100)}'.`,
      );
    }
    const problem = bodyProblem(state, request, body);
    if (problem) return problem;
    for (const name of REQUIRED_ON_CREATE) {
      const value = body[name];
      if (typeof value !== 'string' || value.trim() === '') {
        return intuneBadRequest(ctx, request, `The property '${name}' is required: give a non-empty string.`);
      }
    }
    if ('committedContentVersion' in body && body['committedContentVersion'] !== null) {
      return intuneBadRequest(
        ctx,
        request,
        'A new app has no content yet: leave committedContentVersion out.',
      );
    }
    const now = graphDate(ctx.now());
    const row = apps.insert(newMobileApp(ctx.newId(), now, writableOf(body, versionOf(request))), {
      hiddenForMs: request.replicationDelayMs,
    });
    return entity(
      ctx,
      request,
      'deviceAppManagement/mobileApps/$entity',
      appView(row, versionOf(request)),
      201,
    );
  });

  router.graph('GET', `${APPS_PATH}/:id`, PERMISSIONS.intuneAppsRead, (request) => {
    const app = appOf(request);
    if (!app) return missing(request);
    return entity(ctx, request, 'deviceAppManagement/mobileApps/$entity', appView(app, versionOf(request)));
  });

  router.graph('PATCH', `${APPS_PATH}/:id`, PERMISSIONS.intuneAppsWrite, (request) => {
    const app = appOf(request);
    if (!app) return missing(request);
    const body = objectBody(request);
    if (!body) return intuneBadRequest(ctx, request, 'The request body must be a JSON object.');
    if (body['@odata.type'] !== undefined && body['@odata.type'] !== MSI_TYPE) {
      return intuneBadRequest(
        ctx,
        request,
        `This app is a '${MSI_TYPE}'; the '@odata.type' sent does not match.`,
      );
    }
    const problem = bodyProblem(state, request, body);
    if (problem) return problem;
    const patch = writableOf(body, versionOf(request));
    for (const name of REQUIRED_ON_CREATE) {
      if (name in patch && (typeof patch[name] !== 'string' || (patch[name] as string).trim() === '')) {
        return intuneBadRequest(ctx, request, `The property '${name}' cannot be emptied.`);
      }
    }
    if (typeof patch['committedContentVersion'] === 'string') {
      const refusal = commitRefusal(state, app.id, patch['committedContentVersion']);
      if (refusal) return intuneBadRequest(ctx, request, refusal);
      patch['publishingState'] = 'published';
      patch['size'] = committedSize(state, app.id, patch['committedContentVersion']);
    } else if ('committedContentVersion' in patch) {
      return intuneBadRequest(ctx, request, 'committedContentVersion cannot be cleared once set.');
    }
    apps.update(app.id, { ...patch, lastModifiedDateTime: graphDate(ctx.now()) });
    return { status: 204 };
  });

  router.graph('DELETE', `${APPS_PATH}/:id`, PERMISSIONS.intuneAppsWrite, (request) => {
    const app = appOf(request);
    if (!app) return missing(request);
    deleteApp(state, app.id);
    return { status: 204 };
  });

  router.graph('POST', `${APPS_PATH}/:id/assign`, PERMISSIONS.intuneAppsWrite, (request) => {
    const app = appOf(request);
    if (!app) return missing(request);
    if (!app['committedContentVersion']) {
      return intuneBadRequest(
        ctx,
        request,
        'The app has no committed content version yet: upload and commit its file, then set committedContentVersion before assigning it.',
      );
    }
    const parsed = parseAssignments(state, request, app.id);
    if (typeof parsed === 'string') return intuneBadRequest(ctx, request, parsed);
    for (const old of state.assignments.list().filter((row) => row.appId === app.id)) {
      state.assignments.remove(old.id);
    }
    for (const row of parsed) state.assignments.insert(row);
    apps.update(app.id, { isAssigned: parsed.length > 0 });
    return { status: 204 };
  });

  router.graph('GET', `${APPS_PATH}/:id/assignments`, PERMISSIONS.intuneAppsRead, (request) => {
    const app = appOf(request);
    if (!app) return missing(request);
    const rows = state.assignments.list().filter((row) => row.appId === app.id);
    return ctx.odata.page(
      request,
      rows.map(assignmentView),
      `deviceAppManagement/mobileApps('${app.id}')/assignments`,
    );
  });
}

function bodyProblem(
  state: IntuneState,
  request: EmulatorRequest,
  body: Record<string, unknown>,
): EmulatorResponse | null {
  const problem = checkBody(body, versionOf(request));
  if (!problem) return null;
  if (problem.kind === 'unknown') {
    return unknownPropertyError(state.ctx, request, problem.property, 'microsoft.graph.windowsMobileMSI');
  }
  return intuneBadRequest(
    state.ctx,
    request,
    `The value of '${problem.property}' has the wrong type for microsoft.graph.windowsMobileMSI.`,
  );
}

/** Why a content version cannot be committed, or null when every file of it is committed. */
function commitRefusal(state: IntuneState, appId: string, version: string): string | null {
  if (!state.versions.get(`${appId}:${version}`)) {
    return `Content version '${version.slice(0, 50)}' does not exist for this app: create it under contentVersions first.`;
  }
  const files = filesOf(state, appId, version);
  if (files.length === 0)
    return `Content version '${version.slice(0, 50)}' has no file: add and upload one first.`;
  const pending = files.find((file) => !file.isCommitted);
  if (pending) {
    return `File '${pending.id}' of content version '${version.slice(0, 50)}' is not committed (state ${pending.uploadState}): commit it and wait for commitFileSuccess.`;
  }
  return null;
}

function filesOf(
  state: IntuneState,
  appId: string,
  version: string,
): ReturnType<IntuneState['files']['list']> {
  return state.files
    .list()
    .filter((file) => file.appId === appId && file.contentVersion === version)
    .map((file) => state.lifecycle.refresh(file.id) ?? file);
}

function committedSize(state: IntuneState, appId: string, version: string): number {
  return filesOf(state, appId, version)
    .filter((file) => !file.isDependency)
    .reduce((sum, file) => sum + file.size, 0);
}

export function deleteApp(state: IntuneState, appId: string): void {
  for (const file of state.files.list().filter((row) => row.appId === appId)) {
    state.files.remove(file.id);
    void state.deleteBlob(file.blobName);
  }
  for (const version of state.versions.list().filter((row) => row.appId === appId))
    state.versions.remove(version.id);
  for (const row of state.assignments.list().filter((item) => item.appId === appId))
    state.assignments.remove(row.id);
  state.apps.remove(appId);
}

function parseAssignments(
  state: IntuneState,
  request: EmulatorRequest,
  appId: string,
): AssignmentRow[] | string {
  const list = objectBody(request)?.['mobileAppAssignments'];
  if (!Array.isArray(list)) return "Give 'mobileAppAssignments' as an array (it may be empty to remove all).";
  if (list.length > MAX_ASSIGNMENTS) return `At most ${MAX_ASSIGNMENTS} assignments can be sent at once.`;
  const groups = state.ctx.store.collection(COLLECTIONS.groups);
  const rows: AssignmentRow[] = [];
  const seen = new Set<string>();
  for (const [index, item] of list.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return `Assignment ${index} is not an object.`;
    const entry = item as Record<string, unknown>;
    const type = entry['@odata.type'];
    if (type !== undefined && type !== '#microsoft.graph.mobileAppAssignment') {
      return `Assignment ${index} has '@odata.type' ${String(type).slice(0, 100)}; use '#microsoft.graph.mobileAppAssignment'.`;
    }
    const intent = entry['intent'];
    if (typeof intent !== 'string' || !INTENTS.includes(intent)) {
      return `Assignment ${index} has no valid intent: use one of ${INTENTS.join(', ')}.`;
    }
    const target = entry['target'];
    if (typeof target !== 'object' || target === null || Array.isArray(target)) {
      return `Assignment ${index} has no target object.`;
    }
    const targetRecord = target as Record<string, unknown>;
    const targetType = targetRecord['@odata.type'];
    let key: string;
    if (typeof targetType === 'string' && GROUP_TARGETS.includes(targetType)) {
      const groupId = targetRecord['groupId'];
      if (!isGuid(groupId)) return `Assignment ${index}: groupId must be a group's object id (a GUID).`;
      if (!groups.get(groupId.toLowerCase())) {
        return `Assignment ${index}: group '${groupId}' does not exist in this tenant.`;
      }
      key = groupId.toLowerCase();
    } else if (typeof targetType === 'string' && TENANT_TARGETS.includes(targetType)) {
      key = targetType.includes('allDevices')
        ? 'adadadad-808e-44e2-905a-0b7873a8a531'
        : 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';
    } else {
      return `Assignment ${index}: target '@odata.type' ${String(targetType).slice(0, 100)} is not supported; use ${[...GROUP_TARGETS, ...TENANT_TARGETS].join(', ')}.`;
    }
    if (seen.has(key)) return `Assignment ${index} targets the same group as an earlier one.`;
    seen.add(key);
    const assignmentId = `${key}_${INTENTS.indexOf(intent)}_0`;
    rows.push({
      id: `${appId}:${assignmentId}`,
      appId,
      assignmentId,
      intent,
      target: { ...targetRecord },
      settings: entry['settings'] ?? null,
    });
  }
  return rows;
}

function assignmentView(row: AssignmentRow): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mobileAppAssignment',
    id: row.assignmentId,
    intent: row.intent,
    target: row.target,
    settings: row.settings,
  };
}
