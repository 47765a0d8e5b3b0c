// Secrets: the OS keychain behind SecretStore, and envelope encryption for what is too large
// for one keychain entry. Other modules import only from here.
export {
  ENVELOPE_KEY_KIND,
  ENVELOPE_MAGIC,
  ENVELOPE_OVERHEAD,
  ENVELOPE_VERSION,
  EnvelopeCipher,
  MAX_ENVELOPE_BYTES,
} from './envelope-cipher';
export {
  KEYCHAIN_SERVICE,
  type KeyringAccountLister,
  type KeyringEntry,
  type KeyringEntryFactory,
  KeyringSecretStore,
  type KeyringSecretStoreOptions,
} from './keyring-secret-store';
export { MemorySecretStore } from './memory-secret-store';
export {
  assertStorableSecret,
  MAX_SECRET_BYTES,
  MAX_SECRET_NAME_LENGTH,
  secretName,
  storedSecretSize,
} from './secret-rules';
export type { SecretStore } from './secret-store';
