// RSA key generation (native) and the encrypted PKCS#8 form in which a key may be written to disk.
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

import { AppError } from '../shared';
import type { KeySize } from './request-fields';

const generateKeyPairAsync = promisify(generateKeyPair);

export async function generateRsaKey(bits: KeySize): Promise<KeyObject> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return privateKey;
}

/**
 * Encrypted PKCS#8 PEM (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC), the form `openssl pkey` opens
 * with the passphrase. An empty passphrase is refused: the key would be as good as plain.
 */
export function encryptPrivateKey(key: KeyObject, passphrase: string): string {
  if (passphrase.length === 0) throw new AppError('invalid-input', 'certs.key.passphraseEmpty');
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----[\s\S]+?-----END ENCRYPTED PRIVATE KEY-----/;
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Opens an encrypted PKCS#8 PEM; a plain key file is refused (it should never have existed). */
export function decryptPrivateKey(pem: string, passphrase: string): KeyObject {
  if (pem.length > MAX_KEY_FILE_BYTES) throw new AppError('invalid-input', 'certs.key.notEncryptedPem');
  const block = ENCRYPTED_PEM.exec(pem)?.[0];
  if (!block) throw new AppError('invalid-input', 'certs.key.notEncryptedPem');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: block, format: 'pem', passphrase });
  } catch (error) {
    throw new AppError('invalid-input', 'certs.key.wrongPassphrase', {}, { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError('invalid-input', 'certs.key.notRsa', { type: key.asymmetricKeyType ?? 'unknown' });
  }
  return key;
}

/** RSA modulus as base64url: two keys belong together when their moduli are equal. */
export function rsaModulus(key: KeyObject): string | null {
  if (key.asymmetricKeyType !== 'rsa') return null;
  const jwk = key.export({ format: 'jwk' });
  return typeof jwk.n === 'string' ? jwk.n : null;
}
