import type { Locale } from '../shared';

/** Everything a CLI command may touch, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly locale: Locale;
}

/** Exit codes of the CLI contract: 0 success (warnings allowed), 1 failure, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** What the router needs: `--help` lists name and summary; `run` may load the implementation first. */
export interface CliCommandEntry {
  readonly name: string;
  /** One line for `comanage --help`. */
  readonly summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export interface CliCommand extends CliCommandEntry {
  /** Full usage text, printed on a usage error and by `comanage <name> --help`. */
  readonly usage: string;
}
