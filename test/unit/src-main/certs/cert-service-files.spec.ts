import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CertService } from '/@/src-main/certs/cert-service';
import type { SecretStore } from '/@/src-main/secrets';

// Paths the renderer sends over RPC (certs:inspect-pfx, certs:import-pfx, certs:import-answer,
// certs:save-request, certs:save-inf): only regular files are read, and only up to their limit.

const values = new Map<string, string>();
const secrets: SecretStore = {
  backend: 'test map',
  get: async (name) => values.get(name) ?? null,
  set: async (name, value) => void values.set(name, value),
  delete: async (name) => values.delete(name),
  list: async () => [...values.keys()],
};
let home: string;
let files: string;
let service: CertService;
let requestId: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cert-files-home-'));
  files = mkdtempSync(join(tmpdir(), 'cert-files-'));
  service = new CertService({ secrets, home });
  requestId = (await service.createCsr({ cn: 'cmg.contoso.com' })).id;
  execFileSync('mkfifo', [join(files, 'answer.cer')]);
  mkdirSync(join(files, 'folder.pfx'));
  writeFileSync(join(files, 'sparse.pfx'), '');
  execFileSync('truncate', ['-s', '2G', join(files, 'sparse.pfx')]);
}, 60_000);
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const inspectPath = (path: string) => service.inspect({ source: { path }, password: 'x' }, 'en');

describe('CertService file inputs', () => {
  it('should refuse /dev/zero at inspect, PFX import and answer import without reading it', async () => {
    const device = { messageKey: 'fsio.read.notAFile.device', params: { file: 'zero' } };
    await expect(inspectPath('/dev/zero')).rejects.toMatchObject(device);
    await expect(
      service.importExistingPfx({ source: { path: '/dev/zero' }, password: 'x' }),
    ).rejects.toMatchObject(device);
    await expect(service.importAnswer(requestId, { path: '/dev/zero' })).rejects.toMatchObject(device);
  });

  it('should refuse a FIFO at once while a concurrent request is answered', async () => {
    const [fifo, other] = await Promise.all([
      service.importAnswer(requestId, { path: join(files, 'answer.cer') }).catch((error: unknown) => error),
      service.inspect({ source: { contentBase64: '' }, password: 'x' }, 'en'),
    ]);
    expect(fifo).toMatchObject({ code: 'invalid-input', messageKey: 'fsio.read.notAFile.fifo' });
    expect(other.checks[0]).toMatchObject({ id: 'pfx-file', severity: 'error' });
  });

  it('should refuse a folder and a socket by name', async () => {
    await expect(inspectPath(join(files, 'folder.pfx'))).rejects.toMatchObject({
      messageKey: 'fsio.read.notAFile.directory',
      params: { file: 'folder.pfx' },
    });
    const socket = join(files, 'agent.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await expect(service.importAnswer(requestId, { path: socket })).rejects.toMatchObject({
        messageKey: 'fsio.read.notAFile.socket',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('should refuse a sparse 2 GiB file by its size: a check at inspect, an error at import', async () => {
    const sparse = join(files, 'sparse.pfx');
    const inspected = await inspectPath(sparse);
    expect(inspected.checks).toMatchObject([{ id: 'pfx-file', severity: 'error' }]);
    expect(inspected.checks[0]?.message).toContain((2 * 1024 ** 3).toLocaleString('en'));
    await expect(service.importAnswer(requestId, { path: sparse })).rejects.toMatchObject({
      messageKey: 'fsio.read.tooLarge',
      params: { file: 'sparse.pfx', size: 2 * 1024 ** 3, max: 1024 * 1024 },
    });
    await expect(
      service.importExistingPfx({ source: { path: sparse }, password: 'x' }),
    ).rejects.toMatchObject({
      messageKey: 'certs.pfxImport.tooLarge',
    });
  });

  it('should say a missing file does not exist, naming it without its folder', async () => {
    await expect(inspectPath(join(files, 'gone.pfx'))).rejects.toMatchObject({
      code: 'not-found',
      messageKey: 'fsio.read.notFound',
      params: { file: 'gone.pfx' },
    });
  });
});

describe('CertService file outputs', () => {
  it('should refuse a device, a folder and a symlink as the target of save-request and save-inf', async () => {
    const outside = join(files, 'outside.csr');
    writeFileSync(outside, 'untouched');
    symlinkSync(outside, join(files, 'link.csr'));
    const request = { cn: 'cmg.contoso.com' };
    await expect(service.saveRequest(requestId, join(files, 'link.csr'), true)).rejects.toMatchObject({
      messageKey: 'fsio.write.notAFile.symlink',
    });
    await expect(service.saveInf(request, join(files, 'folder.pfx'), true)).rejects.toMatchObject({
      messageKey: 'fsio.write.notAFile.directory',
    });
    await expect(service.saveInf(request, join(files, 'answer.cer'), true)).rejects.toMatchObject({
      messageKey: 'fsio.write.notAFile.fifo',
    });
    expect(readFileSync(outside, 'utf8')).toBe('untouched');
    expect(lstatSync(join(files, 'link.csr')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(files, 'answer.cer')).isFIFO()).toBe(true);
  });
});
