import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { MobileAppContentFile, WindowsMobileMSI } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

import {
  checkCommandLine,
  type ContentFileBody,
  mobileMsiManifest,
  type MsiInfo,
  readLobPackage,
  readMsiInfo,
  verifyIntuneEncryptedStream,
  type WindowsMobileMsiBody,
  writeLobPackage,
} from '/@/src-main/intune';
import { isAppError } from '/@/src-main/shared';

import { buildMsi, CCMSETUP_PRODUCT_CODE, CCMSETUP_UPGRADE_CODE } from './msi-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'comanage-lob-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMAND_LINE =
  'CCMSETUPCMD="CCMHOSTNAME=contoso.cloudapp.net/CCM_Proxy_MutualAuth/72057594037927939 SMSSiteCode=XYZ"';

let ccmsetup = '';
beforeAll(() => {
  ccmsetup = buildMsi(dir, { payloadBytes: 100_000 });
});

let runs = 0;
function outDir(): string {
  runs += 1;
  return join(dir, `out-${runs}`);
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; key: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, key: error.messageKey };
}

const hex = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');

describe('checkCommandLine', () => {
  it('should return the trimmed line when it is a plain CCMSETUPCMD line', () => {
    expect(checkCommandLine(`  ${COMMAND_LINE} `)).toBe(COMMAND_LINE);
  });

  it.each([
    ['', 'intune.commandLine.empty'],
    ['   ', 'intune.commandLine.empty'],
    [`CCMSETUPCMD="${'A'.repeat(1020)}"`, 'intune.commandLine.tooLong'],
    [`msiexec /i ccmsetup.msi ${COMMAND_LINE}`, 'intune.commandLine.msiexec'],
    [`/i ${COMMAND_LINE}`, 'intune.commandLine.msiexec'],
    ['CCMSETUPCMD="CCMHOSTNAME="cmg" SMSSiteCode=XYZ"', 'intune.commandLine.quotes'],
    ['CCMSETUPCMD="CCMHOSTNAME=cmg SMSSiteCode=XYZ', 'intune.commandLine.quotes'],
    [`${COMMAND_LINE}\nSMSMP=https://mp`, 'intune.commandLine.control'],
  ])('should refuse %j with %s', (line, key) => {
    let caught: unknown;
    try {
      checkCommandLine(line);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.messageKey).toBe(key);
  });

  it('should accept a line of exactly 1024 characters', () => {
    const line = `CCMSETUPCMD="${'A'.repeat(1024 - 14)}"`;
    expect(line.length).toBe(1024);
    expect(checkCommandLine(line)).toBe(line);
  });
});

describe('mobileMsiManifest', () => {
  it('should use the UpgradeCode, never the ProductCode, and System for a per-machine package', async () => {
    const info = await readMsiInfo(ccmsetup, 'ccmsetup.msi');
    const xml = mobileMsiManifest(info);
    expect(xml).toContain(`MsiUpgradeCode="${CCMSETUP_UPGRADE_CODE}"`);
    expect(xml).not.toContain(CCMSETUP_PRODUCT_CODE);
    expect(xml).toMatch(/^<MobileMsiData MsiExecutionContext="System" /);
    expect(xml).toContain('MsiIsMachineInstall="true" MsiIsUserInstall="false"');
    expect(xml).toContain('MsiContainsSystemFolders="true"');
  });

  it('should say User for a per-user package and Any for a dual-mode one', async () => {
    const info = await readMsiInfo(ccmsetup, 'ccmsetup.msi');
    const user: MsiInfo = { ...info, executionContext: 'User' };
    const dual: MsiInfo = { ...info, executionContext: 'Any' };
    expect(mobileMsiManifest(user)).toContain('MsiExecutionContext="User"');
    expect(mobileMsiManifest(user)).toContain('MsiIsMachineInstall="false" MsiIsUserInstall="true"');
    expect(mobileMsiManifest(dual)).toContain('MsiExecutionContext="Any"');
  });
});

describe('writeLobPackage', () => {
  it('should write the four files whose content.bin openssl decrypts back to the MSI', async () => {
    const out = outDir();
    const result = await writeLobPackage({
      msiPath: ccmsetup,
      msiLabel: 'ccmsetup.msi',
      outDir: out,
      commandLine: COMMAND_LINE,
      force: false,
    });
    expect(readdirSync(out).sort()).toEqual(['app.json', 'commit.json', 'content.bin', 'file.json']);
    const msi = readFileSync(ccmsetup);
    const commit = JSON.parse(readFileSync(join(out, 'commit.json'), 'utf8')) as {
      fileEncryptionInfo: Record<string, string>;
    };
    const info = commit.fileEncryptionInfo;
    expect(Object.keys(commit)).toEqual(['fileEncryptionInfo']);
    expect(info['fileDigest']).toBe(createHash('sha256').update(msi).digest('base64'));
    expect(statSync(join(out, 'commit.json')).mode & 0o077).toBe(0);

    const content = readFileSync(join(out, 'content.bin'));
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
    expect(plain.equals(msi)).toBe(true);
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
    expect(mac).toBe(hex(info['mac'] ?? ''));
    expect(content.subarray(0, 32).toString('hex')).toBe(mac);

    const file = JSON.parse(readFileSync(join(out, 'file.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toEqual({
      name: 'package.msi',
      size: msi.length,
      sizeEncrypted: 48 + 16 * Math.floor(msi.length / 16) + 16,
      manifest: Buffer.from(mobileMsiManifest(result.info)).toString('base64'),
      isDependency: false,
    });
    expect(content.length).toBe(file['sizeEncrypted']);
    await expect(
      verifyIntuneEncryptedStream(createReadStream(join(out, 'content.bin')), info, {
        expectedSize: content.length,
      }),
    ).resolves.toEqual({ ok: true });

    expect(JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))).toEqual({
      '@odata.type': '#microsoft.graph.windowsMobileMSI',
      displayName: 'ConfigMgr Client Setup Bootstrap',
      publisher: 'Microsoft Corporation',
      fileName: 'package.msi',
      productCode: CCMSETUP_PRODUCT_CODE,
      productVersion: '5.0.9128.1000',
      commandLine: COMMAND_LINE,
      ignoreVersionDetection: false,
    });
  });

  it('should put the keys only in commit.json when the package is written', async () => {
    const out = outDir();
    await writeLobPackage({ msiPath: ccmsetup, msiLabel: 'm', outDir: out, commandLine: '', force: false });
    const { fileEncryptionInfo } = JSON.parse(readFileSync(join(out, 'commit.json'), 'utf8')) as {
      fileEncryptionInfo: { encryptionKey: string; macKey: string };
    };
    for (const name of ['app.json', 'file.json']) {
      const text = readFileSync(join(out, name), 'utf8');
      expect(text).not.toContain(fileEncryptionInfo.encryptionKey);
      expect(text).not.toContain(fileEncryptionInfo.macKey);
    }
  });

  it('should refuse client.msi naming error 25502 and write nothing', async () => {
    const client = buildMsi(dir, { productName: 'Configuration Manager Client' });
    const out = outDir();
    const refused = await failure(
      writeLobPackage({
        msiPath: client,
        msiLabel: 'client.msi',
        outDir: out,
        commandLine: '',
        force: false,
      }),
    );
    expect(refused).toEqual({ code: 'invalid-input', key: 'intune.msi.clientMsi' });
    expect(existsSync(out)).toBe(false);
  });

  it('should refuse another product as not ccmsetup', async () => {
    const other = buildMsi(dir, { productName: 'Contoso Agent' });
    expect(
      (
        await failure(
          writeLobPackage({
            msiPath: other,
            msiLabel: 'a.msi',
            outDir: outDir(),
            commandLine: '',
            force: false,
          }),
        )
      ).key,
    ).toBe('intune.msi.notCcmsetup');
  });

  it('should refuse to replace an existing file without force and replace it with force', async () => {
    const out = outDir();
    mkdirSync(out);
    writeFileSync(join(out, 'app.json'), 'old');
    const options = { msiPath: ccmsetup, msiLabel: 'm', outDir: out, commandLine: '', force: false };
    expect(await failure(writeLobPackage(options))).toEqual({
      code: 'conflict',
      key: 'intune.cli.packageExists',
    });
    expect(readdirSync(out)).toEqual(['app.json']);
    await writeLobPackage({ ...options, force: true });
    expect(readFileSync(join(out, 'app.json'), 'utf8')).toContain('windowsMobileMSI');
  });

  it('should never write through a symlink, even with force', async () => {
    const out = outDir();
    mkdirSync(out);
    const victim = join(dir, `victim-${runs}.txt`);
    writeFileSync(victim, 'keep');
    symlinkSync(victim, join(out, 'commit.json'));
    const refused = await failure(
      writeLobPackage({ msiPath: ccmsetup, msiLabel: 'm', outDir: out, commandLine: '', force: true }),
    );
    expect(refused.key).toBe('fsio.write.notAFile.symlink');
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(readdirSync(out)).toEqual(['commit.json']);
  });

  it('should refuse an output folder that is a symlink', async () => {
    const real = outDir();
    mkdirSync(real);
    const link = `${real}-link`;
    symlinkSync(real, link);
    expect(
      (
        await failure(
          writeLobPackage({ msiPath: ccmsetup, msiLabel: 'm', outDir: link, commandLine: '', force: false }),
        )
      ).key,
    ).toBe('intune.package.outDirNotADirectory');
    expect(readdirSync(real)).toEqual([]);
  });

  it('should leave no file behind when cancelled during encryption', async () => {
    const out = outDir();
    const controller = new AbortController();
    controller.abort();
    const refused = await failure(
      writeLobPackage({
        msiPath: ccmsetup,
        msiLabel: 'm',
        outDir: out,
        commandLine: '',
        force: false,
        signal: controller.signal,
      }),
    );
    expect(refused.code).toBe('cancelled');
    expect(readdirSync(out)).toEqual([]);
  });

  it('should refuse a bad command line before reading the MSI', async () => {
    const refused = await failure(
      writeLobPackage({
        msiPath: join(dir, 'absent.msi'),
        msiLabel: 'm',
        outDir: outDir(),
        commandLine: 'msiexec /i x',
        force: false,
      }),
    );
    expect(refused.key).toBe('intune.commandLine.msiexec');
  });
});

describe('readLobPackage', () => {
  async function written(): Promise<string> {
    const out = outDir();
    await writeLobPackage({
      msiPath: ccmsetup,
      msiLabel: 'm',
      outDir: out,
      commandLine: COMMAND_LINE,
      force: false,
    });
    return out;
  }

  it('should return the bodies and the keys when the folder is as written', async () => {
    const out = await written();
    const read = await readLobPackage(out);
    expect(read.app).toEqual(JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')));
    expect(read.file).toEqual(JSON.parse(readFileSync(join(out, 'file.json'), 'utf8')));
    expect(read.fileEncryptionInfo).toEqual(
      (JSON.parse(readFileSync(join(out, 'commit.json'), 'utf8')) as { fileEncryptionInfo: unknown })
        .fileEncryptionInfo,
    );
    expect(read.contentPath).toBe(join(out, 'content.bin'));
  });

  it('should refuse with verifyFailed when content.bin was altered', async () => {
    const out = await written();
    const content = readFileSync(join(out, 'content.bin'));
    content[100] = (content[100] ?? 0) ^ 1;
    writeFileSync(join(out, 'content.bin'), content);
    expect(await failure(readLobPackage(out))).toEqual({
      code: 'invalid-input',
      key: 'intune.package.verifyFailed',
    });
  });

  it('should refuse with verifyFailed when commit.json comes from another package', async () => {
    const first = await written();
    const second = await written();
    writeFileSync(join(first, 'commit.json'), readFileSync(join(second, 'commit.json')));
    expect((await failure(readLobPackage(first))).key).toBe('intune.package.verifyFailed');
  });

  it('should refuse with invalid when a file is not JSON, a field is missing or a size does not add up', async () => {
    for (const [name, edit] of [
      ['app.json', () => 'not json'],
      ['app.json', (text: string) => text.replace('"productCode"', '"productKode"')],
      ['file.json', (text: string) => text.replace(/"size": \d+/, '"size": 1')],
      ['file.json', (text: string) => text.replace('"isDependency": false', '"isDependency": true')],
      ['commit.json', () => '[]'],
    ] as const) {
      const out = await written();
      writeFileSync(join(out, name), edit(readFileSync(join(out, name), 'utf8')));
      expect((await failure(readLobPackage(out))).key, name).toBe('intune.package.invalid');
    }
  });

  it('should refuse with not-found when a package file is missing', async () => {
    const out = await written();
    rmSync(join(out, 'file.json'));
    expect(await failure(readLobPackage(out))).toEqual({ code: 'not-found', key: 'fsio.read.notFound' });
  });
});

describe('Graph v1.0 shapes', () => {
  // The bodies must use only fields Graph v1.0 declares (beta-only fields such as identityVersion
  // or useDeviceContext are refused by v1.0). Checked at compile time and against the .d.ts text.
  expectTypeOf<Exclude<keyof WindowsMobileMsiBody, '@odata.type'>>().toExtend<keyof WindowsMobileMSI>();
  expectTypeOf<keyof ContentFileBody>().toExtend<keyof MobileAppContentFile>();

  function declaredFields(name: string): Set<string> {
    const require = createRequire(import.meta.url);
    const text = readFileSync(
      require.resolve('@microsoft/microsoft-graph-types/microsoft-graph.d.ts'),
      'utf8',
    );
    const fields = new Set<string>();
    let current: string | undefined = name;
    while (current) {
      const match = new RegExp(`export interface ${current} (?:extends (\\w+) )?\\{([\\s\\S]*?)\\n\\}`).exec(
        text,
      );
      if (!match) throw new Error(`interface ${current} not found`);
      for (const field of (match[2] ?? '').matchAll(/^\s{4}(\w+)\?:/gm)) fields.add(field[1] ?? '');
      current = match[1];
    }
    return fields;
  }

  it('should send only fields that microsoft-graph-types declares on windowsMobileMSI and mobileAppContentFile', async () => {
    const out = outDir();
    await writeLobPackage({
      msiPath: ccmsetup,
      msiLabel: 'm',
      outDir: out,
      commandLine: COMMAND_LINE,
      force: false,
    });
    const app = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')) as Record<string, unknown>;
    const file = JSON.parse(readFileSync(join(out, 'file.json'), 'utf8')) as Record<string, unknown>;
    const appFields = declaredFields('WindowsMobileMSI');
    expect(appFields.has('identityVersion')).toBe(false);
    for (const key of Object.keys(app).filter((key) => key !== '@odata.type'))
      expect(appFields).toContain(key);
    const fileFields = declaredFields('MobileAppContentFile');
    for (const key of Object.keys(file)) expect(fileFields).toContain(key);
  });
});
