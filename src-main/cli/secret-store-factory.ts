import type { SecretStore } from '../secrets/secret-store';
import { AppError } from '../shared';

/** The OS keychain; replaced by the keyring implementation once the secrets module lands. */
export function createSecretStore(): SecretStore {
  const unavailable = (): never => {
    throw new AppError('keychain-unavailable', 'error.keychainUnavailable');
  };
  return {
    backend: 'none',
    get: async () => unavailable(),
    set: async () => unavailable(),
    delete: async () => unavailable(),
  };
}
