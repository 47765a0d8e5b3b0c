/**
 * Where every secret lives: client secrets, PFX passwords, key passphrases, token-cache keys.
 * Implementations: the OS keychain (production), in-memory (unit tests only).
 * Names are short identifiers (`pfx-password:<thumbprint>`), never the secret itself.
 */
export interface SecretStore {
  /** Human-readable backend name for messages ("GNOME Keyring", "in-memory"…). */
  readonly backend: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  /** Names of every entry this app keeps (for "Forget everything"); never the values. */
  list(): Promise<string[]>;
}
