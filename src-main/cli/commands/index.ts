import type { CliCommand } from '../command';
import { certreqInfCommand } from './certreq-inf';
import { csrCommand } from './csr';
import { emulatorCommand } from './emulator';
import { inspectCommand } from './inspect';
import { pfxCommand } from './pfx';
import { serveCommand } from './serve';

/** Every `comanage` sub-command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  csrCommand,
  certreqInfCommand,
  pfxCommand,
  inspectCommand,
  emulatorCommand,
];
