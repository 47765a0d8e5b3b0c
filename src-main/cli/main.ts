// Entry point of the `comanage` CLI (built to out/main/cli.js). Plain Node: never imports electron.
import * as nodeModule from 'node:module';

import { COMMANDS } from './commands';
import { defaultIo, runCli } from './run-cli';

// Node ≥ 22.1 can keep V8's compiled code of the command modules (loaded after this line) on disk
// between runs; Node 20, where this was measured, has no such cache and skips it.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const code = await runCli(process.argv.slice(2), defaultIo(), COMMANDS);
// `serve` and `emulator` resolve only after a signal; other commands end here.
process.exitCode = code;
