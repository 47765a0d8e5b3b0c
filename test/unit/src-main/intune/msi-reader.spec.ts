import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { decodeStreamName, encodeStreamName, readMsiInfo } from '/@/src-main/intune';
import { isAppError } from '/@/src-main/shared';

import { buildMsi, CCMSETUP_PRODUCT_CODE, CCMSETUP_UPGRADE_CODE, msiinfoProperties } from './msi-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'comanage-msi-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ccmsetup = '';
beforeAll(() => {
  ccmsetup = buildMsi(dir, { service: true, properties: { SMSSITECODE: 'XYZ' } });
});

async function failureOf(path: string): Promise<{ code: string; key: string; params: object }> {
  const error = await readMsiInfo(path, 'test.msi').then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, key: error.messageKey, params: error.params };
}

function copyWith(source: string, name: string, edit: (bytes: Buffer) => Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(source)));
  return path;
}

describe('stream names', () => {
  it('should pack two name characters into one unit and mark tables with U+4840 when encoding', () => {
    const stored = encodeStreamName('Property');
    expect(stored.charCodeAt(0)).toBe(0x4840);
    expect(stored.length).toBe(1 + 4);
    expect(decodeStreamName(stored)).toBe('!Property');
    expect(decodeStreamName(encodeStreamName('_StringPool'))).toBe('!_StringPool');
    expect(decodeStreamName(encodeStreamName('payload.cab', false))).toBe('payload.cab');
  });

  it('should find every table msiinfo lists under its encoded name in the compound file cfb reads', () => {
    const container = CFB.read(readFileSync(ccmsetup), { type: 'buffer' });
    const names = container.FileIndex.map((entry) => decodeStreamName(entry.name));
    for (const table of [
      '!Property',
      '!_StringPool',
      '!_StringData',
      '!_Columns',
      '!_Tables',
      '!ServiceInstall',
    ]) {
      expect(names).toContain(table);
    }
  });
});

describe('readMsiInfo', () => {
  it('should read the same Property rows as msiinfo export when the MSI is built by wixl', async () => {
    const info = await readMsiInfo(ccmsetup, 'ccmsetup.msi');
    expect(info.properties).toEqual(msiinfoProperties(ccmsetup));
    expect(info).toMatchObject({
      productCode: CCMSETUP_PRODUCT_CODE,
      upgradeCode: CCMSETUP_UPGRADE_CODE,
      productName: 'ConfigMgr Client Setup Bootstrap',
      productVersion: '5.0.9128.1000',
      manufacturer: 'Microsoft Corporation',
      allUsers: '1',
      executionContext: 'System',
      includesServices: true,
      containsSystemFolders: true,
    });
    expect(info.properties.get('SMSSITECODE')).toBe('XYZ');
  });

  it('should read only its structures (well under 512 KiB) when the MSI embeds a 24 MiB cabinet', async () => {
    const big = buildMsi(dir, { payloadBytes: 24 * 1024 * 1024 });
    const probe = await open(big, 'r');
    const prototype = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const read = vi.spyOn(prototype, 'read');
    try {
      const info = await readMsiInfo(big, 'big.msi');
      expect(info.productName).toBe('ConfigMgr Client Setup Bootstrap');
      const requested = read.mock.calls.reduce((sum, call) => sum + Number(call[2] ?? 0), 0);
      expect(statSync(big).size).toBeGreaterThan(24 * 1024 * 1024);
      // The header, the FAT (4 bytes per 512-byte sector: about 200 KiB here), the directory and the tables.
      expect(requested).toBeGreaterThan(0);
      expect(requested).toBeLessThan(512 * 1024);
      // FAT sectors are read in runs, not one call each (about 400 here).
      expect(read.mock.calls.length).toBeLessThan(100);
    } finally {
      read.mockRestore();
    }
  });

  it('should report the User context and no services when the package is per-user', async () => {
    const path = buildMsi(dir, { scope: 'perUser' });
    const info = await readMsiInfo(path, 'user.msi');
    expect(info.allUsers).toBe('');
    expect(info.executionContext).toBe('User');
    expect(info.includesServices).toBe(false);
  });

  it('should read non-ASCII names and long values when they are near the Property value limit', async () => {
    const long = 'é'.repeat(8000);
    const path = buildMsi(dir, { manufacturer: 'Société Générale — Utrecht', properties: { NOTE: long } });
    const info = await readMsiInfo(path, 'accents.msi');
    expect(info.manufacturer).toBe('Société Générale — Utrecht');
    expect(info.properties.get('NOTE')).toBe(long);
    expect(info.properties).toEqual(msiinfoProperties(path));
  });

  it('should refuse with valueTooLong naming the property when a Property value is huge', async () => {
    // 70 000 characters also exercises the pool's 64 KiB+ length encoding.
    const path = buildMsi(dir, { properties: { HUGE: 'x'.repeat(70_000) } });
    expect(msiinfoProperties(path).get('HUGE')?.length).toBe(70_000);
    expect(await failureOf(path)).toMatchObject({
      code: 'invalid-input',
      key: 'intune.msi.valueTooLong',
      params: { property: 'HUGE', length: 70_000 },
    });
  });

  it('should refuse with notCompound when the file is random bytes or empty', async () => {
    for (const [name, bytes] of [
      ['random.msi', randomBytes(4096)],
      ['empty.msi', Buffer.alloc(0)],
      ['text.msi', Buffer.from('MZ this is an exe, not an MSI')],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      expect((await failureOf(path)).key).toBe('intune.msi.notCompound');
    }
  });

  it('should refuse with notMsi when the compound file holds no MSI tables', async () => {
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, 'Root Entry/WordDocument', Buffer.alloc(5000, 1));
    const path = join(dir, 'word.doc');
    writeFileSync(path, CFB.write(container, { type: 'buffer' }) as Buffer);
    expect((await failureOf(path)).key).toBe('intune.msi.notMsi');
  });

  it('should refuse with a truncated or corrupt message and never crash when the MSI is cut short', async () => {
    const size = readFileSync(ccmsetup).length;
    for (const cut of [8, 100, 511, 512, 1024, Math.floor(size / 2), size - 512, size - 1]) {
      const path = copyWith(ccmsetup, `cut-${cut}.msi`, (bytes) => bytes.subarray(0, cut));
      const failure = await failureOf(path);
      expect(failure.code, `cut at ${cut}`).toBe('invalid-input');
      expect([
        'intune.msi.truncated',
        'intune.msi.corrupt',
        'intune.msi.notCompound',
        'intune.msi.notMsi',
      ]).toContain(failure.key);
    }
  });

  it('should refuse with badStringRef when the Property table points past the end of the string pool', async () => {
    const container = CFB.read(readFileSync(ccmsetup), { type: 'buffer' });
    const property = container.FileIndex.find((entry) => decodeStreamName(entry.name) === '!Property');
    const content = property?.content as Buffer;
    // Column-major: the first 2-byte cell is the first row's Property name id.
    const edited = Buffer.from(content);
    edited.writeUInt16LE(0xfff0, 0);
    const path = copyWith(ccmsetup, 'badref.msi', (bytes) => {
      const copy = Buffer.from(bytes);
      const at = copy.indexOf(content);
      expect(at).toBeGreaterThan(0);
      edited.copy(copy, at);
      return copy;
    });
    expect(await failureOf(path)).toMatchObject({
      key: 'intune.msi.badStringRef',
      params: { table: 'Property' },
    });
  });

  it('should refuse with notMsi when _Tables does not list the Property table', async () => {
    const container = CFB.read(readFileSync(ccmsetup), { type: 'buffer' });
    const tables = container.FileIndex.find((entry) => decodeStreamName(entry.name) === '!_Tables');
    const content = tables?.content as Buffer;
    const path = copyWith(ccmsetup, 'no-tables.msi', (bytes) => {
      const copy = Buffer.from(bytes);
      const at = copy.indexOf(content);
      expect(at).toBeGreaterThan(0);
      copy.fill(0, at, at + content.length);
      return copy;
    });
    expect((await failureOf(path)).key).toBe('intune.msi.notMsi');
  });

  it('should refuse with an invalid-input error and never crash when the string pool is fuzzed', async () => {
    const container = CFB.read(readFileSync(ccmsetup), { type: 'buffer' });
    const pool = container.FileIndex.find((entry) => decodeStreamName(entry.name) === '!_StringPool');
    const original = pool?.content as Buffer;
    for (let round = 0; round < 40; round += 1) {
      const fuzzed = Buffer.from(original);
      for (let flips = 0; flips < 4; flips += 1) {
        const at = 4 + Math.floor(Math.random() * (fuzzed.length - 4));
        fuzzed[at] = Math.floor(Math.random() * 256);
      }
      const path = copyWith(ccmsetup, `fuzz-${round}.msi`, (bytes) => {
        const copy = Buffer.from(bytes);
        fuzzed.copy(copy, copy.indexOf(original));
        return copy;
      });
      const outcome = await readMsiInfo(path, 'fuzz.msi').then(
        () => 'read',
        (error: unknown) => (isAppError(error) && error.code === 'invalid-input' ? 'refused' : error),
      );
      expect(['read', 'refused']).toContain(outcome);
    }
  });

  it('should read or refuse with invalid-input, never crash, when header, FAT or directory bytes are fuzzed', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 60; round += 1) {
      const path = copyWith(ccmsetup, `fuzz-structure-${round}.msi`, (bytes) => {
        const copy = Buffer.from(bytes);
        // The header (FAT locations, counts), then anywhere in the file's first 8 KiB (FAT, directory, tables).
        const limit = round < 20 ? 512 : Math.min(8192, copy.length);
        for (let flips = 0; flips < 3; flips += 1) {
          copy[Math.floor(Math.random() * limit)] = Math.floor(Math.random() * 256);
        }
        return copy;
      });
      const outcome = await readMsiInfo(path, 'fuzz.msi').then(
        () => 'read',
        (error: unknown) => (isAppError(error) && error.code === 'invalid-input' ? 'refused' : error),
      );
      expect(['read', 'refused']).toContain(outcome);
      outcomes.add(String(outcome));
    }
    expect(outcomes.has('refused')).toBe(true);
  });

  it('should refuse with missingProperty when UpgradeCode is absent', async () => {
    const path = buildMsi(dir, { upgradeCode: null });
    expect(msiinfoProperties(path).has('UpgradeCode')).toBe(false);
    expect(await failureOf(path)).toMatchObject({
      key: 'intune.msi.missingProperty',
      params: { property: 'UpgradeCode' },
    });
  });

  it('should refuse with not-found when the file does not exist', async () => {
    expect((await failureOf(join(dir, 'absent.msi'))).key).toBe('fsio.read.notFound');
  });
});
