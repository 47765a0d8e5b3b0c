import type { Collection, EmulatorContext, Entity } from '..';
import type { ContentFileLifecycle, ContentFileRow } from './content-files';
import type { MobileAppRow } from './mobile-app-shape';

/** Collection names in the tenant file (`/_emulator/objects` counts them). */
export const INTUNE_COLLECTIONS = {
  mobileApps: 'mobileApps',
  contentVersions: 'mobileAppContentVersions',
  contentFiles: 'mobileAppContentFiles',
  assignments: 'mobileAppAssignments',
} as const;

/** Row ids are `<appId>:<id>` because a version or assignment id is only unique within its app. */
export interface ContentVersionRow extends Entity {
  readonly appId: string;
  readonly version: string;
}

export interface AssignmentRow extends Entity {
  readonly appId: string;
  readonly assignmentId: string;
  readonly intent: string;
  readonly target: Record<string, unknown>;
  readonly settings: unknown;
}

/** Everything the Intune routes share. */
export interface IntuneState {
  readonly ctx: EmulatorContext;
  readonly apps: Collection<MobileAppRow>;
  readonly versions: Collection<ContentVersionRow>;
  readonly files: Collection<ContentFileRow>;
  readonly assignments: Collection<AssignmentRow>;
  readonly lifecycle: ContentFileLifecycle;
  /** Best-effort removal of a deleted app's blobs. */
  readonly deleteBlob: (blobName: string) => Promise<void>;
}
