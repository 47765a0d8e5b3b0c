// `npm test`: every gate in order — typecheck, lint (+ security gate), unit, integration
// (inside a private keychain session), end-to-end in Chromium. Runs them all, then prints one
// summary with the real test counts, and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './build-if-stale.mjs';

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
  // The certificate stage keeps key passphrases in the keychain, so the served app needs one too.
  [
    'e2e',
    process.execPath,
    [join(ROOT, 'scripts/with-keychain.mjs'), bin('playwright'), 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
];

const only = process.argv.slice(2);
const outcome = [];
for (const [name, command, args, extraEnv] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  outcome.push({ name, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of [vitestJson('unit'), vitestJson('integration')]) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (existsSync(playwrightJson)) {
  const { stats } = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
  skipped += stats?.skipped ?? 0;
}

process.stdout.write('\n=== summary ===\n');
for (const step of outcome)
  process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds}s)\n`);
const stepsFailed = outcome.filter((s) => !s.ok).length;
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = stepsFailed > 0 || failed > 0 ? 1 : 0;
