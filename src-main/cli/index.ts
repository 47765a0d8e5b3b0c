export {
  type CliCommand,
  type CliCommandEntry,
  type CliIo,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
} from './command';
export { COMMANDS, type LazyCommand } from './commands';
export { defaultIo, runCli, usage } from './run-cli';
