import type { Readable } from 'node:stream';

import { type VerifyFailure, verifyIntuneEncryptedStream } from '../../intune';
import type { Collection, Entity } from '..';

/** What the lifecycle needs from the blob store (Azurite in rehearsal, a fake in unit tests). */
export interface ContentBlobStore {
  sasFor(
    blobName: string,
    options: { expiresOn?: Date; publicBaseUrl?: string },
  ): { url: string; expiresOn: Date };
  /** Committed blob size, or null when no block list was committed. */
  committedSize(blobName: string): Promise<number | null>;
  read(blobName: string): Promise<Readable>;
}

/** Why a commit failed, as kept in the tenant file (never the keys themselves). */
export type CommitVerdict = 'ok' | VerifyFailure | 'blob-missing' | 'check-lost' | 'store-error';

/** A content file as persisted (`mobileAppContentFiles` collection); Graph sees `fileBody()`. */
export interface ContentFileRow extends Entity {
  readonly appId: string;
  readonly contentVersion: string;
  readonly name: string;
  readonly size: number;
  readonly sizeEncrypted: number;
  readonly manifest: string | null;
  readonly isDependency: boolean;
  readonly isCommitted: boolean;
  readonly createdDateTime: string;
  readonly uploadState: string;
  /** Epoch ms of the last state change (pending states advance `delayMs` after it). */
  readonly stateSince: number;
  readonly blobName: string;
  /** Epoch ms the current SAS expires, null before one was issued. */
  readonly sasExpiresAt: number | null;
  /** Outcome of the last commit check; set when the check finishes. */
  readonly commitVerdict: CommitVerdict | null;
}

export interface LifecycleOptions {
  readonly files: Collection<ContentFileRow>;
  readonly blobs: ContentBlobStore;
  /** How long `…Pending` states last before the next read shows the outcome. */
  readonly delayMs: number;
  readonly sasValidityMs: number;
  /** The emulator's clock (state changes). */
  readonly now: () => Date;
  /** The blob store's clock (SAS expiry; Azurite checks it against real time). */
  readonly blobNow?: () => Date;
  readonly onCheckFailed?: (fileId: string, error: unknown) => void;
}

const COMMITTABLE = new Set([
  'azureStorageUriRequestSuccess',
  'azureStorageUriRenewalSuccess',
  'commitFileFailed',
]);
const RENEWABLE = new Set([
  'azureStorageUriRequestSuccess',
  'azureStorageUriRenewalSuccess',
  'azureStorageUriRenewalFailed',
  'commitFileFailed',
]);

/**
 * Upload states of Intune content files, as Intune moves them: a pending state turns into its
 * outcome on the first read `delayMs` after it began (Intune does this in the background; clients
 * poll). The commit check runs at once in the background and keeps only a verdict; the
 * fileEncryptionInfo lives in that check's closure and is dropped when it ends.
 */
export class ContentFileLifecycle {
  private readonly checks = new Map<string, Promise<void>>();

  constructor(private readonly options: LifecycleOptions) {}

  /** Advances a due pending state; returns the row as it now is (undefined when absent). */
  refresh(id: string): ContentFileRow | undefined {
    const row = this.options.files.get(id);
    if (!row) return undefined;
    const due = this.options.now().getTime() - row.stateSince >= this.options.delayMs;
    if (!due) return row;
    switch (row.uploadState) {
      case 'azureStorageUriRequestPending':
        return this.move(row, 'azureStorageUriRequestSuccess', { sasExpiresAt: this.nextExpiry() });
      case 'azureStorageUriRenewalPending':
        return this.move(row, 'azureStorageUriRenewalSuccess', { sasExpiresAt: this.nextExpiry() });
      case 'commitFilePending': {
        if (row.commitVerdict === null) {
          // A check still running answers "pending"; one lost with a restart can never finish.
          if (this.checks.has(id)) return row;
          return this.move(row, 'commitFileFailed', { commitVerdict: 'check-lost' });
        }
        return row.commitVerdict === 'ok'
          ? this.move(row, 'commitFileSuccess', { isCommitted: true })
          : this.move(row, 'commitFileFailed', {});
      }
      default:
        return row;
    }
  }

  /** `renewUpload`: false when the file is in a state Intune refuses to renew from. */
  renew(id: string): boolean {
    const row = this.refresh(id);
    if (!row || !RENEWABLE.has(row.uploadState)) return false;
    this.move(row, 'azureStorageUriRenewalPending', {});
    return true;
  }

  /** `commit`: starts the check in the background; false when the file is not ready for it. */
  commit(id: string, fileEncryptionInfo: unknown): boolean {
    const row = this.refresh(id);
    if (!row || !COMMITTABLE.has(row.uploadState)) return false;
    this.move(row, 'commitFilePending', { commitVerdict: null, isCommitted: false });
    const check = this.check(row, fileEncryptionInfo)
      .catch((error: unknown): CommitVerdict => {
        this.options.onCheckFailed?.(id, error);
        return 'store-error';
      })
      .then((verdict) => {
        // The row may have been deleted or recommitted meanwhile; only the latest check writes.
        if (this.checks.get(id) === check && this.options.files.get(id)) {
          this.options.files.update(id, { commitVerdict: verdict });
        }
      })
      .finally(() => {
        if (this.checks.get(id) === check) this.checks.delete(id);
      });
    this.checks.set(id, check);
    return true;
  }

  /** Resolves when every running commit check has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.checks.size > 0) await Promise.all([...this.checks.values()]);
  }

  /** The SAS URL for the row's current expiry, or null before one was issued. */
  sasUrl(row: ContentFileRow, publicBaseUrl: string): string | null {
    if (row.sasExpiresAt === null) return null;
    return this.options.blobs.sasFor(row.blobName, { expiresOn: new Date(row.sasExpiresAt), publicBaseUrl })
      .url;
  }

  private async check(row: ContentFileRow, fileEncryptionInfo: unknown): Promise<CommitVerdict> {
    const size = await this.options.blobs.committedSize(row.blobName);
    if (size === null) return 'blob-missing';
    if (size !== row.sizeEncrypted) return 'size';
    const stream = await this.options.blobs.read(row.blobName);
    const result = await verifyIntuneEncryptedStream(stream, fileEncryptionInfo, {
      expectedSize: row.sizeEncrypted,
    });
    return result.ok ? 'ok' : result.reason;
  }

  private nextExpiry(): number {
    const now = (this.options.blobNow ?? (() => new Date()))().getTime();
    return Math.floor((now + this.options.sasValidityMs) / 1000) * 1000;
  }

  private move(row: ContentFileRow, uploadState: string, patch: Partial<ContentFileRow>): ContentFileRow {
    return (
      this.options.files.update(row.id, {
        ...patch,
        uploadState,
        stateSince: this.options.now().getTime(),
      }) ?? row
    );
  }
}
