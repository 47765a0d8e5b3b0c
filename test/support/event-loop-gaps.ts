// Measures how long the event loop was held while some async work ran: a 2 ms timer chain records
// the longest gap between two turns (a timer rather than setImmediate, so as not to take a core
// from the work being measured). Work done on the loop's thread shows as one gap as
// long as itself; work in another thread leaves only scheduling noise.
import { performance } from 'node:perf_hooks';

export interface LoopGaps<T> {
  readonly value: T;
  /** Longest time between two turns of the loop, in ms. */
  readonly maxGapMs: number;
  /** Time the work took, in ms. */
  readonly elapsedMs: number;
}

export async function loopGapsDuring<T>(work: () => Promise<T>): Promise<LoopGaps<T>> {
  let running = true;
  let last = performance.now();
  let maxGapMs = 0;
  const spin = (): void => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    if (running) setTimeout(spin, 2);
  };
  const started = performance.now();
  setTimeout(spin, 2);
  try {
    const value = await work();
    return {
      value,
      maxGapMs: Math.max(maxGapMs, performance.now() - last),
      elapsedMs: performance.now() - started,
    };
  } finally {
    running = false;
  }
}
