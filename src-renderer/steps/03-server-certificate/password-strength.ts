// A rough, honest strength estimate for a typed PFX password: entropy from the character
// classes used, with penalties for repeats and runs. It guides; it does not promise.

export type PasswordStrength = 'empty' | 'too-short' | 'weak' | 'fair' | 'strong';

export const MIN_PASSWORD_LENGTH = 8;

export interface StrengthEstimate {
  readonly level: PasswordStrength;
  /** Estimated bits of entropy (0 for an empty password). */
  readonly bits: number;
  /** 0–4 for a meter. */
  readonly score: number;
}

const CLASSES: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^A-Za-z0-9]/, 33],
];

export function estimateStrength(password: string): StrengthEstimate {
  if (password.length === 0) return { level: 'empty', bits: 0, score: 0 };
  const characters = [...password];
  const alphabet = CLASSES.reduce((size, [pattern, count]) => size + (pattern.test(password) ? count : 0), 0);
  // Repeated characters and sequences (aaaa, 1234, abcd) add almost nothing.
  let effective = 0;
  for (let index = 0; index < characters.length; index += 1) {
    const code = characters[index]?.codePointAt(0) ?? 0;
    const previous = index > 0 ? (characters[index - 1]?.codePointAt(0) ?? 0) : null;
    const predictable = previous !== null && Math.abs(code - previous) <= 1;
    effective += predictable ? 0.25 : 1;
  }
  const distinct = new Set(characters).size;
  const bits = Math.round(Math.min(effective, distinct * 2) * Math.log2(Math.max(alphabet, 2)));
  if (characters.length < MIN_PASSWORD_LENGTH) return { level: 'too-short', bits, score: 1 };
  if (bits < 50) return { level: 'weak', bits, score: 2 };
  if (bits < 72) return { level: 'fair', bits, score: 3 };
  return { level: 'strong', bits, score: 4 };
}
