import { AppError } from '../shared';
import { assertStorableSecret, assertValidSecretName } from './secret-rules';
import type { SecretStore } from './secret-store';

/** Service name every entry of the assistant is filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'comanage-setup';

/** The part of @napi-rs/keyring's AsyncEntry this store uses (a seam for unit tests). */
export interface KeyringEntry {
  getPassword(): Promise<string | null>;
  setPassword(value: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}

export type KeyringEntryFactory = (service: string, account: string) => Promise<KeyringEntry>;

/** Lists the account names filed under a service (a seam for unit tests). */
export type KeyringAccountLister = (service: string) => Promise<string[]>;

/**
 * Opens an entry in the OS keychain. On Linux the entry is pinned to the Secret Service
 * (GNOME Keyring/KWallet over D-Bus): keyring's default would fall back to the kernel
 * keyring, which "works" without a keychain but forgets everything at logout.
 * The native module is loaded on first use, so a missing binary is a keychain error
 * rather than a crash of every module that imports this one.
 */
export const openKeyringEntry: KeyringEntryFactory = async (service, account) => {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  return new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
};

/** Every account of the service; the values the native call also returns are dropped at once. */
export const listKeyringAccounts: KeyringAccountLister = async (service) => {
  const { findCredentialsAsync } = await import('@napi-rs/keyring');
  return (await findCredentialsAsync(service)).map((credential) => credential.account);
};

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'Windows Credential Manager';
  if (platform === 'darwin') return 'macOS Keychain';
  return 'Secret Service (libsecret)';
}

export interface KeyringSecretStoreOptions {
  service?: string;
  openEntry?: KeyringEntryFactory;
  listAccounts?: KeyringAccountLister;
  platform?: NodeJS.Platform;
}

/**
 * The production SecretStore: the OS keychain through @napi-rs/keyring. Any failure to
 * reach the keychain becomes AppError('keychain-unavailable'); there is deliberately no
 * fallback to a file or to memory, so a secret is either in the keychain or not stored.
 */
export class KeyringSecretStore implements SecretStore {
  readonly backend: string;
  private readonly service: string;
  private readonly openEntry: KeyringEntryFactory;
  private readonly listAccounts: KeyringAccountLister;

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.openEntry = options.openEntry ?? openKeyringEntry;
    this.listAccounts = options.listAccounts ?? listKeyringAccounts;
    this.backend = backendName(options.platform ?? process.platform);
  }

  async get(name: string): Promise<string | null> {
    assertValidSecretName(name);
    return this.withEntry(name, (entry) => entry.getPassword());
  }

  async set(name: string, value: string): Promise<void> {
    assertValidSecretName(name);
    assertStorableSecret(value);
    await this.withEntry(name, (entry) => entry.setPassword(value));
  }

  async delete(name: string): Promise<boolean> {
    assertValidSecretName(name);
    return this.withEntry(name, (entry) => entry.deletePassword());
  }

  async list(): Promise<string[]> {
    try {
      return [...new Set(await this.listAccounts(this.service))].sort();
    } catch (error) {
      throw unavailable(error);
    }
  }

  /**
   * Proves the keychain can store, read back and delete an entry right now (a read of a
   * missing entry can succeed even while the keychain is locked). Throws keychain-unavailable.
   */
  async checkAvailable(): Promise<void> {
    const probeName = `probe:${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const probeValue = 'probe';
    await this.set(probeName, probeValue);
    try {
      if ((await this.get(probeName)) !== probeValue) throw unavailable(undefined);
    } finally {
      await this.delete(probeName);
    }
  }

  private async withEntry<T>(name: string, use: (entry: KeyringEntry) => Promise<T>): Promise<T> {
    try {
      const entry = await this.openEntry(this.service, name);
      return await use(entry);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function unavailable(cause: unknown): AppError {
  // The native message goes along as the cause for diagnostics; it never contains the value.
  return new AppError('keychain-unavailable', 'error.keychainUnavailable', {}, { cause });
}
