import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CliIo, COMMANDS, runCli } from '/@/src-main/cli';
import type { Locale } from '/@/src-main/shared';

import { buildMsi } from './msi-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'comanage-lob-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LINE =
  'CCMSETUPCMD="CCMHOSTNAME=cmg.contoso.com/CCM_Proxy_MutualAuth/72057594037927939 SMSSiteCode=XYZ"';

beforeAll(() => {
  const msi = buildMsi(dir);
  writeFileSync(join(dir, 'ccmsetup.msi'), readFileSync(msi));
  writeFileSync(
    join(dir, 'client.msi'),
    readFileSync(buildMsi(dir, { productName: 'Configuration Manager Client' })),
  );
  writeFileSync(join(dir, 'random.msi'), Buffer.alloc(3000, 7));
});

async function run(
  args: string[],
  locale: Locale = 'en',
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, locale };
  const code = await runCli(['lob-package', ...args], io, COMMANDS);
  return { code, out: out.join(''), err: err.join('') };
}

describe('comanage lob-package', () => {
  it('should write the package, print the MSI facts and warn that commit.json holds the keys', async () => {
    const result = await run(['ccmsetup.msi', '--out-dir', 'pkg', '--command-line', LINE]);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, 'pkg')).sort()).toEqual([
      'app.json',
      'commit.json',
      'content.bin',
      'file.json',
    ]);
    expect(result.out).toContain('ConfigMgr Client Setup Bootstrap 5.0.9128.1000');
    expect(result.out).toContain('System');
    expect(result.err).toContain('commit.json holds the content encryption keys');
    const { fileEncryptionInfo } = JSON.parse(readFileSync(join(dir, 'pkg/commit.json'), 'utf8')) as {
      fileEncryptionInfo: { encryptionKey: string; macKey: string };
    };
    expect(result.out + result.err).not.toContain(fileEncryptionInfo.encryptionKey);
    expect(result.out + result.err).not.toContain(fileEncryptionInfo.macKey);
  });

  it('should exit 1 and name error 25502 when the MSI is client.msi', async () => {
    const result = await run(['client.msi', '--out-dir', 'pkg-client']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('25502');
    expect(readdirSync(dir)).not.toContain('pkg-client');
  });

  it('should exit 1 with a localized message when the file is not an MSI', async () => {
    const result = await run(['random.msi', '--out-dir', 'pkg-random'], 'fr');
    expect(result.code).toBe(1);
    expect(result.err).toContain('random.msi n’est pas un package Windows Installer');
  });

  it('should exit 1 when the command line contains msiexec /i', async () => {
    const result = await run(
      ['ccmsetup.msi', '--out-dir', 'pkg-bad', '--command-line', `msiexec /i ccmsetup.msi ${LINE}`],
      'nl',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('Intune voert msiexec zelf uit');
  });

  it('should exit 1 naming --force when the package already exists, and 0 with --force', async () => {
    expect((await run(['ccmsetup.msi', '--out-dir', 'pkg-again', '--command-line', LINE])).code).toBe(0);
    const again = await run(['ccmsetup.msi', '--out-dir', 'pkg-again', '--command-line', LINE]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('--force');
    expect(
      (await run(['ccmsetup.msi', '--out-dir', 'pkg-again', '--command-line', LINE, '--force'])).code,
    ).toBe(0);
  });

  it('should warn when no command line is given and still write the package', async () => {
    const result = await run(['ccmsetup.msi', '--out-dir', 'pkg-noline']);
    expect(result.code).toBe(0);
    expect(result.err).toContain('no --command-line given');
  });

  it('should exit 2 with the usage when --out-dir or the MSI is missing', async () => {
    for (const args of [
      ['ccmsetup.msi'],
      ['--out-dir', 'x'],
      ['a.msi', 'b.msi', '--out-dir', 'x'],
      ['--bogus'],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain('Usage: comanage lob-package');
    }
  });

  it('should say in its help that --force replaces existing files', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/--force\s+replace package files that already exist/);
  });
});
