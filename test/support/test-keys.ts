// Pre-made private keys for the openssl fixtures (test keys only; see keys/README.md). A pool
// hands out distinct keys of one kind per fixture set, so no two certificates in a set share a key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type TestKeyKind = 'rsa2048' | 'rsa1024' | 'p256';

const KEYS_DIR = join(import.meta.dirname, 'keys');
const POOL_SIZE: Readonly<Record<TestKeyKind, number>> = { rsa2048: 14, rsa1024: 1, p256: 3 };

const cache = new Map<string, string>();

/** The PEM (PKCS#8, unencrypted) of test key `index` (1-based) of a kind. */
export function testKeyPem(kind: TestKeyKind, index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > POOL_SIZE[kind]) {
    throw new Error(`No pre-made ${kind} test key #${index}: add one to test/support/keys/ (see README.md)`);
  }
  const name = `test-only-${kind}-${String(index).padStart(2, '0')}.pem`;
  let pem = cache.get(name);
  if (pem === undefined) {
    pem = readFileSync(join(KEYS_DIR, name), 'utf8');
    cache.set(name, pem);
  }
  return pem;
}

/** Hands out the next unused key of each kind; one pool per fixture set. */
export function createTestKeyPool(): (kind: TestKeyKind) => string {
  const used: Record<TestKeyKind, number> = { rsa2048: 0, rsa1024: 0, p256: 0 };
  return (kind) => {
    used[kind] += 1;
    return testKeyPem(kind, used[kind]);
  };
}
