import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  inspectPfx,
  type InspectResult,
  MAX_PFX_BYTES,
  type PreflightCheck,
  type Severity,
  tooLargeResult,
} from '../../certs';
import { FileTooLargeError, readBoundedFile } from '../../fsio';
import { isAppError, type Locale, translate } from '../../shared';
import { type CliCommand, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';

const USAGE = `Usage: comanage inspect FILE.pfx --password-env VAR [--expect-cn FQDN] [--previous-cn FQDN] [--json]

Checks a PFX file against the cloud management gateway's certificate rules.
  --password-env VAR   name of the environment variable holding the PFX password
                       (set it to an empty value for a file without password)
  --expect-cn FQDN     the CMG service name the certificate must carry
  --previous-cn FQDN   CN of the certificate being renewed (must match exactly)
  --json               print {"file", "checks", "summary"} as JSON on stdout, or
                       {"file", "error": {"code", "message"}} when the file cannot be checked
Exit codes: 0 usable (warnings allowed), 1 an error was found or the file cannot be read, 2 usage error.`;

const SYMBOLS: Readonly<Record<Severity, string>> = { pass: '✓', info: 'i', warning: '!', error: '✗' };

interface InspectArgs {
  file: string;
  passwordEnv: string;
  expectCn: string | undefined;
  previousCn: string | undefined;
  json: boolean;
}

function parse(argv: readonly string[]): InspectArgs | 'help' | string {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        'password-env': { type: 'string' },
        'expect-cn': { type: 'string' },
        'previous-cn': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) return 'help';
    if (positionals.length !== 1) return 'Give exactly one PFX file.';
    const passwordEnv = values['password-env'];
    if (!passwordEnv)
      return '--password-env VAR is required (the password is never taken on the command line).';
    return {
      file: positionals[0] as string,
      passwordEnv,
      expectCn: values['expect-cn'],
      previousCn: values['previous-cn'],
      json: values.json ?? false,
    };
  } catch (error) {
    return (error as Error).message;
  }
}

function renderHuman(file: string, result: InspectResult, locale: Locale): string {
  const lines = [translate(locale, 'inspect.cli.title', { file }), ''];
  for (const check of result.checks) {
    lines.push(`${SYMBOLS[check.severity]} [${check.id}] ${check.message}`);
    if (check.hint && check.severity !== 'pass') lines.push(`    → ${check.hint}`);
  }
  const summary = result.summary;
  if (summary) {
    const label = (key: string): string => translate(locale, `inspect.cli.label.${key}`);
    const rows: [string, string][] = [
      [label('subject'), summary.subject],
      [label('san'), summary.subjectAltNames.join(', ')],
      [label('issuer'), summary.issuer],
      [
        label('valid'),
        translate(locale, 'inspect.cli.validRange', { from: summary.notBefore, to: summary.notAfter }),
      ],
      [label('thumbprint'), `${summary.thumbprintSha1} (SHA-1)`],
      ['SHA-256:', summary.thumbprintSha256],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    lines.push('', ...rows.map(([name, value]) => `  ${name.padEnd(width)} ${value}`));
  }
  const errors = countOf(result.checks, 'error');
  const warnings = countOf(result.checks, 'warning');
  lines.push(
    '',
    errors > 0
      ? translate(locale, 'inspect.cli.result.failed', { errors, warnings })
      : translate(locale, 'inspect.cli.result.ok', { warnings }),
  );
  return `${lines.join('\n')}\n`;
}

function countOf(checks: readonly PreflightCheck[], severity: Severity): number {
  return checks.filter((check) => check.severity === severity).length;
}

interface CliFailure {
  readonly code: 'usage' | 'password-env-unset' | 'read-failed' | 'not-a-file';
  readonly messageKey?: string;
  readonly message: string;
}

/** With --json, every failure is a JSON document on stdout too, so scripts can always parse it. */
function printFailure(io: CliIo, json: boolean, file: string | null, failure: CliFailure): void {
  if (json) io.stdout(`${JSON.stringify({ file, error: failure }, null, 2)}\n`);
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'check a PFX file against the cloud management gateway certificate rules',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parse(argv);
    if (args === 'help') {
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (typeof args === 'string') {
      io.stderr(`${args}\n${USAGE}\n`);
      printFailure(io, argv.includes('--json'), null, { code: 'usage', message: args });
      return EXIT_USAGE;
    }
    const password = io.env[args.passwordEnv];
    if (password === undefined) {
      const params = { name: args.passwordEnv };
      const message = translate(io.locale, 'inspect.cli.passwordEnvUnset', params);
      io.stderr(`${message}\n${translate(io.locale, 'inspect.cli.passwordEnvUnset.hint', params)}\n`);
      const messageKey = 'inspect.cli.passwordEnvUnset';
      printFailure(io, args.json, args.file, { code: 'password-env-unset', messageKey, message });
      return EXIT_FAILURE;
    }
    let read: Buffer | number;
    try {
      read = await readBoundedFile(resolve(io.cwd, args.file), { maxBytes: MAX_PFX_BYTES, label: args.file });
    } catch (error) {
      if (error instanceof FileTooLargeError) read = error.size;
      else {
        const { messageKey, params } = isAppError(error)
          ? error
          : { messageKey: 'certs.cli.unexpected', params: {} };
        const message = translate(io.locale, messageKey, params);
        io.stderr(`${message}\n`);
        const code = messageKey.startsWith('fsio.read.notAFile.') ? 'not-a-file' : 'read-failed';
        printFailure(io, args.json, args.file, { code, messageKey, message });
        return EXIT_FAILURE;
      }
    }
    const result =
      typeof read === 'number'
        ? tooLargeResult(read, io.locale)
        : inspectPfx(read, password, {
            expectCn: args.expectCn,
            previousCn: args.previousCn,
            locale: io.locale,
          });
    if (args.json) {
      io.stdout(
        `${JSON.stringify({ file: args.file, checks: result.checks, summary: result.summary }, null, 2)}\n`,
      );
    } else {
      io.stdout(renderHuman(args.file, result, io.locale));
    }
    return countOf(result.checks, 'error') > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
