import { describe, expect, it } from 'vitest';

import {
  KdfBudget,
  KdfBudgetExceeded,
  MAX_KDF_WORK,
  pbkdf2Cost,
  pkcs12KdfCost,
} from '/@/src-main/certs/inspect/kdf-budget';

describe('KdfBudget', () => {
  it('should throw before a charge that would go over the limit and keep what was spent', () => {
    const budget = new KdfBudget(100);
    budget.charge(60);
    expect(() => budget.charge(41)).toThrow(KdfBudgetExceeded);
    expect(budget.used).toBe(60);
    budget.charge(40);
    expect(budget.used).toBe(100);
  });

  it('should refuse a negative or NaN charge', () => {
    const budget = new KdfBudget(100);
    expect(() => budget.charge(-1)).toThrow(KdfBudgetExceeded);
    expect(() => budget.charge(Number.NaN)).toThrow(KdfBudgetExceeded);
  });

  it('should let a 10-key 3DES file at 200,000 rounds through and stop 100 such keys', () => {
    // Each 3DES piece derives a 24-byte key (two SHA-1 blocks) and an 8-byte IV (one block).
    const piece = pkcs12KdfCost('sha1', 200_000, 24) + pkcs12KdfCost('sha1', 200_000, 8);
    const mac = pkcs12KdfCost('sha1', 200_000, 20);
    expect(piece).toBe(600_000);
    expect(mac + 11 * piece).toBeLessThanOrEqual(MAX_KDF_WORK);
    expect(mac + 101 * piece).toBeGreaterThan(MAX_KDF_WORK);
  });

  it('should let an openssl -iter 600000 file (PBKDF2-SHA256 key and certificates, SHA-256 MAC) through', () => {
    const work = 2 * pbkdf2Cost('sha256', 600_000, 32) + pkcs12KdfCost('sha256', 600_000, 32);
    expect(work).toBeLessThan(MAX_KDF_WORK / 4);
  });
});
