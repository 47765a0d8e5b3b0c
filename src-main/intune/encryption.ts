import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

import { AppError } from '../shared';

/**
 * What Intune needs to decrypt an uploaded LOB content file (`fileEncryptionInfo` on
 * `POST …/files/{id}/commit`). Binary values are base64. `encryptionKey` and `macKey` are
 * secrets: never log them, never persist them outside the commit request.
 */
export interface FileEncryptionInfo {
  readonly encryptionKey: string;
  readonly macKey: string;
  readonly initializationVector: string;
  readonly mac: string;
  readonly profileIdentifier: 'ProfileVersion1';
  readonly fileDigest: string;
  readonly fileDigestAlgorithm: 'SHA256';
}

export interface EncryptedFile {
  readonly fileEncryptionInfo: FileEncryptionInfo;
  /** Size of the original file. */
  readonly size: number;
  /** Size of the encrypted file: HMAC(32) + IV(16) + padded ciphertext. */
  readonly sizeEncrypted: number;
}

export interface EncryptOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk with the plaintext bytes read so far and the file size. */
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export type VerifyFailure =
  /** fileEncryptionInfo is malformed (wrong lengths, not base64, unknown profile). */
  | 'invalid-info'
  /** The stream is shorter than a header plus one block, not block-aligned, or not `expectedSize`. */
  | 'size'
  /** The IV in the file header is not the one in fileEncryptionInfo. */
  | 'iv-mismatch'
  /** HMAC over IV||ciphertext does not match (wrong macKey, altered bytes, or a different mac). */
  | 'mac-mismatch'
  /** The last block does not decrypt to valid PKCS7 padding (usually a wrong encryptionKey). */
  | 'padding'
  /** The plaintext's SHA-256 is not fileDigest. */
  | 'digest-mismatch'
  /** The stream failed while being read. */
  | 'read-error';

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailure };

const HMAC_LENGTH = 32;
const IV_LENGTH = 16;
const KEY_LENGTH = 32;
const BLOCK = 16;
/** Bytes in front of the ciphertext in an Intune encrypted file. */
export const INTUNE_HEADER_LENGTH = HMAC_LENGTH + IV_LENGTH;
const READ_CHUNK = 1024 * 1024;

/** sizeEncrypted for a plaintext of `size` bytes: 48 + 16·⌊size/16⌋ + 16 (PKCS7 always pads). */
export function intuneEncryptedSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative integer');
  return INTUNE_HEADER_LENGTH + BLOCK * Math.floor(size / BLOCK) + BLOCK;
}

/**
 * Encrypts `srcPath` into `destPath` the way Intune expects LOB content: AES-256-CBC/PKCS7 with
 * fresh random keys, file = HMAC-SHA256(macKey, IV||ciphertext) || IV || ciphertext. Streams in
 * 1 MiB chunks (memory stays flat for large files), writes to a temp file beside `destPath`
 * (the HMAC slot is filled last with a positional write) and renames it into place, so a failed
 * or cancelled run leaves no file behind.
 */
export async function encryptFileForIntune(
  srcPath: string,
  destPath: string,
  options: EncryptOptions = {},
): Promise<EncryptedFile> {
  const encryptionKey = randomBytes(KEY_LENGTH);
  const macKey = randomBytes(KEY_LENGTH);
  const iv = randomBytes(IV_LENGTH);
  const total = (await stat(srcPath)).size;
  const tempPath = join(dirname(destPath), `.${basename(destPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const cipher = createCipheriv('aes-256-cbc', encryptionKey, iv);
  const hmac = createHmac('sha256', macKey).update(iv);
  const digest = createHash('sha256');
  const handle = await open(tempPath, 'wx', 0o600);
  let position = HMAC_LENGTH;
  let done = 0;
  try {
    const write = async (bytes: Buffer): Promise<void> => {
      if (bytes.length === 0) return;
      await handle.write(bytes, 0, bytes.length, position);
      position += bytes.length;
    };
    await write(iv);
    throwIfAborted(options.signal);
    for await (const chunk of createReadStream(srcPath, { highWaterMark: READ_CHUNK })) {
      throwIfAborted(options.signal);
      const plain = chunk as Buffer;
      digest.update(plain);
      const encrypted = cipher.update(plain);
      hmac.update(encrypted);
      await write(encrypted);
      done += plain.length;
      options.onProgress?.(done, total);
    }
    const last = cipher.final();
    hmac.update(last);
    await write(last);
    if (done !== total) {
      throw new AppError('conflict', 'intune.encrypt.sourceChanged', { expected: total, actual: done });
    }
    const mac = hmac.digest();
    await handle.write(mac, 0, mac.length, 0);
    await handle.sync();
    await handle.close();
    throwIfAborted(options.signal);
    await rename(tempPath, destPath);
    return {
      fileEncryptionInfo: {
        encryptionKey: encryptionKey.toString('base64'),
        macKey: macKey.toString('base64'),
        initializationVector: iv.toString('base64'),
        mac: mac.toString('base64'),
        profileIdentifier: 'ProfileVersion1',
        fileDigest: digest.digest('base64'),
        fileDigestAlgorithm: 'SHA256',
      },
      size: done,
      sizeEncrypted: position,
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  } finally {
    // Best effort: the key material should not outlive this call in our own buffers.
    encryptionKey.fill(0);
    macKey.fill(0);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'intune.encrypt.cancelled');
}

interface DecodedInfo {
  readonly encryptionKey: Buffer;
  readonly macKey: Buffer;
  readonly iv: Buffer;
  readonly mac: Buffer;
  readonly fileDigest: Buffer;
}

function decodeInfo(info: unknown): DecodedInfo | null {
  if (typeof info !== 'object' || info === null) return null;
  const record = info as Record<string, unknown>;
  const bytes = (name: string, length: number): Buffer | null => {
    const value = record[name];
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
    const decoded = Buffer.from(value, 'base64');
    return decoded.length === length ? decoded : null;
  };
  if (record['profileIdentifier'] !== 'ProfileVersion1') return null;
  if (record['fileDigestAlgorithm'] !== 'SHA256') return null;
  const encryptionKey = bytes('encryptionKey', KEY_LENGTH);
  const macKey = bytes('macKey', KEY_LENGTH);
  const iv = bytes('initializationVector', IV_LENGTH);
  const mac = bytes('mac', HMAC_LENGTH);
  const fileDigest = bytes('fileDigest', 32);
  if (!encryptionKey || !macKey || !iv || !mac || !fileDigest) return null;
  return { encryptionKey, macKey, iv, mac, fileDigest };
}

/**
 * Checks an Intune encrypted file as Intune does on commit, in one streaming pass: layout and
 * size, IV, HMAC over IV||ciphertext, PKCS7 padding, and SHA-256 of the decrypted content.
 * `expectedSize` (the file's sizeEncrypted) adds an exact length check. Never throws for bad
 * input; the result names the first problem (size, then IV/MAC, then padding, then digest).
 */
export async function verifyIntuneEncryptedStream(
  readable: Readable,
  fileEncryptionInfo: unknown,
  options: { expectedSize?: number } = {},
): Promise<VerifyResult> {
  const info = decodeInfo(fileEncryptionInfo);
  if (!info) {
    readable.destroy();
    return { ok: false, reason: 'invalid-info' };
  }
  const header = Buffer.alloc(INTUNE_HEADER_LENGTH);
  let headerFill = 0;
  let total = 0;
  let hmac: ReturnType<typeof createHmac> | null = null;
  const decipher = createDecipheriv('aes-256-cbc', info.encryptionKey, info.iv);
  const digest = createHash('sha256');
  let paddingBroken = false;
  try {
    for await (const chunk of readable) {
      let bytes = chunk as Buffer;
      total += bytes.length;
      if (headerFill < INTUNE_HEADER_LENGTH) {
        const take = Math.min(INTUNE_HEADER_LENGTH - headerFill, bytes.length);
        bytes.copy(header, headerFill, 0, take);
        headerFill += take;
        bytes = bytes.subarray(take);
        if (headerFill === INTUNE_HEADER_LENGTH) {
          hmac = createHmac('sha256', info.macKey).update(header.subarray(HMAC_LENGTH));
        }
      }
      if (bytes.length === 0 || !hmac) continue;
      hmac.update(bytes);
      digest.update(decipher.update(bytes));
    }
  } catch {
    return { ok: false, reason: 'read-error' };
  }
  const cipherLength = total - INTUNE_HEADER_LENGTH;
  if (!hmac || cipherLength < BLOCK || cipherLength % BLOCK !== 0) return { ok: false, reason: 'size' };
  if (options.expectedSize !== undefined && total !== options.expectedSize)
    return { ok: false, reason: 'size' };
  if (!header.subarray(HMAC_LENGTH).equals(info.iv)) return { ok: false, reason: 'iv-mismatch' };
  const computed = hmac.digest();
  if (!timingSafeEqual(computed, info.mac) || !timingSafeEqual(header.subarray(0, HMAC_LENGTH), info.mac)) {
    return { ok: false, reason: 'mac-mismatch' };
  }
  try {
    digest.update(decipher.final());
  } catch {
    paddingBroken = true;
  }
  if (paddingBroken) return { ok: false, reason: 'padding' };
  if (!timingSafeEqual(digest.digest(), info.fileDigest)) return { ok: false, reason: 'digest-mismatch' };
  return { ok: true };
}
