import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

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

/** How the plaintext's SHA-256 is computed: beside the cipher on the main thread, or in a worker. */
export type DigestMode = 'main' | 'worker';

export interface EncryptTuning {
  /** Default 'worker' (faster in most runs of bench/lob-package.mjs, within noise on a loaded machine). */
  readonly digest?: DigestMode;
}

/**
 * Encrypts `srcPath` into `destPath` the way Intune expects LOB content: AES-256-CBC/PKCS7 with
 * fresh random keys, file = HMAC-SHA256(macKey, IV||ciphertext) || IV || ciphertext. One read
 * pass through a small ring of reused 1 MiB buffers (memory stays flat for any size): while the
 * main thread encrypts and MACs chunk n and writes it, the next chunk is being read and a worker
 * hashes the plaintext (fileDigest) from the same shared buffer. Writes to a temp file beside
 * `destPath` (a 32-byte HMAC placeholder first, filled by a positional write at the end) and
 * renames it into place, so a failed or cancelled run leaves no file behind.
 */
export async function encryptFileForIntune(
  srcPath: string,
  destPath: string,
  options: EncryptOptions & EncryptTuning = {},
): Promise<EncryptedFile> {
  const encryptionKey = randomBytes(KEY_LENGTH);
  const macKey = randomBytes(KEY_LENGTH);
  const iv = randomBytes(IV_LENGTH);
  // O_NONBLOCK: a FIFO swapped in for the file opens at once (and is refused below) instead of hanging.
  const source = await open(srcPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const tempPath = join(dirname(destPath), `.${basename(destPath)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  let created = false;
  const digest = options.digest === 'main' ? mainThreadDigest() : workerDigest();
  // A read or write still in flight when we stop (cancel, error): settled before the handles close.
  let nextRead: Promise<number> = Promise.resolve(0);
  let pendingWrite: Promise<unknown> = Promise.resolve();
  try {
    const sourceStats = await source.stat();
    if (!sourceStats.isFile()) {
      throw new AppError('invalid-input', 'intune.encrypt.notAFile', { file: basename(srcPath) });
    }
    const total = sourceStats.size;
    handle = await open(tempPath, 'wx', 0o600);
    created = true;
    const out = handle;
    const cipher = createCipheriv('aes-256-cbc', encryptionKey, iv);
    const hmac = createHmac('sha256', macKey).update(iv);
    // The HMAC slot stays a placeholder until the end; the IV follows it.
    await out.write(Buffer.alloc(HMAC_LENGTH), 0, HMAC_LENGTH, 0);
    await out.write(iv, 0, IV_LENGTH, HMAC_LENGTH);
    let position = INTUNE_HEADER_LENGTH;
    const write = async (bytes: Buffer): Promise<void> => {
      await pendingWrite;
      if (bytes.length === 0) return;
      pendingWrite = out.write(bytes, 0, bytes.length, position);
      // Marked handled now: it may fail while we await something else; `await pendingWrite` still throws.
      pendingWrite.catch(() => undefined);
      position += bytes.length;
    };
    const slots = Array.from({ length: RING_SLOTS }, () => Buffer.from(new SharedArrayBuffer(READ_CHUNK)));
    const read = (index: number): Promise<number> => {
      const reading = digest
        .released(index % RING_SLOTS)
        .then(() => source.read(slots[index % RING_SLOTS] as Buffer, 0, READ_CHUNK, index * READ_CHUNK))
        .then((result) => result.bytesRead);
      reading.catch(() => undefined);
      return reading;
    };
    let done = 0;
    nextRead = read(0);
    for (let index = 0; ; index += 1) {
      throwIfAborted(options.signal);
      const length = await nextRead;
      if (length === 0) break;
      nextRead = read(index + 1);
      const plain = (slots[index % RING_SLOTS] as Buffer).subarray(0, length);
      digest.update(index % RING_SLOTS, plain);
      const encrypted = cipher.update(plain);
      hmac.update(encrypted);
      await write(encrypted);
      done += length;
      options.onProgress?.(done, total);
    }
    const last = cipher.final();
    hmac.update(last);
    await write(last);
    await pendingWrite;
    if (done !== total) {
      throw new AppError('conflict', 'intune.encrypt.sourceChanged', { expected: total, actual: done });
    }
    const fileDigest = await digest.finish();
    const mac = hmac.digest();
    await out.write(mac, 0, mac.length, 0);
    await out.sync();
    await out.close();
    handle = null;
    throwIfAborted(options.signal);
    await rename(tempPath, destPath);
    return {
      fileEncryptionInfo: {
        encryptionKey: encryptionKey.toString('base64'),
        macKey: macKey.toString('base64'),
        initializationVector: iv.toString('base64'),
        mac: mac.toString('base64'),
        profileIdentifier: 'ProfileVersion1',
        fileDigest: fileDigest.toString('base64'),
        fileDigestAlgorithm: 'SHA256',
      },
      size: done,
      sizeEncrypted: position,
    };
  } catch (error) {
    await Promise.allSettled([nextRead, pendingWrite]);
    await handle?.close().catch(() => undefined);
    if (created) await unlink(tempPath).catch(() => undefined);
    throw error;
  } finally {
    digest.dispose();
    await source.close().catch(() => undefined);
    // Best effort: the key material should not outlive this call in our own buffers.
    encryptionKey.fill(0);
    macKey.fill(0);
  }
}

/** Ring of shared read buffers: a slot is reused once its chunk is encrypted and hashed. */
const RING_SLOTS = 4;

interface PlainDigest {
  /** Resolves when the digest no longer needs the slot's bytes. */
  released(slot: number): Promise<void>;
  update(slot: number, bytes: Buffer): void;
  finish(): Promise<Buffer>;
  dispose(): void;
}

function mainThreadDigest(): PlainDigest {
  const hash = createHash('sha256');
  return {
    released: () => Promise.resolve(),
    update: (_slot, bytes) => hash.update(bytes),
    finish: () => Promise.resolve(hash.digest()),
    dispose: () => undefined,
  };
}

// Inline source (CommonJS, eval): no separate file to bundle or ship beside the built CLI/app.
const DIGEST_WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.done) { parentPort.postMessage({ digest: hash.digest() }); return; }
  hash.update(new Uint8Array(message.buffer, 0, message.length));
  parentPort.postMessage({ slot: message.slot });
});
`;

function workerDigest(): PlainDigest {
  // execArgv: [] so that a parent started with --input-type=module does not make this source ESM.
  const worker = new Worker(DIGEST_WORKER, { eval: true, execArgv: [] });
  const waiting = new Map<number, { promise: Promise<void>; resolve: () => void }>();
  let finished: ((digest: Buffer) => void) | null = null;
  let failure: Error | null = null;
  const fail = (error: Error): void => {
    failure = error;
    for (const entry of waiting.values()) entry.resolve();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0 || !finished) fail(new Error(`digest worker exited with ${code}`));
  });
  worker.on('message', (message: { slot?: number; digest?: Uint8Array }) => {
    if (message.digest) finished?.(Buffer.from(message.digest));
    else if (message.slot !== undefined) {
      waiting.get(message.slot)?.resolve();
      waiting.delete(message.slot);
    }
  });
  return {
    released: (slot) => waiting.get(slot)?.promise ?? Promise.resolve(),
    update(slot, bytes) {
      if (failure) throw failure;
      let resolve = (): void => undefined;
      const promise = new Promise<void>((done) => (resolve = done));
      waiting.set(slot, { promise, resolve });
      worker.postMessage({ slot, buffer: bytes.buffer, length: bytes.length });
    },
    finish() {
      if (failure) return Promise.reject(failure);
      return new Promise<Buffer>((resolve, reject) => {
        finished = resolve;
        worker.once('error', reject);
        worker.postMessage({ done: true });
      });
    },
    dispose: () => void worker.terminate(),
  };
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
