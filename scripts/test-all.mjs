// `npm test`: every gate in order — typecheck, lint (+ security gate), unit, integration
// (inside a private keychain session), end-to-end in Chromium. Runs them all, then prints one
// summary with the real test counts, and exits non-zero if any step failed. The unit and renderer
// projects run shuffled with a fresh seed (printed; TEST_SEED=N replays an order).
// `node scripts/test-all.mjs unit e2e` runs only the named steps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './build-if-stale.mjs';
import { chooseSeed, seedBanner, shuffleArgs } from './test-seed.mjs';
import { summarise, summaryLine } from './test-summary.mjs';

const chosen = chooseSeed();
if ('error' in chosen) {
  process.stderr.write(`${chosen.error}\n`);
  process.exit(2);
}

const results = join(ROOT, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const vitestJson = (name) => join(results, `vitest-${name}.json`);
const playwrightJson = join(results, 'playwright.json');
for (const file of [vitestJson('unit'), vitestJson('integration'), playwrightJson])
  rmSync(file, { force: true });

const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  [
    'unit',
    bin('vitest'),
    [
      'run',
      '--project',
      'unit',
      '--project',
      'renderer',
      ...shuffleArgs(chosen.seed),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson('unit')}`,
    ],
  ],
  [
    'integration',
    process.execPath,
    [
      join(ROOT, 'scripts/with-keychain.mjs'),
      bin('vitest'),
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson('integration')}`,
    ],
  ],
  ['build', process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']],
  // What the installer would pack: size budget and shippable licences (electron-builder cannot run here).
  ['package', process.execPath, [join(ROOT, 'scripts/package-check.mjs')]],
  // The certificate stage keeps key passphrases in the keychain, so the served app needs one too.
  [
    'e2e',
    process.execPath,
    [join(ROOT, 'scripts/with-keychain.mjs'), bin('playwright'), 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
];

/** Which report each test step writes, for the summary. */
const reports = {
  unit: { kind: 'vitest', file: vitestJson('unit') },
  integration: { kind: 'vitest', file: vitestJson('integration') },
  e2e: { kind: 'playwright', file: playwrightJson },
};

function readReport(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // a truncated report: the step counts as failed through its exit code
  }
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !steps.some(([step]) => step === name));
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown step: ${unknown.join(', ')}. Steps: ${steps.map(([step]) => step).join(', ')}.\n`,
  );
  process.exit(2);
}
const outcome = [];
for (const [name, command, args, extraEnv] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  if (name === 'unit') process.stdout.write(`${seedBanner(chosen.seed)}\n`);
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  const report = reports[name];
  outcome.push({
    name,
    ok: run.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    ...(report ? { kind: report.kind, report: readReport(report.file) } : {}),
  });
}

process.stdout.write('\n=== summary ===\n');
for (const step of outcome)
  process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds}s)\n`);
if (outcome.some((step) => step.name === 'unit')) process.stdout.write(`${seedBanner(chosen.seed)}\n`);
const totals = summarise(outcome);
process.stdout.write(`${summaryLine(totals)}\n`);
process.exitCode = outcome.some((step) => !step.ok) || totals.failed > 0 ? 1 : 0;
