export { type CliCommand, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './command';
export { COMMANDS } from './commands';
export { defaultIo, runCli, usage } from './run-cli';
