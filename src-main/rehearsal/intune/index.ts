/**
 * Rehearsal Intune: the LOB app part of the simulated tenant, plugged into the emulator through
 * its extension point.
 *
 * ```ts
 * const emulator = await startEmulator({ dataDir });
 * const intune = await startIntuneRehearsal(emulator);   // starts Azurite, registers the routes
 * // … the real uploader talks to emulator.graphBaseUrl and the SAS URLs it hands out …
 * await emulator.close();                                 // also stops Azurite
 * ```
 *
 * Routes (under `/graph/v1.0` and `/graph/beta`): `deviceAppManagement/mobileApps` (GET list with
 * `$filter` on displayName/publisher/fileName, POST `#microsoft.graph.windowsMobileMSI`), `/{id}`
 * (GET, PATCH incl. committedContentVersion, DELETE), `/{id}/assign`, `/{id}/assignments`,
 * `/{id}/microsoft.graph.windowsMobileMSI/contentVersions[/{v}]`, `…/{v}/files[/{f}]`,
 * `…/files/{f}/renewUpload`, `…/files/{f}/commit`. Beta-only app properties (identityVersion,
 * useDeviceContext, roleScopeTagIds) are refused on v1.0 as Graph does.
 *
 * Upload states move like Intune's: `azureStorageUriRequestPending` → `…Success` (with a SAS URL),
 * `azureStorageUriRenewalPending` → `…Success`, `commitFilePending` → `commitFileSuccess` only when
 * the committed blob is exactly sizeEncrypted bytes and decrypts with the given fileEncryptionInfo
 * (HMAC, padding, SHA-256 digest), else `commitFileFailed`. Each pending state ends on the first
 * read `delayMs` (default 300 ms) after it began.
 *
 * Blobs: SAS URLs point at `<emulator>/devstoreaccount1/intune-content/<fileId>.bin`, a
 * pass-through to Azurite, so the emulator's faults (`cut` with `afterBytes` on
 * `/devstoreaccount1/**`) can break an upload mid-block. Azurite keeps blobs in memory only:
 * app, version and file metadata survive a restart with `dataDir`, the blobs do not, so a resumed
 * rehearsal must upload the file again (a commit pending at shutdown ends `commitFileFailed`).
 * fileEncryptionInfo is never persisted; only the commit verdict is.
 *
 * Azurite runs as a Node child started by a `NodeProcessLauncher` (`{ azurite: { launcher } }`):
 * by default `nodeChildLauncher()` (`process.execPath`, dies with this process); the Electron
 * shell passes a `utilityProcess` one, since the packaged app cannot run itself as Node.
 */
import { type Emulator, type RouteRegistrar } from '..';
import { AzuriteBlobStore, type AzuriteOptions, DEFAULT_SAS_VALIDITY_MS } from './azurite';
import { registerBlobProxy } from './blob-proxy';
import { INTUNE_COLLECTIONS, type IntuneState } from './collections';
import { type ContentBlobStore, ContentFileLifecycle, type ContentFileRow } from './content-files';
import { registerContentRoutes } from './content-routes';
import { registerMobileAppRoutes } from './mobile-app-routes';

export {
  AzuriteBlobStore,
  type AzuriteOptions,
  type BlobBlocks,
  type BlobSas,
  DEFAULT_SAS_VALIDITY_MS,
  DEV_ACCOUNT_KEY,
  DEV_ACCOUNT_NAME,
  type LaunchedProcess,
  nodeChildLauncher,
  type NodeProcessLauncher,
  type ProcessEnd,
} from './azurite';
export { INTUNE_COLLECTIONS } from './collections';
export {
  type CommitVerdict,
  type ContentBlobStore,
  ContentFileLifecycle,
  type ContentFileRow,
  type LifecycleOptions,
} from './content-files';
export { compileDisplayNameFilter } from './display-name-filter';

export const DEFAULT_STATE_DELAY_MS = 300;

export interface IntuneRoutesOptions {
  /** Where content blobs live; with `azuriteEndpoint` the SAS URLs go through the emulator. */
  readonly blobs: ContentBlobStore;
  /** Azurite's own endpoint, for the pass-through route (omit with a fake blob store). */
  readonly azuriteEndpoint?: string;
  readonly delayMs?: number;
  readonly sasValidityMs?: number;
  /** Clock for SAS expiry (real time by default: Azurite checks it). */
  readonly blobNow?: () => Date;
}

export interface IntuneRoutes {
  readonly registrar: RouteRegistrar;
  /** Resolves when no commit check is running (after `registrar` was used). */
  idle(): Promise<void>;
}

/** The Intune routes as a registrar for `startEmulator({ routes })` or `emulator.registerRoutes`. */
export function createIntuneRoutes(options: IntuneRoutesOptions): IntuneRoutes {
  let lifecycle: ContentFileLifecycle | null = null;
  const registrar: RouteRegistrar = (router, ctx) => {
    const files = ctx.store.collection<ContentFileRow>(INTUNE_COLLECTIONS.contentFiles);
    lifecycle = new ContentFileLifecycle({
      files,
      blobs: options.blobs,
      delayMs: options.delayMs ?? DEFAULT_STATE_DELAY_MS,
      sasValidityMs: options.sasValidityMs ?? DEFAULT_SAS_VALIDITY_MS,
      now: () => ctx.now(),
      ...(options.blobNow ? { blobNow: options.blobNow } : {}),
      onCheckFailed: (fileId, error) =>
        ctx.logger.warn('rehearsal: Intune commit check could not read the blob', {
          fileId,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    const state: IntuneState = {
      ctx,
      apps: ctx.store.collection(INTUNE_COLLECTIONS.mobileApps),
      versions: ctx.store.collection(INTUNE_COLLECTIONS.contentVersions),
      files,
      assignments: ctx.store.collection(INTUNE_COLLECTIONS.assignments),
      lifecycle,
      deleteBlob: async (blobName) => {
        const deletable = options.blobs as Partial<Pick<AzuriteBlobStore, 'deleteBlob'>>;
        await deletable.deleteBlob?.(blobName).catch(() => undefined);
      },
    };
    registerMobileAppRoutes(router, state);
    registerContentRoutes(router, state);
    if (options.azuriteEndpoint) registerBlobProxy(router, options.azuriteEndpoint);
    const current = lifecycle;
    ctx.onClose(() => current.idle());
  };
  return { registrar, idle: async () => lifecycle?.idle() };
}

export interface IntuneRehearsal {
  readonly blobStore: AzuriteBlobStore;
  /** Resolves when no commit check is running. */
  idle(): Promise<void>;
}

/**
 * Starts Azurite, registers the Intune routes on a running emulator, and stops Azurite when the
 * emulator closes. Throws `AppError('unavailable', 'intune.rehearsal.azuriteMissing')` without Azurite.
 */
export async function startIntuneRehearsal(
  emulator: Pick<Emulator, 'registerRoutes'>,
  options: Omit<IntuneRoutesOptions, 'blobs' | 'azuriteEndpoint'> & { azurite?: AzuriteOptions } = {},
): Promise<IntuneRehearsal> {
  const blobStore = await AzuriteBlobStore.start(options.azurite);
  const routes = createIntuneRoutes({ ...options, blobs: blobStore, azuriteEndpoint: blobStore.endpoint });
  emulator.registerRoutes((router, ctx) => {
    routes.registrar(router, ctx);
    ctx.onClose(() => blobStore.close());
  });
  return { blobStore, idle: () => routes.idle() };
}
