import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { afterAll, describe, expect, it } from 'vitest';

import {
  encryptFileForIntune,
  type FileEncryptionInfo,
  INTUNE_HEADER_LENGTH,
  intuneEncryptedSize,
  verifyIntuneEncryptedStream,
} from '/@/src-main/intune';
import { isAppError } from '/@/src-main/shared';

const dir = mkdtempSync(join(tmpdir(), 'comanage-intune-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function fixture(content: Buffer): { src: string; dest: string } {
  counter += 1;
  const src = join(dir, `plain-${counter}.msi`);
  writeFileSync(src, content);
  return { src, dest: join(dir, `plain-${counter}.bin`) };
}

function hex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

/** Decrypts and MACs the file with openssl only, as an independent check of the layout. */
function opensslCheck(encryptedPath: string, info: FileEncryptionInfo): { plain: Buffer; mac: string } {
  const encrypted = readFileSync(encryptedPath);
  const cipherPath = `${encryptedPath}.ct`;
  const ivCipherPath = `${encryptedPath}.ivct`;
  writeFileSync(cipherPath, encrypted.subarray(INTUNE_HEADER_LENGTH));
  writeFileSync(ivCipherPath, encrypted.subarray(32));
  const plain = execFileSync(
    'openssl',
    [
      'enc',
      '-d',
      '-aes-256-cbc',
      '-K',
      hex(info.encryptionKey),
      '-iv',
      hex(info.initializationVector),
      '-in',
      cipherPath,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const macOut = execFileSync(
    'openssl',
    ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hex(info.macKey)}`, '-r', ivCipherPath],
    { encoding: 'utf8' },
  );
  return { plain, mac: macOut.split(' ')[0] ?? '' };
}

describe('encryptFileForIntune', () => {
  for (const size of [0, 1, 15, 16, 17, 1024 * 1024 + 3]) {
    it(`should produce a file openssl decrypts and MACs identically when the input has ${size} bytes`, async () => {
      const content = randomBytes(size);
      const { src, dest } = fixture(content);
      const result = await encryptFileForIntune(src, dest);
      const encrypted = readFileSync(dest);

      expect(result.size).toBe(size);
      expect(result.sizeEncrypted).toBe(48 + 16 * Math.floor(size / 16) + 16);
      expect(encrypted.length).toBe(result.sizeEncrypted);
      const info = result.fileEncryptionInfo;
      expect(info.profileIdentifier).toBe('ProfileVersion1');
      expect(info.fileDigestAlgorithm).toBe('SHA256');
      expect(info.fileDigest).toBe(createHash('sha256').update(content).digest('base64'));
      expect(encrypted.subarray(0, 32).toString('base64')).toBe(info.mac);
      expect(encrypted.subarray(32, 48).toString('base64')).toBe(info.initializationVector);

      const checked = opensslCheck(dest, info);
      expect(checked.plain.equals(content)).toBe(true);
      expect(checked.mac).toBe(hex(info.mac));
      await expect(
        verifyIntuneEncryptedStream(createReadStream(dest), info, { expectedSize: result.sizeEncrypted }),
      ).resolves.toEqual({ ok: true });
    });
  }

  for (const digest of ['main', 'worker'] as const) {
    it(`should compute the same fileDigest and a valid file when the digest runs on ${digest}`, async () => {
      // 4 MiB + 7: more chunks than ring slots, so every slot is reused while the digest may lag.
      const content = randomBytes(4 * 1024 * 1024 + 7);
      const { src, dest } = fixture(content);
      const result = await encryptFileForIntune(src, dest, { digest });
      expect(result.fileEncryptionInfo.fileDigest).toBe(
        createHash('sha256').update(content).digest('base64'),
      );
      const checked = opensslCheck(dest, result.fileEncryptionInfo);
      expect(checked.plain.equals(content)).toBe(true);
      expect(checked.mac).toBe(hex(result.fileEncryptionInfo.mac));
    });
  }

  it('should refuse with sourceChanged and leave no file when the source grows during encryption', async () => {
    const { src, dest } = fixture(randomBytes(2 * 1024 * 1024));
    const before = readdirSync(dir).length;
    let grown = false;
    const failure = await encryptFileForIntune(src, dest, {
      onProgress: () => {
        if (!grown) appendFileSync(src, randomBytes(3 * 1024 * 1024));
        grown = true;
      },
    }).catch((error: unknown) => error);
    expect(isAppError(failure) && failure.messageKey).toBe('intune.encrypt.sourceChanged');
    expect(readdirSync(dir).length).toBe(before);
  });

  it('should use fresh keys and IV when the same file is encrypted twice', async () => {
    const { src } = fixture(Buffer.from('same content'));
    const first = await encryptFileForIntune(src, join(dir, 'twice-1.bin'));
    const second = await encryptFileForIntune(src, join(dir, 'twice-2.bin'));
    expect(first.fileEncryptionInfo.encryptionKey).not.toBe(second.fileEncryptionInfo.encryptionKey);
    expect(first.fileEncryptionInfo.macKey).not.toBe(second.fileEncryptionInfo.macKey);
    expect(first.fileEncryptionInfo.initializationVector).not.toBe(
      second.fileEncryptionInfo.initializationVector,
    );
    expect(first.fileEncryptionInfo.fileDigest).toBe(second.fileEncryptionInfo.fileDigest);
  });

  it('should leave no file behind when the signal is already aborted', async () => {
    const { src, dest } = fixture(randomBytes(4096));
    const before = readdirSync(dir).length;
    const controller = new AbortController();
    controller.abort();
    const failure = await encryptFileForIntune(src, dest, { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(failure) && failure.code).toBe('cancelled');
    expect(readdirSync(dir).length).toBe(before);
  });

  it('should leave no file behind when cancelled in the middle of a large file', async () => {
    const { src, dest } = fixture(randomBytes(3 * 1024 * 1024));
    const before = readdirSync(dir).length;
    const controller = new AbortController();
    const failure = await encryptFileForIntune(src, dest, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 1024 * 1024) controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(isAppError(failure) && failure.messageKey).toBe('intune.encrypt.cancelled');
    expect(readdirSync(dir).length).toBe(before);
  });

  it('should report progress up to the file size when a multi-chunk file is encrypted', async () => {
    const size = 2 * 1024 * 1024 + 5;
    const { src, dest } = fixture(randomBytes(size));
    const seen: number[] = [];
    await encryptFileForIntune(src, dest, { onProgress: (done, total) => seen.push(done, total) });
    expect(seen.at(-2)).toBe(size);
    expect(seen.at(-1)).toBe(size);
  });

  it('should refuse a FIFO or a folder as the source at once and write nothing', async () => {
    const fifo = join(dir, 'pipe.msi');
    execFileSync('mkfifo', [fifo]);
    for (const source of [fifo, dir]) {
      const before = readdirSync(dir).length;
      const failure = await encryptFileForIntune(source, join(dir, 'pipe.bin')).catch(
        (error: unknown) => error,
      );
      expect(isAppError(failure) && failure.messageKey).toBe('intune.encrypt.notAFile');
      expect(readdirSync(dir).length).toBe(before);
    }
  });

  it('should reject with a not-found error and write nothing when the source is missing', async () => {
    const dest = join(dir, 'missing.bin');
    await expect(encryptFileForIntune(join(dir, 'no-such.msi'), dest)).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(readdirSync(dir).some((name) => name.includes('missing.bin'))).toBe(false);
  });
});

describe('intuneEncryptedSize', () => {
  it('should add a full padding block when the size is a multiple of 16', () => {
    expect(intuneEncryptedSize(0)).toBe(64);
    expect(intuneEncryptedSize(16)).toBe(80);
    expect(intuneEncryptedSize(15)).toBe(64);
    expect(intuneEncryptedSize(1024 ** 3)).toBe(48 + 1024 ** 3 + 16);
  });

  it('should throw when the size is negative or fractional', () => {
    expect(() => intuneEncryptedSize(-1)).toThrow(RangeError);
    expect(() => intuneEncryptedSize(1.5)).toThrow(RangeError);
  });
});

describe('verifyIntuneEncryptedStream', () => {
  async function encrypted(size = 1000): Promise<{ bytes: Buffer; info: FileEncryptionInfo }> {
    const { src, dest } = fixture(randomBytes(size));
    const result = await encryptFileForIntune(src, dest);
    return { bytes: readFileSync(dest), info: result.fileEncryptionInfo };
  }
  const stream = (bytes: Buffer): Readable => Readable.from([bytes]);
  const otherKey = (): string => randomBytes(32).toString('base64');

  it('should report a MAC mismatch when one ciphertext byte is flipped', async () => {
    const { bytes, info } = await encrypted();
    bytes[200] = (bytes[200] ?? 0) ^ 0x01;
    expect(await verifyIntuneEncryptedStream(stream(bytes), info)).toEqual({
      ok: false,
      reason: 'mac-mismatch',
    });
  });

  it('should report a MAC mismatch when the macKey is wrong', async () => {
    const { bytes, info } = await encrypted();
    const result = await verifyIntuneEncryptedStream(stream(bytes), { ...info, macKey: otherKey() });
    expect(result).toEqual({ ok: false, reason: 'mac-mismatch' });
  });

  it('should report padding or digest failure when only the encryptionKey is wrong', async () => {
    const { bytes, info } = await encrypted();
    const result = await verifyIntuneEncryptedStream(stream(bytes), { ...info, encryptionKey: otherKey() });
    expect(result.ok).toBe(false);
    expect(['padding', 'digest-mismatch']).toContain(!result.ok && result.reason);
  });

  it('should report a digest mismatch when fileDigest belongs to another file', async () => {
    const { bytes, info } = await encrypted();
    const fileDigest = createHash('sha256').update('another file').digest('base64');
    expect(await verifyIntuneEncryptedStream(stream(bytes), { ...info, fileDigest })).toEqual({
      ok: false,
      reason: 'digest-mismatch',
    });
  });

  it('should report a size problem when the upload was truncated by one block', async () => {
    const { bytes, info } = await encrypted();
    const result = await verifyIntuneEncryptedStream(stream(bytes.subarray(0, bytes.length - 16)), info, {
      expectedSize: bytes.length,
    });
    expect(result).toEqual({ ok: false, reason: 'size' });
  });

  it('should report a size problem when the stream is not block-aligned or shorter than a header', async () => {
    const { bytes, info } = await encrypted();
    expect(await verifyIntuneEncryptedStream(stream(bytes.subarray(0, bytes.length - 3)), info)).toEqual({
      ok: false,
      reason: 'size',
    });
    expect(await verifyIntuneEncryptedStream(stream(bytes.subarray(0, 40)), info)).toEqual({
      ok: false,
      reason: 'size',
    });
    expect(await verifyIntuneEncryptedStream(stream(Buffer.alloc(0)), info)).toEqual({
      ok: false,
      reason: 'size',
    });
  });

  it('should report an IV mismatch when the header IV is not the declared one', async () => {
    const { bytes, info } = await encrypted();
    const result = await verifyIntuneEncryptedStream(stream(bytes), {
      ...info,
      initializationVector: randomBytes(16).toString('base64'),
    });
    expect(result).toEqual({ ok: false, reason: 'iv-mismatch' });
  });

  it('should report invalid info when fields are missing, mis-sized, or not base64', async () => {
    const { bytes, info } = await encrypted();
    for (const hostile of [
      null,
      'text',
      {},
      { ...info, encryptionKey: randomBytes(16).toString('base64') },
      { ...info, macKey: 'not base64 "quoted"\u0000' },
      { ...info, profileIdentifier: 'ProfileVersion2' },
      { ...info, fileDigestAlgorithm: 'MD5' },
    ]) {
      expect(await verifyIntuneEncryptedStream(stream(bytes), hostile)).toEqual({
        ok: false,
        reason: 'invalid-info',
      });
    }
  });

  it('should report a read error when the stream fails midway', async () => {
    const { bytes, info } = await encrypted(4096);
    const failing = new Readable({
      read() {
        this.push(bytes.subarray(0, 100));
        this.destroy(new Error('socket closed'));
      },
    });
    expect(await verifyIntuneEncryptedStream(failing, info)).toEqual({ ok: false, reason: 'read-error' });
  });

  it('should verify when the stream arrives in tiny odd-sized chunks', async () => {
    const { bytes, info } = await encrypted(777);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < bytes.length; offset += 7) chunks.push(bytes.subarray(offset, offset + 7));
    expect(await verifyIntuneEncryptedStream(Readable.from(chunks), info)).toEqual({ ok: true });
  });
});
