// Counts for the closing line of `npm test` ("tests: N passed, N failed, N skipped"), read from
// vitest's and Playwright's JSON reports. A failure must never read as "0 failed": a file whose
// beforeAll timed out (its tests then show as skipped), an afterAll that threw, a spec that did
// not load, an unhandled error, or a step that exited non-zero without a report each count as
// at least one failure.

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */
/** @typedef {{ name: string, ok: boolean, kind?: 'vitest' | 'playwright', report?: unknown }} StepResult */

const count = (value) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/**
 * vitest's JSON report (jest-compatible). Per file: its failed tests, or 1 when the file failed
 * with none (a hook, a load error); plus 1 when the run failed with nothing else counted.
 * @returns {Counts}
 */
export function countVitest(report) {
  const files = Array.isArray(report?.testResults) ? report.testResults : [];
  let failed = 0;
  for (const file of files) {
    const assertions = Array.isArray(file?.assertionResults) ? file.assertionResults : [];
    const failedHere = assertions.filter((test) => test?.status === 'failed').length;
    failed += file?.status === 'failed' ? Math.max(1, failedHere) : failedHere;
  }
  // Files vitest counted as failed but did not list (or a report without testResults).
  failed = Math.max(failed, count(report?.numFailedTests), count(report?.numFailedTestSuites));
  if (report?.success === false && failed === 0) failed = 1; // e.g. an unhandled error
  return {
    passed: count(report?.numPassedTests),
    failed,
    skipped: count(report?.numPendingTests) + count(report?.numTodoTests),
  };
}

function suiteErrors(suites) {
  let errors = 0;
  for (const suite of Array.isArray(suites) ? suites : []) {
    errors += Array.isArray(suite?.errors) ? suite.errors.length : 0;
    errors += suiteErrors(suite?.suites);
  }
  return errors;
}

/**
 * Playwright's JSON report: unexpected results (a failed hook fails its tests there), plus each
 * top-level error (a spec that did not load, a global setup that threw) and each suite error.
 * @returns {Counts}
 */
export function countPlaywright(report) {
  const stats = report?.stats ?? {};
  const errors = Array.isArray(report?.errors) ? report.errors.length : 0;
  return {
    passed: count(stats.expected) + count(stats.flaky),
    failed: count(stats.unexpected) + errors + suiteErrors(report?.suites),
    skipped: count(stats.skipped),
  };
}

/**
 * Adds up every step. A test step's report gives its counts; a failed step (tests or not) with
 * no report, or whose report shows no failure, still counts as one failure.
 * @param {readonly StepResult[]} steps
 * @returns {Counts}
 */
export function summarise(steps) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const step of steps) {
    let counts = { passed: 0, failed: 0, skipped: 0 };
    if (step.report !== undefined && step.report !== null) {
      counts = step.kind === 'playwright' ? countPlaywright(step.report) : countVitest(step.report);
    }
    if (!step.ok) counts.failed = Math.max(1, counts.failed);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  return total;
}

/** The closing line, in the "N passed, N failed" form CI readers look for. */
export function summaryLine({ passed, failed, skipped }) {
  return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}
