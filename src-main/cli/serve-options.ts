// What the long-running commands (`emulator`, `serve`) share: strict option parsing with
// `--help`, the `--port` check, and waiting for Ctrl+C. Only `node:util` here: commands load lazily.
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { type CliIo, EXIT_OK, EXIT_USAGE } from './command';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends OptionsConfig> = O & { help: { type: 'boolean' } };
type Values<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; strict: true; allowPositionals: false }>
>['values'];

/** Parsed options, or the exit code once the usage (error or `--help`) has been printed. */
export type CommandLine<O extends OptionsConfig> =
  { readonly values: Values<O>; readonly exit?: undefined } | { readonly exit: number };

/**
 * Parses `argv` strictly (no positionals) with `options` plus `--help`. An unknown option prints
 * the problem and the usage to stderr (exit 2); `--help` prints the usage to stdout (exit 0).
 */
export function parseCommandLine<O extends OptionsConfig>(
  argv: readonly string[],
  options: O,
  usage: string,
  io: CliIo,
): CommandLine<O> {
  let values: Values<O>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean' } } as WithHelp<O>,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${usage}\n`);
    return { exit: EXIT_USAGE };
  }
  if ((values as { help?: boolean }).help) {
    io.stdout(`${usage}\n`);
    return { exit: EXIT_OK };
  }
  return { values };
}

/** `--port`: omitted means 0 (a free port); otherwise digits only, 0 to 65535. Null when unusable. */
export function parsePortOption(text: string | undefined): number | null {
  if (text === undefined) return 0;
  const port = Number(text);
  return /^\d{1,5}$/.test(text) && port <= 65535 ? port : null;
}

/** Resolves on the first SIGINT (Ctrl+C) or SIGTERM, then stops listening for them. */
export function waitForStopSignal(): Promise<void> {
  return new Promise((resolvePromise) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolvePromise();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
