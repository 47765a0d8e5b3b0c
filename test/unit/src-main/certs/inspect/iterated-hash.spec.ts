import { hash, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { iterateSha1, iterateSha256 } from '/@/src-main/certs/inspect/iterated-hash';

/** The straightforward form: one native hash call per round. */
function nativeIterate(digest: 'sha1' | 'sha256', start: Buffer, rounds: number): Buffer {
  let value = start;
  for (let round = 0; round < rounds; round++) value = hash(digest, value, 'buffer');
  return value;
}

describe('iterated SHA-1 and SHA-256', () => {
  it.each([0, 1, 2, 5, 79, 1000, 4097])('should match crypto.hash after %i rounds', (rounds) => {
    for (let sample = 0; sample < 4; sample++) {
      const sha1Start = hash('sha1', randomBytes(40), 'buffer');
      const sha256Start = hash('sha256', randomBytes(40), 'buffer');
      expect(iterateSha1(sha1Start, rounds).toString('hex')).toBe(
        nativeIterate('sha1', sha1Start, rounds).toString('hex'),
      );
      expect(iterateSha256(sha256Start, rounds).toString('hex')).toBe(
        nativeIterate('sha256', sha256Start, rounds).toString('hex'),
      );
    }
  });

  it('should handle digests with every high bit set (signed 32-bit words)', () => {
    const ones1 = Buffer.alloc(20, 0xff);
    const ones256 = Buffer.alloc(32, 0xff);
    expect(iterateSha1(ones1, 3).equals(nativeIterate('sha1', ones1, 3))).toBe(true);
    expect(iterateSha256(ones256, 3).equals(nativeIterate('sha256', ones256, 3))).toBe(true);
  });

  it('should leave its input untouched', () => {
    const start = hash('sha1', 'abc', 'buffer');
    const copy = Buffer.from(start);
    iterateSha1(start, 10);
    expect(start.equals(copy)).toBe(true);
  });
});
