// Types for test-summary.mjs (imported by its unit test).
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface StepResult {
  name: string;
  ok: boolean;
  kind?: 'vitest' | 'playwright';
  /** The parsed JSON report, or null when the step wrote none. */
  report?: unknown;
}

export function countVitest(report: unknown): Counts;
export function countPlaywright(report: unknown): Counts;
export function summarise(steps: readonly StepResult[]): Counts;
export function summaryLine(counts: Counts): string;
