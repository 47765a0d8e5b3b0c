// `npm run -s comanage -- ARGS`: builds if needed (noise on stderr only), then runs the CLI with
// the caller's stdio so that its stdout can be piped (e.g. `inspect --json`).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ensureBuilt, ROOT } from './build-if-stale.mjs';

ensureBuilt({ quiet: true });
const child = spawn(process.execPath, [join(ROOT, 'out/main/cli.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
