import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type EncryptedFile, encryptFileForIntune } from '/@/src-main/intune';
import { type Collection, EmulatorStore } from '/@/src-main/rehearsal';
import {
  type ContentBlobStore,
  ContentFileLifecycle,
  type ContentFileRow,
  INTUNE_COLLECTIONS,
} from '/@/src-main/rehearsal/intune';
import { silentLogger } from '/@/src-main/shared';

/** Blobs in a Map: the lifecycle only needs size, bytes and a SAS string. */
class MemoryBlobs implements ContentBlobStore {
  readonly blobs = new Map<string, Buffer>();
  failReads = false;
  sasFor(
    blobName: string,
    options: { expiresOn?: Date; publicBaseUrl?: string },
  ): { url: string; expiresOn: Date } {
    const expiresOn = options.expiresOn ?? new Date(0);
    return { url: `${options.publicBaseUrl ?? 'mem:'}/${blobName}?se=${expiresOn.toISOString()}`, expiresOn };
  }
  async committedSize(blobName: string): Promise<number | null> {
    if (this.failReads) throw new Error('storage down');
    return this.blobs.get(blobName)?.length ?? null;
  }
  async read(blobName: string): Promise<Readable> {
    return Readable.from([this.blobs.get(blobName) ?? Buffer.alloc(0)]);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'comanage-lifecycle-'));
let encrypted: EncryptedFile;
let encryptedBytes: Buffer;
beforeAll(async () => {
  writeFileSync(join(dir, 'app.msi'), Buffer.from('MSI content for the lifecycle test '.repeat(50)));
  encrypted = await encryptFileForIntune(join(dir, 'app.msi'), join(dir, 'app.bin'));
  encryptedBytes = readFileSync(join(dir, 'app.bin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let clock: number;
let blobs: MemoryBlobs;
let lifecycle: ContentFileLifecycle;
let files: Collection<ContentFileRow>;

beforeEach(async () => {
  clock = Date.parse('2026-11-23T08:00:00Z');
  const now = (): Date => new Date(clock);
  const { store } = await EmulatorStore.open({ now, logger: silentLogger, seed: () => undefined });
  files = store.collection<ContentFileRow>(INTUNE_COLLECTIONS.contentFiles);
  blobs = new MemoryBlobs();
  lifecycle = new ContentFileLifecycle({
    files,
    blobs,
    delayMs: 300,
    sasValidityMs: 600_000,
    now,
    blobNow: now,
  });
  files.insert({
    id: 'f1',
    appId: 'a1',
    contentVersion: '1',
    name: 'app.msi',
    size: encrypted.size,
    sizeEncrypted: encrypted.sizeEncrypted,
    manifest: null,
    isDependency: false,
    isCommitted: false,
    createdDateTime: '2026-11-23T08:00:00Z',
    uploadState: 'azureStorageUriRequestPending',
    stateSince: clock,
    blobName: 'f1.bin',
    sasExpiresAt: null,
    commitVerdict: null,
  });
});

function stateAfter(ms: number): string | undefined {
  clock += ms;
  return lifecycle.refresh('f1')?.uploadState;
}

async function committedState(info: unknown): Promise<string | undefined> {
  expect(lifecycle.commit('f1', info)).toBe(true);
  expect(lifecycle.refresh('f1')?.uploadState).toBe('commitFilePending');
  await lifecycle.idle();
  return stateAfter(300);
}

describe('ContentFileLifecycle', () => {
  it('should stay pending until the delay has passed when the upload URI is requested', () => {
    expect(stateAfter(299)).toBe('azureStorageUriRequestPending');
    expect(lifecycle.sasUrl(files.get('f1') as ContentFileRow, 'http://x')).toBeNull();
    expect(stateAfter(1)).toBe('azureStorageUriRequestSuccess');
    const row = files.get('f1') as ContentFileRow;
    // Whole seconds, as SAS expiry times are written.
    expect(row.sasExpiresAt).toBe(Math.floor((clock + 600_000) / 1000) * 1000);
    expect(lifecycle.sasUrl(row, 'http://x')).toContain('http://x/f1.bin');
  });

  it('should issue a later expiry when the upload is renewed', () => {
    stateAfter(300);
    const first = files.get('f1')?.sasExpiresAt ?? 0;
    clock += 60_000;
    expect(lifecycle.renew('f1')).toBe(true);
    expect(lifecycle.refresh('f1')?.uploadState).toBe('azureStorageUriRenewalPending');
    expect(stateAfter(300)).toBe('azureStorageUriRenewalSuccess');
    expect(files.get('f1')?.sasExpiresAt).toBeGreaterThan(first);
  });

  it('should refuse renewal and commit while the URI request is still pending', () => {
    expect(lifecycle.renew('f1')).toBe(false);
    expect(lifecycle.commit('f1', encrypted.fileEncryptionInfo)).toBe(false);
    expect(lifecycle.renew('missing')).toBe(false);
  });

  it('should end in commitFileSuccess when the blob decrypts with the given info', async () => {
    stateAfter(300);
    blobs.blobs.set('f1.bin', encryptedBytes);
    expect(await committedState(encrypted.fileEncryptionInfo)).toBe('commitFileSuccess');
    const row = files.get('f1') as ContentFileRow;
    expect(row.isCommitted).toBe(true);
    expect(row.commitVerdict).toBe('ok');
    expect(JSON.stringify(row)).not.toContain(encrypted.fileEncryptionInfo.encryptionKey);
  });

  it('should record why the commit failed when the blob is missing, short, or tampered', async () => {
    stateAfter(300);
    expect(await committedState(encrypted.fileEncryptionInfo)).toBe('commitFileFailed');
    expect(files.get('f1')?.commitVerdict).toBe('blob-missing');

    blobs.blobs.set('f1.bin', encryptedBytes.subarray(0, encryptedBytes.length - 16));
    expect(await committedState(encrypted.fileEncryptionInfo)).toBe('commitFileFailed');
    expect(files.get('f1')?.commitVerdict).toBe('size');

    const tampered = Buffer.from(encryptedBytes);
    tampered[60] = (tampered[60] ?? 0) ^ 0xff;
    blobs.blobs.set('f1.bin', tampered);
    expect(await committedState(encrypted.fileEncryptionInfo)).toBe('commitFileFailed');
    expect(files.get('f1')?.commitVerdict).toBe('mac-mismatch');
  });

  it('should fail the commit without throwing when the blob store cannot be read', async () => {
    const failures: string[] = [];
    const watched = new ContentFileLifecycle({
      files,
      blobs,
      delayMs: 0,
      sasValidityMs: 1000,
      now: () => new Date(clock),
      onCheckFailed: (id) => failures.push(id),
    });
    watched.refresh('f1');
    blobs.failReads = true;
    expect(watched.commit('f1', encrypted.fileEncryptionInfo)).toBe(true);
    await watched.idle();
    expect(watched.refresh('f1')?.uploadState).toBe('commitFileFailed');
    expect(files.get('f1')?.commitVerdict).toBe('store-error');
    expect(failures).toEqual(['f1']);
  });

  it('should fail a commit whose check was lost with a restart', () => {
    files.update('f1', { uploadState: 'commitFilePending', stateSince: clock, commitVerdict: null });
    expect(stateAfter(300)).toBe('commitFileFailed');
    expect(files.get('f1')?.commitVerdict).toBe('check-lost');
  });

  it('should stay pending while the check is still running even after the delay', async () => {
    stateAfter(300);
    blobs.blobs.set('f1.bin', encryptedBytes);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolvePromise) => (release = resolvePromise));
    const slowRead = blobs.read.bind(blobs);
    blobs.read = async (name) => {
      await gate;
      return slowRead(name);
    };
    lifecycle.commit('f1', encrypted.fileEncryptionInfo);
    expect(stateAfter(5000)).toBe('commitFilePending');
    release();
    await lifecycle.idle();
    expect(stateAfter(0)).toBe('commitFileSuccess');
  });

  it('should not write a verdict when the file was deleted during the check', async () => {
    stateAfter(300);
    blobs.blobs.set('f1.bin', encryptedBytes);
    lifecycle.commit('f1', encrypted.fileEncryptionInfo);
    files.remove('f1');
    await lifecycle.idle();
    expect(files.get('f1')).toBeUndefined();
    expect(lifecycle.refresh('f1')).toBeUndefined();
  });
});
