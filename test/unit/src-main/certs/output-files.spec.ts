import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeOutputFiles } from '/@/src-main/certs/output-files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'certs-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFiles', () => {
  it('should write every file with its mode and leave no temp file when all succeed', async () => {
    await writeOutputFiles([
      { path: join(dir, 'a.key'), data: 'key', mode: 0o600 },
      { path: join(dir, 'a.csr'), data: 'csr', mode: 0o644 },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['a.csr', 'a.key']);
    expect(statSync(join(dir, 'a.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'a.csr'), 'utf8')).toBe('csr');
  });

  it('should remove the first file when the second cannot be written', async () => {
    await expect(
      writeOutputFiles([
        { path: join(dir, 'a.key'), data: 'key', mode: 0o600 },
        { path: join(dir, 'missing-folder', 'a.csr'), data: 'csr', mode: 0o644 },
      ]),
    ).rejects.toMatchObject({ messageKey: 'certs.output.writeFailed', params: { code: 'ENOENT' } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should refuse to replace a file marked no-overwrite and write nothing', async () => {
    writeFileSync(join(dir, 'a.key'), 'old key');
    await expect(
      writeOutputFiles([
        { path: join(dir, 'a.key'), data: 'new', mode: 0o600, noOverwrite: true },
        { path: join(dir, 'a.csr'), data: 'csr', mode: 0o644 },
      ]),
    ).rejects.toMatchObject({ messageKey: 'certs.output.exists' });
    expect(readdirSync(dir)).toEqual(['a.key']);
    expect(readFileSync(join(dir, 'a.key'), 'utf8')).toBe('old key');
  });

  it('should refuse a device target and leave the device node in place', async () => {
    // As root, a device node of our own (never /dev itself: the old code replaced it by a file).
    const isRoot = process.getuid?.() === 0;
    const device = isRoot ? join(dir, 'full') : '/dev/full';
    if (isRoot) execFileSync('mknod', [device, 'c', '1', '7']);
    await expect(
      writeOutputFiles([
        { path: join(dir, 'a.key'), data: 'key', mode: 0o600 },
        { path: device, data: 'csr', mode: 0o644 },
      ]),
    ).rejects.toMatchObject({ code: 'invalid-input', messageKey: 'fsio.write.notAFile.device' });
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(isRoot ? ['full'] : []);
  });

  it('should refuse a folder, a FIFO and a socket as target, even when overwriting is allowed', async () => {
    mkdirSync(join(dir, 'folder.csr'));
    execFileSync('mkfifo', [join(dir, 'pipe.csr')]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'sock.csr'), resolve));
    try {
      for (const [name, kind] of [
        ['folder.csr', 'directory'],
        ['pipe.csr', 'fifo'],
        ['sock.csr', 'socket'],
      ] as const) {
        await expect(
          writeOutputFiles([{ path: join(dir, name), data: 'csr', mode: 0o644 }]),
        ).rejects.toMatchObject({ messageKey: `fsio.write.notAFile.${kind}`, params: { file: name } });
      }
      expect(lstatSync(join(dir, 'folder.csr')).isDirectory()).toBe(true);
      expect(lstatSync(join(dir, 'pipe.csr')).isFIFO()).toBe(true);
      expect(lstatSync(join(dir, 'sock.csr')).isSocket()).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['folder.csr', 'pipe.csr', 'sock.csr']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('should never write through a symlink, nor replace it, whether it leads somewhere or nowhere', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'certs-out-target-'));
    try {
      writeFileSync(join(outside, 'victim'), 'untouched');
      symlinkSync(join(outside, 'victim'), join(dir, 'to-file.pfx'));
      symlinkSync(join(outside, 'absent'), join(dir, 'dangling.pfx'));
      for (const name of ['to-file.pfx', 'dangling.pfx']) {
        await expect(
          writeOutputFiles([{ path: join(dir, name), data: 'new', mode: 0o600 }]),
        ).rejects.toMatchObject({ messageKey: 'fsio.write.notAFile.symlink', params: { file: name } });
        expect(lstatSync(join(dir, name)).isSymbolicLink()).toBe(true);
      }
      expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('untouched');
      expect(readdirSync(outside)).toEqual(['victim']);
      expect(readlinkSync(join(dir, 'dangling.pfx'))).toBe(join(outside, 'absent'));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('should replace an existing regular file when overwriting is allowed, and name the file as labelled', async () => {
    writeFileSync(join(dir, 'a.csr'), 'old');
    await writeOutputFiles([{ path: join(dir, 'a.csr'), data: 'new', mode: 0o644 }]);
    expect(readFileSync(join(dir, 'a.csr'), 'utf8')).toBe('new');
    await expect(
      writeOutputFiles([
        {
          path: join(dir, 'a.csr'),
          data: 'newer',
          mode: 0o644,
          noOverwrite: true,
          label: 'out/a.csr',
          existsMessageKey: 'certs.cli.outputExists',
        },
      ]),
    ).rejects.toMatchObject({ messageKey: 'certs.cli.outputExists', params: { file: 'out/a.csr' } });
    expect(readFileSync(join(dir, 'a.csr'), 'utf8')).toBe('new');
  });
});
