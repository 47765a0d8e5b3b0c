import { type EmulatorRequest, type EmulatorResponse, PERMISSIONS, type Router } from '..';
import type { IntuneState } from './collections';
import type { ContentFileRow } from './content-files';
import {
  APPS_PATH,
  entity,
  graphDate,
  intuneBadRequest,
  intuneNotFound,
  objectBody,
  unknownPropertyError,
} from './graph-helpers';

const VERSIONS_PATH = `${APPS_PATH}/:id/microsoft.graph.windowsMobileMSI/contentVersions`;
const FILES_PATH = `${VERSIONS_PATH}/:contentVersion/files`;
const FILE_WRITABLE = ['name', 'size', 'sizeEncrypted', 'manifest', 'isDependency'];
/** Intune refuses LOB content above 8 GB. */
const MAX_CONTENT_BYTES = 8 * 1024 ** 3;
const MAX_MANIFEST_CHARS = 64 * 1024;

/** Content versions and files: create, poll upload states, renewUpload, commit (with the real check). */
export function registerContentRoutes(router: Router, state: IntuneState): void {
  const { ctx, apps, versions, files, lifecycle } = state;

  const scope = (request: EmulatorRequest): { appId: string; version: string | null } | EmulatorResponse => {
    const appId = request.params['id'] ?? '';
    if (!apps.get(appId)) return intuneNotFound(ctx, request, 'mobile app', appId);
    const version = request.params['contentVersion'];
    if (version === undefined) return { appId, version: null };
    if (!versions.get(`${appId}:${version}`)) return intuneNotFound(ctx, request, 'content version', version);
    return { appId, version };
  };
  const fileIn = (request: EmulatorRequest, appId: string, version: string): ContentFileRow | undefined => {
    const row = lifecycle.refresh(request.params['fileId'] ?? '');
    return row && row.appId === appId && row.contentVersion === version ? row : undefined;
  };
  const versionBody = (version: string): Record<string, unknown> => ({
    '@odata.type': '#microsoft.graph.mobileAppContent',
    id: version,
  });
  const fileBody = (request: EmulatorRequest, row: ContentFileRow): Record<string, unknown> => ({
    '@odata.type': '#microsoft.graph.mobileAppContentFile',
    id: row.id,
    azureStorageUri: lifecycle.sasUrl(row, request.baseUrl),
    azureStorageUriExpirationDateTime:
      row.sasExpiresAt === null ? null : graphDate(new Date(row.sasExpiresAt)),
    createdDateTime: row.createdDateTime,
    isCommitted: row.isCommitted,
    isDependency: row.isDependency,
    manifest: row.manifest,
    name: row.name,
    size: row.size,
    sizeEncrypted: row.sizeEncrypted,
    uploadState: row.uploadState,
  });
  const filesFragment = (appId: string, version: string): string =>
    `deviceAppManagement/mobileApps('${appId}')/microsoft.graph.windowsMobileMSI/contentVersions('${version}')/files`;

  router.graph('POST', VERSIONS_PATH, PERMISSIONS.intuneAppsWrite, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const next = versions.list().filter((row) => row.appId === where.appId).length + 1;
    versions.insert({ id: `${where.appId}:${next}`, appId: where.appId, version: String(next) });
    return entity(
      ctx,
      request,
      `deviceAppManagement/mobileApps('${where.appId}')/microsoft.graph.windowsMobileMSI/contentVersions/$entity`,
      versionBody(String(next)),
      201,
    );
  });
  router.graph('GET', VERSIONS_PATH, PERMISSIONS.intuneAppsRead, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const rows = versions.list().filter((row) => row.appId === where.appId);
    return ctx.odata.page(
      request,
      rows.map((row) => versionBody(row.version)),
      `deviceAppManagement/mobileApps('${where.appId}')/microsoft.graph.windowsMobileMSI/contentVersions`,
    );
  });
  router.graph('GET', `${VERSIONS_PATH}/:contentVersion`, PERMISSIONS.intuneAppsRead, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    return entity(
      ctx,
      request,
      `deviceAppManagement/mobileApps('${where.appId}')/microsoft.graph.windowsMobileMSI/contentVersions/$entity`,
      versionBody(where.version ?? ''),
    );
  });

  router.graph('POST', FILES_PATH, PERMISSIONS.intuneAppsWrite, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const body = objectBody(request);
    if (!body) return intuneBadRequest(ctx, request, 'The request body must be a JSON object.');
    const problem = fileProblem(body);
    if (problem?.startsWith('unknown:')) {
      return unknownPropertyError(ctx, request, problem.slice(8), 'microsoft.graph.mobileAppContentFile');
    }
    if (problem) return intuneBadRequest(ctx, request, problem);
    const id = ctx.newId();
    const row = files.insert({
      id,
      appId: where.appId,
      contentVersion: where.version ?? '',
      name: body['name'] as string,
      size: body['size'] as number,
      sizeEncrypted: body['sizeEncrypted'] as number,
      manifest: (body['manifest'] as string | null | undefined) ?? null,
      isDependency: body['isDependency'] === true,
      isCommitted: false,
      createdDateTime: graphDate(ctx.now()),
      uploadState: 'azureStorageUriRequestPending',
      stateSince: ctx.now().getTime(),
      blobName: `${id}.bin`,
      sasExpiresAt: null,
      commitVerdict: null,
    });
    return entity(
      ctx,
      request,
      `${filesFragment(where.appId, row.contentVersion)}/$entity`,
      fileBody(request, row),
      201,
    );
  });
  router.graph('GET', FILES_PATH, PERMISSIONS.intuneAppsRead, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const rows = files
      .list()
      .filter((row) => row.appId === where.appId && row.contentVersion === where.version)
      .map((row) => lifecycle.refresh(row.id) ?? row);
    return ctx.odata.page(
      request,
      rows.map((row) => fileBody(request, row)),
      filesFragment(where.appId, where.version ?? ''),
    );
  });
  router.graph('GET', `${FILES_PATH}/:fileId`, PERMISSIONS.intuneAppsRead, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const row = fileIn(request, where.appId, where.version ?? '');
    if (!row) return intuneNotFound(ctx, request, 'content file', request.params['fileId'] ?? '');
    return entity(
      ctx,
      request,
      `${filesFragment(where.appId, row.contentVersion)}/$entity`,
      fileBody(request, row),
    );
  });
  router.graph('POST', `${FILES_PATH}/:fileId/renewUpload`, PERMISSIONS.intuneAppsWrite, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const row = fileIn(request, where.appId, where.version ?? '');
    if (!row) return intuneNotFound(ctx, request, 'content file', request.params['fileId'] ?? '');
    if (!lifecycle.renew(row.id)) {
      return intuneBadRequest(
        ctx,
        request,
        `The upload URI cannot be renewed while the file is in state ${row.uploadState}: wait for azureStorageUriRequestSuccess first.`,
      );
    }
    return { status: 204 };
  });
  router.graph('POST', `${FILES_PATH}/:fileId/commit`, PERMISSIONS.intuneAppsWrite, (request) => {
    const where = scope(request);
    if ('status' in where) return where;
    const row = fileIn(request, where.appId, where.version ?? '');
    if (!row) return intuneNotFound(ctx, request, 'content file', request.params['fileId'] ?? '');
    const info = objectBody(request)?.['fileEncryptionInfo'];
    if (typeof info !== 'object' || info === null || Array.isArray(info)) {
      return intuneBadRequest(
        ctx,
        request,
        "Give 'fileEncryptionInfo' (the keys, IV, MAC and digest of the encrypted file).",
      );
    }
    if (!lifecycle.commit(row.id, info)) {
      return intuneBadRequest(
        ctx,
        request,
        `The file cannot be committed in state ${row.uploadState}: wait for azureStorageUriRequestSuccess and finish the upload first.`,
      );
    }
    return { status: 204 };
  });
}

/** A problem with a new content file's body, `unknown:<name>` for an undeclared property. */
function fileProblem(body: Record<string, unknown>): string | null {
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && !FILE_WRITABLE.includes(key)) return `unknown:${key}`;
  }
  const name = body['name'];
  if (
    typeof name !== 'string' ||
    name.trim() === '' ||
    name.length > 260 ||
    /[\\/]/.test(name) ||
    [...name].some((char) => char.charCodeAt(0) < 0x20)
  ) {
    return "Give 'name' as the file name (no folder, no control characters, at most 260 characters).";
  }
  for (const field of ['size', 'sizeEncrypted']) {
    const value = body[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_CONTENT_BYTES) {
      return `Give '${field}' as a whole number of bytes from 0 to ${MAX_CONTENT_BYTES}.`;
    }
  }
  if ((body['sizeEncrypted'] as number) <= (body['size'] as number)) {
    return "'sizeEncrypted' must be larger than 'size' (the encrypted file adds a 48-byte header and padding).";
  }
  const manifest = body['manifest'];
  if (manifest !== undefined && manifest !== null) {
    if (
      typeof manifest !== 'string' ||
      manifest.length > MAX_MANIFEST_CHARS ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(manifest) ||
      manifest.length % 4 !== 0
    ) {
      return "Give 'manifest' as base64 (of the MobileMsiData XML).";
    }
  }
  if (body['isDependency'] !== undefined && typeof body['isDependency'] !== 'boolean') {
    return "Give 'isDependency' as true or false.";
  }
  return null;
}
