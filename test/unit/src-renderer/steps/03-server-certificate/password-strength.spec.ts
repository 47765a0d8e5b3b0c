import { describe, expect, it } from 'vitest';

import { estimateStrength } from '../../../../../src-renderer/steps/03-server-certificate/password-strength';

describe('estimateStrength', () => {
  it('should call an empty password empty and a 7-character one too short whatever its characters', () => {
    expect(estimateStrength('').level).toBe('empty');
    expect(estimateStrength('Zx9!qW3').level).toBe('too-short');
  });

  it('should rate repeated characters and runs weak even when they are long', () => {
    expect(estimateStrength('aaaaaaaaaaaaaaaa').level).toBe('weak');
    expect(estimateStrength('abcdefghijklmnop').level).toBe('weak');
    expect(estimateStrength('12345678').level).toBe('weak');
  });

  it('should rate a 24-character generated password strong and a mixed 12-character one at least fair', () => {
    expect(estimateStrength('hK7mPq2ZrT9vXw4bNc6dFg8j').level).toBe('strong');
    expect(['fair', 'strong']).toContain(estimateStrength('Tr0ub4dor&3x').level);
  });

  it('should never lower the estimate when a character of a new class is added', () => {
    const base = estimateStrength('correcthorse').bits;
    expect(estimateStrength('correcthorse7').bits).toBeGreaterThan(base);
    expect(estimateStrength('correcthorse7!').bits).toBeGreaterThan(base);
  });
});
