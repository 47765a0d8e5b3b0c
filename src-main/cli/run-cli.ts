import { localeFrom } from '../shared';
import { type CliCommandEntry, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './command';
import { PRODUCT_VERSION } from './version';

export function usage(commands: readonly CliCommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: comanage <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`comanage <command> --help\` for a command's options.`;
}

/** Routes argv to a command; never throws: unexpected errors become exit 1 with a short message. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommandEntry[],
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${usage(commands)}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${PRODUCT_VERSION}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n${usage(commands)}\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`comanage ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

export function defaultIo(): CliIo {
  const env = process.env;
  const tag =
    env['COMANAGE_LANG'] ??
    env['LC_ALL'] ??
    env['LC_MESSAGES'] ??
    env['LANG'] ??
    Intl.DateTimeFormat().resolvedOptions().locale;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env,
    cwd: process.cwd(),
    locale: localeFrom(tag),
  };
}
