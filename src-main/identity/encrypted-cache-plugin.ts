import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

import type { EnvelopeCipher } from '../secrets';
import { AppError, isAppError, type Logger, silentLogger } from '../shared';

/** Name of the envelope (and of its data key in the keychain) that protects the MSAL cache. */
export const MSAL_CACHE_KEY_NAME = 'msal-token-cache';

export interface EncryptedCachePluginOptions {
  /** `<home>/identity/msal-cache.bin`. */
  readonly path: string;
  readonly cipher: EnvelopeCipher;
  readonly keyName?: string;
  readonly logger?: Logger;
}

/**
 * MSAL's cache plugin: the serialized token cache (refresh tokens, access tokens, id tokens)
 * only ever touches the disk sealed with AES-256-GCM, its key in the OS keychain.
 * A file that cannot be opened (tampered, key gone) is treated as an empty cache: the admin
 * signs in again instead of the app failing to start.
 */
export class EncryptedCachePlugin implements ICachePlugin {
  readonly path: string;
  readonly #cipher: EnvelopeCipher;
  readonly #keyName: string;
  readonly #logger: Logger;

  constructor(options: EncryptedCachePluginOptions) {
    this.path = options.path;
    this.#cipher = options.cipher;
    this.#keyName = options.keyName ?? MSAL_CACHE_KEY_NAME;
    this.#logger = options.logger ?? silentLogger;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const text = await this.read();
    if (text !== null) context.tokenCache.deserialize(text);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    await this.write(context.tokenCache.serialize());
  }

  /** The decrypted cache text, or null when there is none or it cannot be opened. */
  async read(): Promise<string | null> {
    try {
      const plain = await this.#cipher.decryptFile(this.path, this.#keyName);
      try {
        return plain.toString('utf8');
      } finally {
        plain.fill(0);
      }
    } catch (error) {
      if (isAppError(error) && error.code === 'not-found') return null;
      if (isAppError(error) && error.messageKey === 'error.envelopeTampered') {
        this.#logger.warn('the sign-in cache could not be opened; signing in again is needed', {
          reason: error.messageKey,
        });
        return null;
      }
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw new AppError('unavailable', 'secrets.envelope.writeFailed', {}, { cause: error });
    });
    const plain = Buffer.from(text, 'utf8');
    try {
      await this.#cipher.encryptToFile(this.path, plain, this.#keyName);
    } finally {
      plain.fill(0);
    }
  }

  /** Deletes the data key (every copy of the file becomes unreadable) and the file. */
  async clear(): Promise<void> {
    await this.#cipher.destroy(this.#keyName, this.path);
  }
}
