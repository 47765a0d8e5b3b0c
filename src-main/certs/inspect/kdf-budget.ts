// A cap on the key-derivation work one PFX may ask for. Each derivation is charged before it runs, in
// "SHA-1 rounds": one round of the PKCS#12 KDF with SHA-1 (about 0.2 µs here). The weights are the
// measured cost of one round of each other kind relative to that, so that PBKDF2, which Node runs
// natively, and the B.2 KDF, which runs in JS, are counted by the time they really take.
import type { Pkcs12Digest } from './pkcs12-kdf';

/** Per derivation: far above what any tool writes (openssl 2048, Windows 2000, OWASP's 600,000). */
export const MAX_ITERATIONS = 10_000_000;
/**
 * Per file: a few seconds in the reader's worker. A 3DES file with 10 keys at 200,000 rounds
 * (6.8 million) fits; a file made to stall the reader (100 such keys) does not.
 */
export const MAX_KDF_WORK = 16_000_000;

const PKCS12_ROUND_COST: Readonly<Record<Pkcs12Digest, number>> = {
  sha1: 1,
  sha256: 2.3,
  // One `crypto.hash` call per round.
  sha384: 6,
  sha512: 6,
};
const PBKDF2_ROUND_COST: Readonly<Record<string, number>> = {
  sha1: 1.2,
  sha224: 1.2,
  sha256: 1.2,
  sha384: 1.6,
  sha512: 1.6,
};
const PBKDF2_OUTPUT: Readonly<Record<string, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};
const PKCS12_OUTPUT: Readonly<Record<Pkcs12Digest, number>> = {
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** Cost of one PKCS#12 (B.2) derivation of `bytes` bytes: every output block is a chain of rounds. */
export function pkcs12KdfCost(digest: Pkcs12Digest, iterations: number, bytes: number): number {
  return iterations * Math.ceil(bytes / PKCS12_OUTPUT[digest]) * PKCS12_ROUND_COST[digest];
}

/** Cost of one PBKDF2 derivation of `bytes` bytes with HMAC-`digest`. */
export function pbkdf2Cost(digest: string, iterations: number, bytes: number): number {
  return iterations * Math.ceil(bytes / (PBKDF2_OUTPUT[digest] ?? 32)) * (PBKDF2_ROUND_COST[digest] ?? 1.6);
}

export class KdfBudgetExceeded extends Error {
  constructor(readonly work: number) {
    super('key derivation budget exceeded');
    this.name = 'KdfBudgetExceeded';
  }
}

/** Work left for one file; `charge` throws before a derivation that would go over it. */
export class KdfBudget {
  private spent = 0;

  constructor(readonly limit: number = MAX_KDF_WORK) {}

  get used(): number {
    return this.spent;
  }

  /** Throws without charging when the work would exceed the limit. */
  charge(work: number): void {
    if (!(work >= 0) || this.spent + work > this.limit) throw new KdfBudgetExceeded(this.spent + work);
    this.spent += work;
  }
}
