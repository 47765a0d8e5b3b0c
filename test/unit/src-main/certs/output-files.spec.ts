import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeOutputFiles } from '../../../../src-main/certs/output-files';

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
});
