// The built CLI (electron-vite output, run as plain node) on a wixl-built MSI, checked with
// openssl and msiinfo only: the independent end-to-end check of `comanage lob-package`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildMsi, msiinfoProperties } from '/@/test/unit/src-main/intune/msi-fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir = '';
let cli = '';
let msi = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lob-package-cli-'));
  execFileSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', join(dir, 'out')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cli = join(dir, 'out/main/cli.js');
  msi = buildMsi(dir, { payloadBytes: 3 * 1024 * 1024 + 5 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');

describe('built comanage lob-package', () => {
  it('should write a content.bin that openssl decrypts to the MSI, with the MSI facts msiinfo reads', () => {
    const line = 'CCMSETUPCMD="CCMHOSTNAME=cmg.contoso.com/CCM_Proxy_MutualAuth/1 SMSSiteCode=XYZ"';
    const result = spawnSync(
      process.execPath,
      [cli, 'lob-package', msi, '--out-dir', 'pkg', '--command-line', line],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toContain('commit.json holds the content encryption keys');
    expect(result.status).toBe(0);

    const original = readFileSync(msi);
    const content = readFileSync(join(dir, 'pkg/content.bin'));
    const info = (
      JSON.parse(readFileSync(join(dir, 'pkg/commit.json'), 'utf8')) as {
        fileEncryptionInfo: Record<string, string>;
      }
    ).fileEncryptionInfo;
    writeFileSync(join(dir, 'ct.bin'), content.subarray(48));
    writeFileSync(join(dir, 'ivct.bin'), content.subarray(32));
    const plain = execFileSync(
      'openssl',
      [
        'enc',
        '-d',
        '-aes-256-cbc',
        '-K',
        hex(info['encryptionKey'] ?? ''),
        '-iv',
        hex(info['initializationVector'] ?? ''),
        '-in',
        join(dir, 'ct.bin'),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    expect(plain.equals(original)).toBe(true);
    const mac = execFileSync(
      'openssl',
      [
        'dgst',
        '-sha256',
        '-mac',
        'HMAC',
        '-macopt',
        `hexkey:${hex(info['macKey'] ?? '')}`,
        '-r',
        join(dir, 'ivct.bin'),
      ],
      { encoding: 'utf8' },
    ).split(' ')[0];
    expect(mac).toBe(content.subarray(0, 32).toString('hex'));
    expect(mac).toBe(hex(info['mac'] ?? ''));
    expect(info['fileDigest']).toBe(createHash('sha256').update(original).digest('base64'));

    const properties = msiinfoProperties(msi);
    const app = JSON.parse(readFileSync(join(dir, 'pkg/app.json'), 'utf8')) as Record<string, unknown>;
    expect(app).toMatchObject({
      productCode: properties.get('ProductCode'),
      productVersion: properties.get('ProductVersion'),
      displayName: properties.get('ProductName'),
      publisher: properties.get('Manufacturer'),
      commandLine: line,
    });
    const file = JSON.parse(readFileSync(join(dir, 'pkg/file.json'), 'utf8')) as {
      manifest: string;
      size: number;
    };
    expect(file.size).toBe(original.length);
    expect(Buffer.from(file.manifest, 'base64').toString('utf8')).toContain(
      `MsiUpgradeCode="${properties.get('UpgradeCode') ?? 'missing'}"`,
    );
  });

  it('should exit 1 with a message and write nothing when the MSI is truncated', () => {
    writeFileSync(join(dir, 'cut.msi'), readFileSync(msi).subarray(0, 4096));
    const result = spawnSync(process.execPath, [cli, 'lob-package', 'cut.msi', '--out-dir', 'pkg-cut'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cut\.msi is (cut short|damaged)/);
    expect(spawnSync('ls', [join(dir, 'pkg-cut')]).status).not.toBe(0);
  });
});
