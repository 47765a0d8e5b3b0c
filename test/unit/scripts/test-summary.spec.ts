// The closing line of `npm test`, fed with reports that vitest writes for tiny spec files run
// here (a beforeAll that never settles, an afterAll that throws, a file that does not load), and
// with Playwright reports recorded the same way (fixtures/; a real Playwright run is too slow here).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chooseSeed, seedBanner, shuffleArgs } from '/@/scripts/test-seed.mjs';
import { countPlaywright, countVitest, summarise, summaryLine } from '/@/scripts/test-summary.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

/** Runs vitest on the given spec files (globals, no imports: they live outside the repo). */
function runVitest(dir: string, specs: Record<string, string>): { status: number | null; report: unknown } {
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['*.spec.mjs'], globals: true, hookTimeout: 500, testTimeout: 5000 } };\n",
  );
  for (const [name, source] of Object.entries(specs)) writeFileSync(join(dir, name), source);
  const output = join(dir, 'report.json');
  // The outer run's VITEST_* variables would make the inner vitest think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const run = spawnSync(
    join(ROOT, 'node_modules/.bin/vitest'),
    [
      'run',
      '--root',
      dir,
      '--config',
      join(dir, 'vitest.config.mjs'),
      '--reporter=json',
      `--outputFile.json=${output}`,
    ],
    { cwd: dir, env, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: run.status, report: JSON.parse(readFileSync(output, 'utf8')) };
}

const PASSING = "it('passes', () => expect(1).toBe(1));\nit('passes too', () => expect(2).toBe(2));\n";
// A hook that never settles: vitest's hook timeout fails it (no sleep involved).
const HANGING_BEFORE_ALL = `beforeAll(() => new Promise(() => {}));\n${PASSING}`;
const THROWING_AFTER_ALL = `afterAll(() => { throw new Error('cleanup failed'); });\n${PASSING}`;
const NOT_LOADING = "throw new Error('import failed');\n";

describe('npm test summary with real vitest reports', () => {
  let dir: string;
  let hookRun: { status: number | null; report: unknown };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'test-summary-'));
    hookRun = runVitest(dir, {
      'passing.spec.mjs': PASSING,
      'before-all.spec.mjs': HANGING_BEFORE_ALL,
      'after-all.spec.mjs': THROWING_AFTER_ALL,
      'not-loading.spec.mjs': NOT_LOADING,
      'skipped.spec.mjs': "it.skip('later', () => {});\nit('fails', () => expect(1).toBe(2));\n",
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should count each failed hook and unloadable file as a failure when vitest reports no failed test for them', () => {
    expect(hookRun.status).not.toBe(0);
    const counts = countVitest(hookRun.report);
    // before-all, after-all, not-loading: one each; skipped.spec: its failing test.
    expect(counts.failed).toBe(4);
    // passing (2) + after-all's tests (2, they ran and passed before the hook threw).
    expect(counts.passed).toBe(4);
    // The before-all file's 2 tests did not run; plus it.skip.
    expect(counts.skipped).toBe(3);
    expect(
      summaryLine(summarise([{ name: 'unit', ok: false, kind: 'vitest', report: hookRun.report }])),
    ).toBe('tests: 4 passed, 4 failed, 3 skipped');
  });

  it('should not count a failure when every file passed', () => {
    const onlyPassing = mkdtempSync(join(tmpdir(), 'test-summary-ok-'));
    try {
      const run = runVitest(onlyPassing, { 'passing.spec.mjs': PASSING });
      expect(run.status).toBe(0);
      expect(summarise([{ name: 'unit', ok: true, kind: 'vitest', report: run.report }])).toEqual({
        passed: 2,
        failed: 0,
        skipped: 0,
      });
    } finally {
      rmSync(onlyPassing, { recursive: true, force: true });
    }
  });
});

describe('npm test summary with recorded Playwright reports', () => {
  it('should count a hook timeout, an afterAll error and a failed test from the stats', () => {
    expect(countPlaywright(fixture('playwright-hook-failures.json'))).toEqual({
      passed: 1,
      failed: 3,
      skipped: 2,
    });
  });

  it('should count each top-level error when a spec file did not load and no test ran', () => {
    const report = fixture('playwright-load-error.json');
    expect(countPlaywright(report)).toEqual({ passed: 0, failed: 2, skipped: 0 });
  });

  it('should count an error attached to a suite', () => {
    const report = {
      stats: { expected: 3, unexpected: 0 },
      errors: [],
      suites: [{ suites: [{ errors: [{}] }] }],
    };
    expect(countPlaywright(report).failed).toBe(1);
  });
});

describe('npm test summary across steps', () => {
  it('should count a failed step that wrote no report as a failure', () => {
    const counts = summarise([
      { name: 'typecheck', ok: true },
      { name: 'unit', ok: false, kind: 'vitest', report: null },
      { name: 'e2e', ok: false, kind: 'playwright', report: null },
    ]);
    expect(counts).toEqual({ passed: 0, failed: 2, skipped: 0 });
  });

  it('should count a test step that exited non-zero although its report shows no failure', () => {
    const report = { numPassedTests: 10, numFailedTests: 0, success: true, testResults: [] };
    expect(summarise([{ name: 'integration', ok: false, kind: 'vitest', report }]).failed).toBe(1);
    expect(summarise([{ name: 'integration', ok: true, kind: 'vitest', report }]).failed).toBe(0);
  });

  it('should count a run vitest marks unsuccessful (an unhandled error) as a failure', () => {
    const report = { numPassedTests: 5, numFailedTests: 0, success: false, testResults: [] };
    expect(countVitest(report).failed).toBe(1);
  });
});

describe('npm test shuffle seed', () => {
  it('should take TEST_SEED when it is a whole number and a fresh random seed otherwise', () => {
    expect(chooseSeed({ TEST_SEED: '12345' }, () => 7)).toEqual({ seed: 12345 });
    expect(chooseSeed({}, () => 7)).toEqual({ seed: 7 });
    expect(chooseSeed({ TEST_SEED: ' ' }, () => 9)).toEqual({ seed: 9 });
    const seeds = new Set(Array.from({ length: 20 }, () => (chooseSeed({}) as { seed: number }).seed));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('should refuse a TEST_SEED that is not a whole number in range, with a message', () => {
    for (const bad of ['abc', '-3', '0', '1.5', '99999999999', '1e3']) {
      const chosen = chooseSeed({ TEST_SEED: bad });
      expect(chosen, bad).toEqual({ error: expect.stringContaining(`"${bad}"`) });
    }
  });

  it('should print the seed with the commands that replay the order', () => {
    expect(shuffleArgs(42)).toEqual(['--sequence.shuffle', '--sequence.seed=42']);
    expect(seedBanner(42)).toMatch(/^unit: --sequence\.seed=42 \(replay with TEST_SEED=42 /);
    expect(seedBanner(42)).toContain(
      'npx vitest run --project unit --project renderer --sequence.shuffle --sequence.seed=42',
    );
  });
});
