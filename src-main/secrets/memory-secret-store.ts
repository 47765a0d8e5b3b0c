import { AppError } from '../shared';
import { assertStorableSecret, assertValidSecretName } from './secret-rules';
import type { SecretStore } from './secret-store';

/**
 * In-memory SecretStore FOR UNIT TESTS ONLY: nothing is protected or persisted, and the
 * app must never construct it. It applies the same name and size rules as the keychain
 * store, and can be switched to "unavailable" so callers can test that path too.
 */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'in-memory (tests only)';
  private readonly values = new Map<string, string>();
  private available = true;

  /** Makes every later call fail the way an unreachable keychain does (or heal again). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  /** Names currently stored, for assertions in tests. */
  names(): string[] {
    return [...this.values.keys()].sort();
  }

  async get(name: string): Promise<string | null> {
    assertValidSecretName(name);
    this.assertAvailable();
    return this.values.get(name) ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    assertValidSecretName(name);
    assertStorableSecret(value);
    this.assertAvailable();
    this.values.set(name, value);
  }

  async delete(name: string): Promise<boolean> {
    assertValidSecretName(name);
    this.assertAvailable();
    return this.values.delete(name);
  }

  async list(): Promise<string[]> {
    this.assertAvailable();
    return this.names();
  }

  private assertAvailable(): void {
    if (!this.available) throw new AppError('keychain-unavailable', 'error.keychainUnavailable');
  }
}
