import { AppError } from '../shared';

/**
 * Largest secret one keychain entry may hold, in bytes. Windows caps a credential blob at
 * 2560 bytes and keyring stores passwords there as UTF-16, while other layers count UTF-8:
 * a value must fit in both encodings to be storable everywhere. Larger secrets go through
 * the envelope (EnvelopeCipher) instead, with only their key in the keychain.
 */
export const MAX_SECRET_BYTES = 2560;

/** Longest accepted entry name; Windows allows 513 characters for a credential's user name. */
export const MAX_SECRET_NAME_LENGTH = 256;

// C0/C1 controls, line/paragraph separators, bidi overrides and isolates, zero-width
// characters and the BOM: all of them make a name print differently from what it is.
const UNSAFE_NAME_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/u;
// A lone surrogate is not valid text and would be silently replaced once encoded.
const LONE_SURROGATE = /\p{Cs}/u;
const KIND_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_KIND_LENGTH = 40;

/** Bytes the value needs in the stricter of its UTF-8 and UTF-16 forms. */
export function storedSecretSize(value: string): number {
  return Math.max(new TextEncoder().encode(value).byteLength, value.length * 2);
}

export function assertValidSecretName(name: string): void {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > MAX_SECRET_NAME_LENGTH ||
    name.trim() !== name ||
    UNSAFE_NAME_CHARS.test(name) ||
    LONE_SURROGATE.test(name)
  ) {
    // The name itself is not echoed: it may come from hostile input.
    throw new AppError('invalid-input', 'secrets.name.invalid', { limit: MAX_SECRET_NAME_LENGTH });
  }
}

export function assertStorableSecret(value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('invalid-input', 'secrets.value.empty');
  }
  if (LONE_SURROGATE.test(value)) {
    throw new AppError('invalid-input', 'secrets.value.malformed');
  }
  const size = storedSecretSize(value);
  if (size > MAX_SECRET_BYTES) {
    throw new AppError('invalid-input', 'secrets.value.tooLarge', { size, limit: MAX_SECRET_BYTES });
  }
}

/**
 * Builds the keychain name for one secret: `<kind>:<id>`, e.g. `pfx-password:3F2A…`.
 * The kind is lower-case kebab, the id anything printable without control characters,
 * so a name can always be shown to the admin as it is.
 */
export function secretName(kind: string, id: string): string {
  if (typeof kind !== 'string' || kind.length > MAX_KIND_LENGTH || !KIND_PATTERN.test(kind)) {
    throw new AppError('invalid-input', 'secrets.name.invalid', { limit: MAX_SECRET_NAME_LENGTH });
  }
  if (typeof id !== 'string' || id.length === 0 || id.trim() !== id) {
    throw new AppError('invalid-input', 'secrets.name.invalid', { limit: MAX_SECRET_NAME_LENGTH });
  }
  const name = `${kind}:${id}`;
  assertValidSecretName(name);
  return name;
}
