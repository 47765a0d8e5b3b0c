// Entry point of the `comanage` CLI (built to out/main/cli.js). Plain Node: never imports electron.
import { COMMANDS } from './commands';
import { defaultIo, runCli } from './run-cli';

const code = await runCli(process.argv.slice(2), defaultIo(), COMMANDS);
// `serve` and `emulator` resolve only after a signal; other commands end here.
process.exitCode = code;
