import { randomBytes } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { AnonymousCredential, BlockBlobClient, newPipeline } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type EncryptedFile, encryptFileForIntune } from '/@/src-main/intune';
import type { Emulator } from '/@/src-main/rehearsal';
import { type IntuneRehearsal, startIntuneRehearsal } from '/@/src-main/rehearsal/intune';

import { call, expectGraphError, manualClock, type Reply, startTestEmulator, tempDir } from './support';

const BLOCK_SIZE = 4 * 1024 * 1024;
const MSI_TYPE = '#microsoft.graph.windowsMobileMSI';
const MANIFEST = Buffer.from(
  '<MobileMsiData MsiExecutionContext="Any" MsiRequiresReboot="false" MsiUpgradeCode="{8E6F2E0B-1B2C-4B6A-9E55-6A4B1C2D3E4F}" MsiIsMachineInstall="true" MsiIsUserInstall="false" MsiIncludesServices="false" MsiContainsSystemRegistryKeys="false" MsiContainsSystemFolders="false"></MobileMsiData>',
).toString('base64');

const data = tempDir();
let emulator: Emulator;
let intune: IntuneRehearsal;
let apps: string;
let beta: string;
/** A 9 MiB + 5 B "installer", encrypted once: three 4 MiB-or-less blocks. */
let encrypted: EncryptedFile;
let encryptedPath: string;
let pilotGroupId: string;
let excludedGroupId: string;
/**
 * Moves the blob store's clock (SAS expiry) ahead of real time without waiting. Azurite checks the
 * SAS expiry against real time, so the clock only ever runs ahead: every SAS stays valid.
 */
let blobClockOffsetMs = 0;
/**
 * The emulator's clock: Intune's pending states last `STATE_DELAY_MS` on it, so a state moves only
 * when a test moves the clock, however slow the machine (real time made "before the URI was
 * issued" a race).
 */
const clock = manualClock(new Date());
const STATE_DELAY_MS = 40;

beforeAll(async () => {
  emulator = await startTestEmulator({ dataDir: join(data.dir, 'tenant'), now: clock.now });
  intune = await startIntuneRehearsal(emulator, {
    delayMs: STATE_DELAY_MS,
    blobNow: () => new Date(Date.now() + blobClockOffsetMs),
  });
  apps = `${emulator.graphBaseUrl}/v1.0/deviceAppManagement/mobileApps`;
  beta = `${emulator.graphBaseUrl}/beta/deviceAppManagement/mobileApps`;
  const plainPath = join(data.dir, 'ccmsetup.msi');
  await writeFile(plainPath, randomBytes(9 * 1024 * 1024 + 5));
  encryptedPath = join(data.dir, 'ccmsetup.msi.bin');
  encrypted = await encryptFileForIntune(plainPath, encryptedPath);
  const groups = await call<{ value: { id: string; displayName: string }[] }>(
    `${emulator.graphBaseUrl}/v1.0/groups`,
  );
  pilotGroupId = groups.body.value.find((group) => group.displayName.includes('pilot'))?.id ?? '';
  excludedGroupId = groups.body.value.find((group) => group.displayName.includes('excluded'))?.id ?? '';
});

afterAll(async () => {
  const pid = intune.blobStore.pid ?? 0;
  await emulator.close();
  expect(() => process.kill(pid, 0)).toThrow();
  data.cleanup();
});

type FileReply = {
  id: string;
  uploadState: string;
  azureStorageUri: string | null;
  azureStorageUriExpirationDateTime: string | null;
  isCommitted: boolean;
};

async function createApp(overrides: Record<string, unknown> = {}): Promise<string> {
  const reply = await call<{ id: string }>(apps, {
    method: 'POST',
    body: {
      '@odata.type': MSI_TYPE,
      displayName: 'ConfigMgr client (ccmsetup.msi)',
      publisher: 'Microsoft',
      description: 'Installs the ConfigMgr client through the CMG',
      fileName: 'ccmsetup.msi',
      commandLine:
        'CCMSETUPCMD="CCMHOSTNAME=contoso-cmg.contoso.com/CCM_Proxy_MutualAuth/72186325152220500 SMSSiteCode=PS1"',
      productCode: '{F4E7B5A3-3B0C-4A52-9B0A-9B2C8E2F1D11}',
      productVersion: '5.00.9128.1000',
      ignoreVersionDetection: false,
      ...overrides,
    },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

function filesUrl(appId: string, version: string): string {
  return `${apps}/${appId}/microsoft.graph.windowsMobileMSI/contentVersions/${version}/files`;
}

/** App + content version + file entry; returns the ids. */
async function prepareFile(sizes = encrypted): Promise<{ appId: string; version: string; fileId: string }> {
  const appId = await createApp();
  const version = await call<{ id: string }>(
    `${apps}/${appId}/microsoft.graph.windowsMobileMSI/contentVersions`,
    {
      method: 'POST',
      body: {},
    },
  );
  expect(version.status).toBe(201);
  const file = await call<FileReply>(filesUrl(appId, version.body.id), {
    method: 'POST',
    body: {
      '@odata.type': '#microsoft.graph.mobileAppContentFile',
      name: 'ccmsetup.msi',
      size: sizes.size,
      sizeEncrypted: sizes.sizeEncrypted,
      manifest: MANIFEST,
      isDependency: false,
    },
  });
  expect(file.status).toBe(201);
  expect(file.body.uploadState).toBe('azureStorageUriRequestPending');
  expect(file.body.azureStorageUri).toBeNull();
  return { appId, version: version.body.id, fileId: file.body.id };
}

/**
 * Polls the file like a real client until it leaves the pending state: waits for any commit check
 * to finish (a real event), then lets the state's delay pass on the emulator's clock.
 */
async function poll(
  where: { appId: string; version: string; fileId: string },
  pending: string,
): Promise<FileReply> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await intune.idle();
    clock.advance(STATE_DELAY_MS);
    const reply = await call<FileReply>(`${filesUrl(where.appId, where.version)}/${where.fileId}`);
    expect(reply.status).toBe(200);
    if (reply.body.uploadState !== pending) return reply.body;
  }
  throw new Error(`file stayed ${pending}`);
}

function blobClient(sasUrl: string): BlockBlobClient {
  // No SDK retries: the tests want to see a cut connection, not have it hidden.
  return new BlockBlobClient(
    sasUrl,
    newPipeline(new AnonymousCredential(), { retryOptions: { maxTries: 1 } }),
  );
}

const blockId = (index: number): string =>
  Buffer.from(`block-${String(index).padStart(6, '0')}`).toString('base64');

async function readBlock(index: number): Promise<Buffer> {
  const handle = await open(encryptedPath, 'r');
  try {
    const length = Math.min(BLOCK_SIZE, encrypted.sizeEncrypted - index * BLOCK_SIZE);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, index * BLOCK_SIZE);
    return buffer;
  } finally {
    await handle.close();
  }
}

const blockCount = (): number => Math.ceil(encrypted.sizeEncrypted / BLOCK_SIZE);

async function uploadBlocks(sasUrl: string, indexes: number[]): Promise<void> {
  const client = blobClient(sasUrl);
  for (const index of indexes) {
    const block = await readBlock(index);
    await client.stageBlock(blockId(index), block, block.length);
  }
}

async function commitBlocks(sasUrl: string, count = blockCount()): Promise<void> {
  await blobClient(sasUrl).commitBlockList(Array.from({ length: count }, (_, index) => blockId(index)));
}

async function commit(
  where: { appId: string; version: string; fileId: string },
  info: unknown,
): Promise<Reply> {
  return call(`${filesUrl(where.appId, where.version)}/${where.fileId}/commit`, {
    method: 'POST',
    body: { fileEncryptionInfo: info },
  });
}

describe('Intune LOB upload against the emulator and Azurite', () => {
  it('should publish and assign the app when the encrypted file is uploaded in blocks and committed', async () => {
    const where = await prepareFile();
    const ready = await poll(where, 'azureStorageUriRequestPending');
    expect(ready.uploadState).toBe('azureStorageUriRequestSuccess');
    expect(ready.azureStorageUri).toMatch(
      new RegExp(`^${emulator.baseUrl}/devstoreaccount1/intune-content/${where.fileId}\\.bin\\?.*sig=`),
    );
    expect(Date.parse(ready.azureStorageUriExpirationDateTime ?? '')).toBeGreaterThan(
      Date.now() + 5 * 60_000,
    );

    const sasUrl = ready.azureStorageUri ?? '';
    await uploadBlocks(
      sasUrl,
      Array.from({ length: blockCount() }, (_, index) => index),
    );
    await commitBlocks(sasUrl);
    expect(blockCount()).toBe(3);

    expect((await commit(where, encrypted.fileEncryptionInfo)).status).toBe(204);
    const committed = await poll(where, 'commitFilePending');
    expect(committed.uploadState).toBe('commitFileSuccess');
    expect(committed.isCommitted).toBe(true);

    const patch = await call(`${apps}/${where.appId}`, {
      method: 'PATCH',
      body: { '@odata.type': MSI_TYPE, committedContentVersion: where.version },
    });
    expect(patch.status).toBe(204);
    const app = await call<Record<string, unknown>>(`${apps}/${where.appId}`);
    expect(app.body).toMatchObject({
      '@odata.type': MSI_TYPE,
      committedContentVersion: where.version,
      publishingState: 'published',
      size: encrypted.size,
      fileName: 'ccmsetup.msi',
    });

    const assign = await call(`${apps}/${where.appId}/assign`, {
      method: 'POST',
      body: {
        mobileAppAssignments: [
          {
            '@odata.type': '#microsoft.graph.mobileAppAssignment',
            intent: 'required',
            target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: pilotGroupId },
          },
          {
            '@odata.type': '#microsoft.graph.mobileAppAssignment',
            intent: 'required',
            target: {
              '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
              groupId: excludedGroupId,
            },
          },
        ],
      },
    });
    expect(assign.status).toBe(204);
    const assignments = await call<{ value: { intent: string; target: { groupId: string } }[] }>(
      `${apps}/${where.appId}/assignments`,
    );
    expect(assignments.body.value.map((item) => item.target.groupId).sort()).toEqual(
      [pilotGroupId, excludedGroupId].sort(),
    );

    const objects = await call<Record<string, number>>(`${emulator.baseUrl}/_emulator/objects`);
    expect(objects.body['mobileApps']).toBeGreaterThanOrEqual(1);

    // The tenant file keeps the verdict, never the keys.
    await emulator.store.flush();
    const saved = await readFile(join(data.dir, 'tenant', 'tenant.json'), 'utf8');
    expect(saved).toContain('commitFileSuccess');
    for (const secret of [encrypted.fileEncryptionInfo.encryptionKey, encrypted.fileEncryptionInfo.macKey]) {
      expect(saved).not.toContain(secret);
    }
  });

  it('should fail the commit when fileEncryptionInfo carries other keys, and succeed on a retry with the right ones', async () => {
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    await uploadBlocks(sasUrl, [0, 1, 2]);
    await commitBlocks(sasUrl);
    const wrong = {
      ...encrypted.fileEncryptionInfo,
      encryptionKey: randomBytes(32).toString('base64'),
      macKey: randomBytes(32).toString('base64'),
    };
    expect((await commit(where, wrong)).status).toBe(204);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileFailed');

    const refused = await call(`${apps}/${where.appId}`, {
      method: 'PATCH',
      body: { '@odata.type': MSI_TYPE, committedContentVersion: where.version },
    });
    expectGraphError(refused, 400, 'BadRequest');

    expect((await commit(where, encrypted.fileEncryptionInfo)).status).toBe(204);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileSuccess');
  });

  it('should fail the commit when the upload is missing its last block', async () => {
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    await uploadBlocks(sasUrl, [0, 1]);
    await commitBlocks(sasUrl, 2);
    await commit(where, encrypted.fileEncryptionInfo);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileFailed');
  });

  it('should fail the commit when no block list was ever committed', async () => {
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    await uploadBlocks(sasUrl, [0]);
    await commit(where, encrypted.fileEncryptionInfo);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileFailed');
  });

  it('should hand out a fresh SAS that accepts blocks when the upload is renewed', async () => {
    const where = await prepareFile();
    const first = await poll(where, 'azureStorageUriRequestPending');
    // Expiry has whole seconds: move the blob clock past the next one instead of sleeping.
    blobClockOffsetMs += 1_100;
    const renew = await call(`${filesUrl(where.appId, where.version)}/${where.fileId}/renewUpload`, {
      method: 'POST',
      body: {},
    });
    expect(renew.status).toBe(204);
    const pending = await call<FileReply>(`${filesUrl(where.appId, where.version)}/${where.fileId}`);
    expect(pending.body.uploadState).toBe('azureStorageUriRenewalPending');
    const renewed = await poll(where, 'azureStorageUriRenewalPending');
    expect(renewed.uploadState).toBe('azureStorageUriRenewalSuccess');
    expect(renewed.azureStorageUri).not.toBe(first.azureStorageUri);
    expect(Date.parse(renewed.azureStorageUriExpirationDateTime ?? '')).toBeGreaterThan(
      Date.parse(first.azureStorageUriExpirationDateTime ?? ''),
    );
    await uploadBlocks(renewed.azureStorageUri ?? '', [0, 1, 2]);
    await commitBlocks(renewed.azureStorageUri ?? '');
    await commit(where, encrypted.fileEncryptionInfo);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileSuccess');
  });

  it('should keep staged blocks across a cut connection so the client resends only the missing ones', async () => {
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    await uploadBlocks(sasUrl, [0]);
    emulator.faults.add({
      kind: 'cut',
      method: 'PUT',
      path: '/devstoreaccount1/**',
      afterBytes: 1024 * 1024,
      times: 1,
    });
    await expect(uploadBlocks(sasUrl, [1])).rejects.toThrow();

    const listed = await blobClient(sasUrl).getBlockList('uncommitted');
    const staged = new Set((listed.uncommittedBlocks ?? []).map((block) => block.name));
    expect([...staged]).toEqual([blockId(0)]);
    const missing = [0, 1, 2].filter((index) => !staged.has(blockId(index)));
    expect(missing).toEqual([1, 2]);
    await uploadBlocks(sasUrl, missing);
    await commitBlocks(sasUrl);
    await commit(where, encrypted.fileEncryptionInfo);
    expect((await poll(where, 'commitFilePending')).uploadState).toBe('commitFileSuccess');
  });

  it('should refuse an upload when the SAS signature is altered', async () => {
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    const forged = sasUrl.replace(
      /sig=[^&]+/,
      `sig=${encodeURIComponent(randomBytes(32).toString('base64'))}`,
    );
    await expect(uploadBlocks(forged, [0])).rejects.toMatchObject({ statusCode: 403 });
  });
});

describe('Intune mobileApps contract', () => {
  it('should refuse beta-only properties on v1.0 and accept them on beta', async () => {
    const body = {
      '@odata.type': MSI_TYPE,
      displayName: 'ccmsetup',
      publisher: 'Microsoft',
      fileName: 'ccmsetup.msi',
      identityVersion: '5.00.9128.1000',
    };
    const refused = await call(apps, { method: 'POST', body });
    expectGraphError(refused, 400, 'BadRequest');
    expect(JSON.stringify(refused.body)).toContain('identityVersion');

    const created = await call<{ id: string; identityVersion: string }>(beta, {
      method: 'POST',
      body: { ...body, useDeviceContext: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.identityVersion).toBe('5.00.9128.1000');
    const viaV1 = await call<Record<string, unknown>>(`${apps}/${created.body.id}`);
    expect(viaV1.body).not.toHaveProperty('identityVersion');
    expect(viaV1.body).not.toHaveProperty('useDeviceContext');
    const patch = await call(`${apps}/${created.body.id}`, {
      method: 'PATCH',
      body: { useDeviceContext: false },
    });
    expectGraphError(patch, 400, 'BadRequest');
  });

  it('should refuse a create without @odata.type or a required property', async () => {
    expectGraphError(
      await call(apps, { method: 'POST', body: { displayName: 'x', publisher: 'y', fileName: 'z.msi' } }),
      400,
      'BadRequest',
    );
    for (const name of ['displayName', 'publisher', 'fileName']) {
      const body: Record<string, unknown> = {
        '@odata.type': MSI_TYPE,
        displayName: 'x',
        publisher: 'y',
        fileName: 'z.msi',
      };
      body[name] = '   ';
      const reply = await call(apps, { method: 'POST', body });
      expectGraphError(reply, 400, 'BadRequest');
      expect(JSON.stringify(reply.body)).toContain(name);
    }
    expectGraphError(
      await call(apps, {
        method: 'POST',
        body: {
          '@odata.type': '#microsoft.graph.win32LobApp',
          displayName: 'x',
          publisher: 'y',
          fileName: 'z',
        },
      }),
      400,
      'BadRequest',
    );
    expectGraphError(await call(apps, { method: 'POST', body: '[1,2]' }), 400, 'BadRequest');
    expectGraphError(
      await call(apps, {
        method: 'POST',
        body: { '@odata.type': MSI_TYPE, displayName: 7, publisher: 'y', fileName: 'z' },
      }),
      400,
      'BadRequest',
    );
  });

  it('should find apps by displayName when $filter is used, quotes included', async () => {
    const name = `O'Brien's ccmsetup ${randomBytes(4).toString('hex')}`;
    const id = await createApp({ displayName: name });
    const literal = name.replace(/'/g, "''");
    const found = await call<{ value: { id: string }[] }>(
      `${apps}?$filter=${encodeURIComponent(`displayName eq '${literal}'`)}`,
    );
    expect(found.body.value.map((app) => app.id)).toEqual([id]);
    const prefix = await call<{ value: { id: string }[] }>(
      `${apps}?$filter=${encodeURIComponent(`startswith(displayName,'o''brien''s')`)}`,
    );
    expect(prefix.body.value.map((app) => app.id)).toContain(id);
    expectGraphError(await call(`${apps}?$filter=${encodeURIComponent('size gt 3')}`), 400, 'BadRequest');
  });

  it('should refuse a committedContentVersion that does not exist or has no committed file', async () => {
    const where = await prepareFile();
    for (const version of ['99', where.version]) {
      expectGraphError(
        await call(`${apps}/${where.appId}`, { method: 'PATCH', body: { committedContentVersion: version } }),
        400,
        'BadRequest',
      );
    }
  });

  it('should refuse to assign an app without committed content or to unknown groups and target types', async () => {
    const appId = await createApp();
    const assignment = (target: Record<string, unknown>): unknown => ({
      mobileAppAssignments: [
        { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target },
      ],
    });
    const groupTarget = { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: pilotGroupId };
    expectGraphError(
      await call(`${apps}/${appId}/assign`, { method: 'POST', body: assignment(groupTarget) }),
      400,
      'BadRequest',
    );

    // A published app (reusing the committed flow) for the target checks.
    const where = await prepareFile();
    const sasUrl = (await poll(where, 'azureStorageUriRequestPending')).azureStorageUri ?? '';
    await uploadBlocks(sasUrl, [0, 1, 2]);
    await commitBlocks(sasUrl);
    await commit(where, encrypted.fileEncryptionInfo);
    await poll(where, 'commitFilePending');
    await call(`${apps}/${where.appId}`, {
      method: 'PATCH',
      body: { committedContentVersion: where.version },
    });
    for (const target of [
      {
        '@odata.type': '#microsoft.graph.groupAssignmentTarget',
        groupId: '11111111-2222-3333-4444-555555555555',
      },
      { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: "'; DROP TABLE groups; --" },
      {
        '@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
        collectionId: 'PS100001',
      },
      { groupId: pilotGroupId },
    ]) {
      expectGraphError(
        await call(`${apps}/${where.appId}/assign`, { method: 'POST', body: assignment(target) }),
        400,
        'BadRequest',
      );
    }
    expectGraphError(
      await call(`${apps}/${where.appId}/assign`, { method: 'POST', body: { mobileAppAssignments: 'all' } }),
      400,
      'BadRequest',
    );
    const none = await call<{ value: unknown[] }>(`${apps}/${where.appId}/assignments`);
    expect(none.body.value).toEqual([]);
  });

  it('should refuse hostile content file entries', async () => {
    const appId = await createApp();
    const version = await call<{ id: string }>(
      `${apps}/${appId}/microsoft.graph.windowsMobileMSI/contentVersions`,
      {
        method: 'POST',
        body: {},
      },
    );
    const good = {
      name: 'ccmsetup.msi',
      size: 10,
      sizeEncrypted: 64,
      manifest: MANIFEST,
      isDependency: false,
    };
    for (const patch of [
      { name: '' },
      { name: '..\\..\\evil.msi' },
      { name: 'a\u0000b.msi' },
      { size: -1 },
      { size: 1.5 },
      { sizeEncrypted: 5 },
      { size: 2 ** 60, sizeEncrypted: 2 ** 60 + 64 },
      { manifest: 'not base64 <xml>' },
      { isDependency: 'no' },
      { sizeInBytes: 3 },
    ]) {
      expectGraphError(
        await call(filesUrl(appId, version.body.id), { method: 'POST', body: { ...good, ...patch } }),
        400,
        'BadRequest',
      );
    }
    expectGraphError(
      await call(filesUrl(appId, '42'), { method: 'POST', body: good }),
      404,
      'ResourceNotFound',
    );
  });

  it('should refuse commit and renewal before the upload URI was issued', async () => {
    const where = await prepareFile();
    const base = `${filesUrl(where.appId, where.version)}/${where.fileId}`;
    expectGraphError(await commit(where, encrypted.fileEncryptionInfo), 400, 'BadRequest');
    expectGraphError(await call(`${base}/renewUpload`, { method: 'POST', body: {} }), 400, 'BadRequest');
    await poll(where, 'azureStorageUriRequestPending');
    expectGraphError(await commit(where, 'keys'), 400, 'BadRequest');
  });

  it('should forget the app, its versions and files when it is deleted', async () => {
    const where = await prepareFile();
    expect((await call(`${apps}/${where.appId}`, { method: 'DELETE' })).status).toBe(204);
    expectGraphError(await call(`${apps}/${where.appId}`), 404, 'ResourceNotFound');
    expectGraphError(
      await call(`${filesUrl(where.appId, where.version)}/${where.fileId}`),
      404,
      'ResourceNotFound',
    );
    expectGraphError(await call(`${apps}/${where.appId}`, { method: 'DELETE' }), 404, 'ResourceNotFound');
  });
});

describe('Intune rehearsal resumed from its data folder', () => {
  it('should keep app and file metadata and hand out a working SAS on the new port when restarted', async () => {
    const folder = tempDir();
    try {
      const first = await startTestEmulator({ dataDir: folder.dir });
      await startIntuneRehearsal(first, { delayMs: 0 });
      const firstApps = `${first.graphBaseUrl}/v1.0/deviceAppManagement/mobileApps`;
      const app = await call<{ id: string }>(firstApps, {
        method: 'POST',
        body: {
          '@odata.type': MSI_TYPE,
          displayName: 'resume me',
          publisher: 'Microsoft',
          fileName: 'ccmsetup.msi',
        },
      });
      const versionsUrl = `${firstApps}/${app.body.id}/microsoft.graph.windowsMobileMSI/contentVersions`;
      await call(versionsUrl, { method: 'POST', body: {} });
      const file = await call<FileReply>(`${versionsUrl}/1/files`, {
        method: 'POST',
        body: { name: 'ccmsetup.msi', size: encrypted.size, sizeEncrypted: encrypted.sizeEncrypted },
      });
      const before = await call<FileReply>(`${versionsUrl}/1/files/${file.body.id}`);
      expect(before.body.uploadState).toBe('azureStorageUriRequestSuccess');
      await first.close();

      const second = await startTestEmulator({ dataDir: folder.dir });
      try {
        const secondIntune = await startIntuneRehearsal(second, { delayMs: 0 });
        const secondApps = `${second.graphBaseUrl}/v1.0/deviceAppManagement/mobileApps`;
        const where = { appId: app.body.id, version: '1', fileId: file.body.id };
        const after = await call<FileReply>(
          `${secondApps}/${app.body.id}/microsoft.graph.windowsMobileMSI/contentVersions/1/files/${file.body.id}`,
        );
        expect(after.body.uploadState).toBe('azureStorageUriRequestSuccess');
        expect(after.body.azureStorageUri?.startsWith(`${second.baseUrl}/devstoreaccount1/`)).toBe(true);
        // Azurite kept nothing: the client uploads the whole file again.
        const sasUrl = after.body.azureStorageUri ?? '';
        const listed = await blobClient(sasUrl)
          .getBlockList('all')
          .catch(() => null);
        expect(listed?.uncommittedBlocks ?? []).toEqual([]);
        await uploadBlocks(sasUrl, [0, 1, 2]);
        await commitBlocks(sasUrl);
        const reply = await call(
          `${secondApps}/${where.appId}/microsoft.graph.windowsMobileMSI/contentVersions/1/files/${where.fileId}/commit`,
          { method: 'POST', body: { fileEncryptionInfo: encrypted.fileEncryptionInfo } },
        );
        expect(reply.status).toBe(204);
        // The commit check (decrypting the blob) is the event to wait for; with no delay the next read shows its verdict.
        await secondIntune.idle();
        const state = (
          await call<FileReply>(
            `${secondApps}/${where.appId}/microsoft.graph.windowsMobileMSI/contentVersions/1/files/${where.fileId}`,
          )
        ).body.uploadState;
        expect(state).toBe('commitFileSuccess');
      } finally {
        await second.close();
      }
    } finally {
      folder.cleanup();
    }
  });
});
