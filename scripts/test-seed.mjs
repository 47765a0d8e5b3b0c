// The shuffle seed of the unit and renderer projects in `npm test`: fresh each run so that order
// dependencies show up, printed so that a failure can be replayed, and fixed with TEST_SEED.
import { randomInt } from 'node:crypto';

const MAX_SEED = 2 ** 31 - 1;

/**
 * TEST_SEED when set (a whole number from 1 to 2³¹−1), else a random one.
 * @returns {{ seed: number } | { error: string }}
 */
export function chooseSeed(env = process.env, random = () => randomInt(1, MAX_SEED)) {
  const given = env.TEST_SEED?.trim();
  if (given === undefined || given === '') return { seed: random() };
  const seed = /^\d{1,10}$/.test(given) ? Number(given) : Number.NaN;
  if (!(seed >= 1 && seed <= MAX_SEED)) {
    return { error: `TEST_SEED must be a whole number from 1 to ${MAX_SEED}, not "${given}".` };
  }
  return { seed };
}

/** vitest arguments that shuffle files and tests with this seed. */
export function shuffleArgs(seed) {
  return ['--sequence.shuffle', `--sequence.seed=${seed}`];
}

/** The line `npm test` prints before the unit step, with the commands that replay the order. */
export function seedBanner(seed) {
  return (
    `unit: --sequence.seed=${seed} (replay with TEST_SEED=${seed} node scripts/test-all.mjs unit, ` +
    `or npx vitest run --project unit --project renderer --sequence.shuffle --sequence.seed=${seed})`
  );
}
