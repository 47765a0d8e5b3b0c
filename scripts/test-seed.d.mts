// Types for test-seed.mjs (imported by its unit test).
export function chooseSeed(
  env?: Record<string, string | undefined>,
  random?: () => number,
): { seed: number } | { error: string };
export function shuffleArgs(seed: number): string[];
export function seedBanner(seed: number): string;
