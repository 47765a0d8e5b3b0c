import { KeyringSecretStore, type SecretStore } from '../secrets';

/** The OS keychain (Windows Credential Manager, macOS Keychain, Secret Service); never a plaintext fallback. */
export function createSecretStore(): SecretStore {
  return new KeyringSecretStore();
}
