import { createDecipheriv } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ENVELOPE_KEY_KIND,
  ENVELOPE_MAGIC,
  ENVELOPE_OVERHEAD,
  EnvelopeCipher,
  MAX_ENVELOPE_BYTES,
  MemorySecretStore,
  secretName,
} from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

const MARKER = 'PLAINTEXT-MARKER-5b1f';
const plaintext = Buffer.from(`{"refresh_token":"${MARKER}","note":"Zoë ✓"}`);

let dir: string;
let store: MemorySecretStore;
let cipher: EnvelopeCipher;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comanage-envelope-'));
  store = new MemorySecretStore();
  cipher = new EnvelopeCipher(store);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function expectTampered(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(error.messageKey).toBe('error.envelopeTampered');
}

describe('EnvelopeCipher in memory', () => {
  it('should return the original bytes when a sealed blob is opened', async () => {
    const blob = await cipher.seal(plaintext, 'msal-cache');
    expect(await cipher.open(blob, 'msal-cache')).toEqual(plaintext);
  });

  it('should round-trip an empty and a 1 MiB plaintext when they are sealed', async () => {
    const big = Buffer.alloc(1024 * 1024, 0xa5);
    expect(await cipher.open(await cipher.seal(Buffer.alloc(0), 'e'), 'e')).toEqual(Buffer.alloc(0));
    expect((await cipher.open(await cipher.seal(big, 'big'), 'big')).equals(big)).toBe(true);
  });

  it('should keep one base64 32-byte key per envelope name in the store when sealing', async () => {
    await cipher.seal(plaintext, 'msal-cache');
    await cipher.seal(plaintext, 'msal-cache');
    await cipher.seal(plaintext, 'cmg-key');
    expect(store.names()).toEqual(['envelope-key:cmg-key', 'envelope-key:msal-cache']);
    const encoded = await store.get(secretName(ENVELOPE_KEY_KIND, 'msal-cache'));
    expect(Buffer.from(encoded ?? '', 'base64')).toHaveLength(32);
  });

  it('should follow the documented layout so an independent decryptor can read it when given the key', async () => {
    const blob = await cipher.seal(plaintext, 'msal-cache');
    expect(blob.subarray(0, 4).equals(ENVELOPE_MAGIC)).toBe(true);
    expect(blob[4]).toBe(1);
    const key = Buffer.from((await store.get('envelope-key:msal-cache')) ?? '', 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
    decipher.setAAD(Buffer.concat([blob.subarray(0, 5), Buffer.from('msal-cache')]));
    decipher.setAuthTag(blob.subarray(17, 33));
    expect(Buffer.concat([decipher.update(blob.subarray(33)), decipher.final()])).toEqual(plaintext);
    expect(blob).toHaveLength(33 + plaintext.length);
  });

  it('should use a fresh IV each time when the same plaintext is sealed twice', async () => {
    const first = await cipher.seal(plaintext, 'k');
    const second = await cipher.seal(plaintext, 'k');
    expect(first.subarray(5, 17).equals(second.subarray(5, 17))).toBe(false);
    expect(first.equals(second)).toBe(false);
  });

  it('should detect a flipped bit when any single byte of magic, version, IV, tag or ciphertext changes', async () => {
    const blob = await cipher.seal(plaintext, 'k');
    for (let index = 0; index < blob.length; index += 1) {
      const changed = Buffer.from(blob);
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      await expectTampered(cipher.open(changed, 'k'));
    }
  });

  it('should detect truncation when the blob is cut at any length', async () => {
    const blob = await cipher.seal(plaintext, 'k');
    for (let length = 0; length < blob.length; length += 1) {
      await expectTampered(cipher.open(blob.subarray(0, length), 'k'));
    }
  });

  it('should detect an appended byte when the blob is extended', async () => {
    const blob = await cipher.seal(plaintext, 'k');
    await expectTampered(cipher.open(Buffer.concat([blob, Buffer.from([0])]), 'k'));
  });

  it('should refuse to open under another envelope name when that name has its own key', async () => {
    const blob = await cipher.seal(plaintext, 'first');
    await cipher.seal(Buffer.from('x'), 'second');
    await expectTampered(cipher.open(blob, 'second'));
  });

  it('should refuse to open under another name when the same key was copied there', async () => {
    const blob = await cipher.seal(plaintext, 'first');
    await store.set('envelope-key:second', (await store.get('envelope-key:first')) ?? '');
    await expectTampered(cipher.open(blob, 'second'));
  });

  it('should report tampering when the key is missing from the store', async () => {
    const blob = await cipher.seal(plaintext, 'k');
    await store.delete('envelope-key:k');
    await expectTampered(cipher.open(blob, 'k'));
    expect(store.names()).toEqual([]);
  });

  it.each([
    ['not base64', '!!!!'],
    ['a 16-byte key', Buffer.alloc(16, 1).toString('base64')],
    ['base64 with junk', `${Buffer.alloc(32, 1).toString('base64')}$$`],
  ])('should report tampering when the stored key is %s', async (_label, value) => {
    const blob = await cipher.seal(plaintext, 'k');
    await store.set('envelope-key:k', value);
    await expectTampered(cipher.open(blob, 'k'));
  });

  it('should report keychain-unavailable rather than tampering when the store cannot be reached', async () => {
    const blob = await cipher.seal(plaintext, 'k');
    store.setAvailable(false);
    expect((await rejection(cipher.open(blob, 'k'))).code).toBe('keychain-unavailable');
    expect((await rejection(cipher.seal(plaintext, 'k'))).code).toBe('keychain-unavailable');
  });

  it('should create a single key when two first seals for one name run concurrently', async () => {
    const blobs = await Promise.all([1, 2, 3].map((n) => cipher.seal(Buffer.from(`v${n}`), 'race')));
    const opened = await Promise.all(blobs.map((blob) => cipher.open(blob, 'race')));
    expect(opened.map(String)).toEqual(['v1', 'v2', 'v3']);
  });

  it('should refuse to seal, and create no key, when the plaintext would exceed the envelope limit', async () => {
    const limit = MAX_ENVELOPE_BYTES - ENVELOPE_OVERHEAD;
    const error = await rejection(cipher.seal(Buffer.alloc(limit + 1), 'too-big'));
    expect(error.messageKey).toBe('secrets.envelope.tooLarge');
    expect(error.params).toEqual({ size: limit + 1, limit });
    expect(store.names()).toEqual([]);
  });

  it('should refuse an envelope name with control characters when sealing', async () => {
    const error = await rejection(cipher.seal(plaintext, 'msal\ncache'));
    expect(error.messageKey).toBe('secrets.name.invalid');
    expect(store.names()).toEqual([]);
  });
});

describe('EnvelopeCipher on disk', () => {
  it('should decrypt what it wrote when a file round trip is made', async () => {
    const file = join(dir, 'msal-cache.bin');
    await cipher.encryptToFile(file, plaintext, 'msal-cache');
    expect(await cipher.decryptFile(file, 'msal-cache')).toEqual(plaintext);
  });

  it('should write the file with mode 0600 when it is created or replaces a 0644 file', async () => {
    const file = join(dir, 'key.bin');
    await cipher.encryptToFile(file, plaintext, 'k');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    await cipher.encryptToFile(file, plaintext, 'k');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('should leave no plaintext in the file when a recognisable value is encrypted', async () => {
    const file = join(dir, 'cache.bin');
    await cipher.encryptToFile(file, plaintext, 'k');
    const raw = await readFile(file);
    for (const encoding of ['utf8', 'base64', 'hex', 'utf16le'] as const) {
      expect(raw.includes(Buffer.from(MARKER).toString(encoding)), encoding).toBe(false);
      expect(raw.toString('latin1').includes(Buffer.from(MARKER).toString(encoding)), encoding).toBe(false);
    }
    const key = (await store.get('envelope-key:k')) ?? '';
    expect(raw.toString('latin1')).not.toContain(key);
  });

  it('should keep the old file and leave no temp file when the keychain is unavailable during a rewrite', async () => {
    const file = join(dir, 'cache.bin');
    await cipher.encryptToFile(file, plaintext, 'k');
    const before = await readFile(file);
    store.setAvailable(false);
    expect((await rejection(cipher.encryptToFile(file, Buffer.from('new'), 'k'))).code).toBe(
      'keychain-unavailable',
    );
    expect(await readFile(file)).toEqual(before);
    expect(await readdir(dir)).toEqual(['cache.bin']);
  });

  it('should write nothing at all when the first write fails because the keychain is unavailable', async () => {
    store.setAvailable(false);
    await rejection(cipher.encryptToFile(join(dir, 'new.bin'), plaintext, 'k'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('should clean up its temp file and report writeFailed when the final rename fails', async () => {
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    const error = await rejection(cipher.encryptToFile(target, plaintext, 'k'));
    expect(error.messageKey).toBe('secrets.envelope.writeFailed');
    expect((await readdir(dir)).sort()).toEqual(['occupied']);
    expect(await readdir(target)).toEqual(['inside']);
  });

  it('should report writeFailed without a path in the error when the folder does not exist', async () => {
    const error = await rejection(cipher.encryptToFile(join(dir, 'no', 'such', 'f.bin'), plaintext, 'k'));
    expect(error.messageKey).toBe('secrets.envelope.writeFailed');
    expect(JSON.stringify(error.params)).not.toContain(dir);
  });

  it('should report not-found when the file does not exist', async () => {
    const error = await rejection(cipher.decryptFile(join(dir, 'absent.bin'), 'k'));
    expect(error.code).toBe('not-found');
    expect(error.messageKey).toBe('secrets.envelope.missing');
  });

  it('should report readFailed when the path is a folder', async () => {
    expect((await rejection(cipher.decryptFile(dir, 'k'))).messageKey).toBe('secrets.envelope.readFailed');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['garbage', Buffer.from('not an envelope at all, just some text that is long enough')],
    ['JSON', Buffer.from('{"refresh_token":"abc"}')],
  ])('should report tampering when the file is %s', async (_label, content) => {
    await cipher.seal(plaintext, 'k');
    const file = join(dir, 'bad.bin');
    await writeFile(file, content);
    await expectTampered(cipher.decryptFile(file, 'k'));
  });

  it('should report tampering when a written file is truncated on disk', async () => {
    const file = join(dir, 'cache.bin');
    await cipher.encryptToFile(file, plaintext, 'k');
    await truncate(file, (await stat(file)).size - 1);
    await expectTampered(cipher.decryptFile(file, 'k'));
  });

  it('should report tampering without reading it when the file is larger than any envelope', async () => {
    await cipher.seal(plaintext, 'k');
    const file = join(dir, 'huge.bin');
    await writeFile(file, '');
    await truncate(file, 65 * 1024 * 1024);
    await expectTampered(cipher.decryptFile(file, 'k'));
  });

  it('should make every copy unreadable and delete the file when the envelope is destroyed', async () => {
    const file = join(dir, 'cache.bin');
    await cipher.encryptToFile(file, plaintext, 'k');
    const copy = await readFile(file);
    await cipher.destroy('k', file);
    expect(store.names()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    await expectTampered(cipher.open(copy, 'k'));
  });

  it('should succeed quietly when destroying an envelope whose key and file are already gone', async () => {
    await expect(cipher.destroy('never-made', join(dir, 'absent.bin'))).resolves.toBeUndefined();
    await expect(cipher.destroy('never-made')).resolves.toBeUndefined();
  });
});
