// `npm start [-- ARGS]`: builds when out/ is missing or stale, then starts the Electron shell,
// or, where Electron cannot run (no binary, no display), the loopback web host in a browser.
// Signals go to the child and its exit code becomes ours.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

import { ensureBuilt, isBuildStale, ROOT } from './build-if-stale.mjs';
import { planLaunch } from './electron-available.mjs';

if (isBuildStale()) process.stderr.write('Building…\n');
ensureBuilt({ quiet: true });

const plan = planLaunch({ root: ROOT, args: process.argv.slice(2) });
if (plan.notice) process.stderr.write(`${plan.notice}\n`);

const child = spawn(plan.command, plan.args, { cwd: ROOT, stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);

child.on('error', (error) => {
  process.stderr.write(`Could not start ${plan.command}: ${error.message}\n`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
});
