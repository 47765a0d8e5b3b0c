import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, unlink } from 'node:fs/promises';

import writeFileAtomic from 'write-file-atomic';

import { AppError } from '../shared';
import { secretName } from './secret-rules';
import type { SecretStore } from './secret-store';

/**
 * File layout, version 1 (all fields fixed size except the ciphertext):
 *   magic "CMEV" (4) | version 0x01 (1) | IV (12) | GCM tag (16) | ciphertext (rest)
 * The header and the envelope name are authenticated as additional data, so a file cannot
 * be passed off under another name or version without failing the tag check.
 */
export const ENVELOPE_MAGIC = Buffer.from('CMEV', 'ascii');
export const ENVELOPE_VERSION = 1;
const HEADER_LENGTH = ENVELOPE_MAGIC.length + 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;
export const ENVELOPE_OVERHEAD = HEADER_LENGTH + IV_LENGTH + TAG_LENGTH;
/** Far above any token cache or private key; refusing bigger files bounds memory use. */
export const MAX_ENVELOPE_BYTES = 64 * 1024 * 1024;
/** Kind under which each envelope's data key is stored: `envelope-key:<keyName>`. */
export const ENVELOPE_KEY_KIND = 'envelope-key';

function tampered(cause?: unknown): AppError {
  return new AppError('state-corrupt', 'error.envelopeTampered', {}, { cause });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * AES-256-GCM envelope encryption for secrets too large for one keychain entry (MSAL token
 * cache, private keys). Each envelope name has its own random 32-byte data key, kept in the
 * SecretStore as base64; only ciphertext touches the disk. Deleting the key makes every
 * copy of the file unreadable, which is how `destroy` shreds backups too.
 */
export class EnvelopeCipher {
  // One queue per envelope name: two first seals must not both create a key.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: SecretStore) {}

  /** Encrypts in memory with the envelope's key, creating the key on first use. */
  async seal(plaintext: Buffer, keyName: string): Promise<Buffer> {
    const storeName = secretName(ENVELOPE_KEY_KIND, keyName);
    // Never produce a blob that open() would refuse as oversized.
    const limit = MAX_ENVELOPE_BYTES - ENVELOPE_OVERHEAD;
    if (plaintext.length > limit) {
      throw new AppError('invalid-input', 'secrets.envelope.tooLarge', { size: plaintext.length, limit });
    }
    const key = await this.serialised(storeName, () => this.loadOrCreateKey(storeName));
    try {
      const header = Buffer.concat([ENVELOPE_MAGIC, Buffer.from([ENVELOPE_VERSION])]);
      const iv = randomBytes(IV_LENGTH);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
      cipher.setAAD(additionalData(header, keyName));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
    } finally {
      key.fill(0);
    }
  }

  /** Decrypts a sealed blob; any change to any byte, or a missing key, is `envelopeTampered`. */
  async open(blob: Buffer, keyName: string): Promise<Buffer> {
    const storeName = secretName(ENVELOPE_KEY_KIND, keyName);
    if (blob.length < ENVELOPE_OVERHEAD || blob.length > MAX_ENVELOPE_BYTES) throw tampered();
    const header = blob.subarray(0, HEADER_LENGTH);
    if (!header.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) throw tampered();
    if (header[ENVELOPE_MAGIC.length] !== ENVELOPE_VERSION) throw tampered();
    const iv = blob.subarray(HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH);
    const tag = blob.subarray(HEADER_LENGTH + IV_LENGTH, ENVELOPE_OVERHEAD);
    const ciphertext = blob.subarray(ENVELOPE_OVERHEAD);

    const key = await this.serialised(storeName, () => this.loadKey(storeName));
    if (key === null) throw tampered();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
      decipher.setAAD(additionalData(header, keyName));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      throw tampered(error);
    } finally {
      key.fill(0);
    }
  }

  /**
   * Seals and writes atomically with mode 0600: the file is either the old one or the
   * complete new one, and nothing is written when the keychain cannot be reached.
   */
  async encryptToFile(path: string, plaintext: Buffer, keyName: string): Promise<void> {
    const blob = await this.seal(plaintext, keyName);
    try {
      await writeFileAtomic(path, blob, { mode: 0o600, fsync: true });
    } catch (error) {
      throw new AppError('unavailable', 'secrets.envelope.writeFailed', {}, { cause: error });
    }
  }

  async decryptFile(path: string, keyName: string): Promise<Buffer> {
    let blob: Buffer;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new AppError('unavailable', 'secrets.envelope.readFailed');
      if (info.size > MAX_ENVELOPE_BYTES) throw tampered();
      blob = await readFile(path);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (errorCode(error) === 'ENOENT') {
        throw new AppError('not-found', 'secrets.envelope.missing', {}, { cause: error });
      }
      throw new AppError('unavailable', 'secrets.envelope.readFailed', {}, { cause: error });
    }
    return this.open(blob, keyName);
  }

  /**
   * Forgets the envelope: deletes its key first (which alone makes every copy of the file
   * undecryptable), then the file when a path is given. Missing key or file is fine.
   */
  async destroy(keyName: string, path?: string): Promise<void> {
    const storeName = secretName(ENVELOPE_KEY_KIND, keyName);
    await this.serialised(storeName, () => this.store.delete(storeName));
    if (path === undefined) return;
    try {
      await unlink(path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        throw new AppError('unavailable', 'secrets.envelope.writeFailed', {}, { cause: error });
      }
    }
  }

  private async loadKey(storeName: string): Promise<Buffer | null> {
    const encoded = await this.store.get(storeName);
    if (encoded === null) return null;
    const key = Buffer.from(encoded, 'base64');
    // Buffer.from ignores junk in base64; a round trip proves the stored value is a real key.
    if (key.length !== KEY_LENGTH || key.toString('base64') !== encoded) {
      key.fill(0);
      throw tampered();
    }
    return key;
  }

  private async loadOrCreateKey(storeName: string): Promise<Buffer> {
    const existing = await this.loadKey(storeName);
    if (existing !== null) return existing;
    const key = randomBytes(KEY_LENGTH);
    await this.store.set(storeName, key.toString('base64'));
    return key;
  }

  private serialised<T>(storeName: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(storeName) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.queues.set(storeName, settled);
    void settled.then(() => {
      if (this.queues.get(storeName) === settled) this.queues.delete(storeName);
    });
    return next;
  }
}

function additionalData(header: Buffer, keyName: string): Buffer {
  return Buffer.concat([header, Buffer.from(keyName, 'utf8')]);
}
