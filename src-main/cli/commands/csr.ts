import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

import {
  type CertRequest,
  type CertRequestInput,
  PROVIDER_NAMES,
  type ProviderId,
  subjectText,
  validateRequest,
  writeRequestFiles,
} from '../../certs';
import { isAppError, type Locale, type MessageParams, translate } from '../../shared';
import { type CliCommand, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';

// Helpers shared by the csr, certreq-inf and pfx commands (exported for those two files only).

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Thrown for argv problems; the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

export function parseStrict(argv: readonly string[], options: ParseArgsConfig['options']): ParsedValues {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return values as ParsedValues;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required.`);
  return value;
}

export function oneOf<T extends string>(
  values: ParsedValues,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}

/** Thrown for a failed check; printed localized, exit 1. */
export class CheckFailure extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** A secret read from the environment variable named on the command line (never from argv). */
export function secretFromEnv(io: CliIo, name: string): string {
  const value = io.env[name];
  if (value === undefined || value.length === 0) {
    throw new CheckFailure([translate(io.locale, 'certs.cli.envMissing', { name })]);
  }
  return value;
}

/** Reads a small input file; too large, missing or unreadable → a localized failure. */
export async function readInput(io: CliIo, path: string, maxBytes: number): Promise<Buffer> {
  try {
    const handle = await open(resolve(io.cwd, path), 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        throw new CheckFailure([
          translate(io.locale, 'certs.cli.inputTooLarge', { file: path, max: maxBytes }),
        ]);
      }
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buffer, 0, size, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new CheckFailure([translate(io.locale, 'certs.cli.readFailed', { file: path, reason })]);
  }
}

/** Runs a command body with the CLI's exit-code contract. */
export async function runWithContract(
  io: CliIo,
  usage: string,
  argv: readonly string[],
  body: () => Promise<void>,
): Promise<number> {
  if (argv.includes('--help')) {
    io.stdout(`${usage}\n`);
    return EXIT_OK;
  }
  try {
    await body();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n${usage}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CheckFailure) io.stderr(`${error.lines.join('\n')}\n`);
    else if (isAppError(error)) io.stderr(`${translate(io.locale, error.messageKey, error.params)}\n`);
    else io.stderr(`${translate(io.locale, 'certs.cli.unexpected')}\n`);
    return EXIT_FAILURE;
  }
}

export const SUBJECT_OPTIONS = {
  cn: { type: 'string' },
  san: { type: 'string', multiple: true },
  org: { type: 'string' },
  ou: { type: 'string' },
  locality: { type: 'string' },
  state: { type: 'string' },
  country: { type: 'string' },
  'key-size': { type: 'string' },
  provider: { type: 'string' },
  'previous-cn': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const text = (values: ParsedValues, name: string): string | undefined =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

/** Subject options → a validated request; findings printed localized (warnings on stderr). */
export function requestFromOptions(values: ParsedValues, io: CliIo): CertRequest {
  const keySize = oneOf(values, 'key-size', ['2048', '4096'], '2048');
  const provider = oneOf<ProviderId>(values, 'provider', ['schannel', 'ksp'], 'schannel');
  const input: CertRequestInput = {
    cn: required(values, 'cn'),
    sans: (values['san'] as string[] | undefined) ?? [],
    org: text(values, 'org'),
    ou: text(values, 'ou'),
    locality: text(values, 'locality'),
    state: text(values, 'state'),
    country: text(values, 'country'),
    keySize: Number(keySize),
    provider,
    previousCn: text(values, 'previous-cn'),
  };
  const validation = validateRequest(input);
  const line = (finding: { field: string; key: string; params: MessageParams }): string =>
    `--${finding.field === 'sans' ? 'san' : finding.field}: ${translate(io.locale, finding.key, finding.params)}`;
  if (!validation.request) throw new CheckFailure(validation.errors.map(line));
  for (const warning of validation.warnings)
    io.stderr(`${translate(io.locale, 'certs.cli.warning')} ${line(warning)}\n`);
  return validation.request;
}

/** The summary lines every request command prints. */
export function requestSummary(request: CertRequest, locale: Locale): string[] {
  const label = (key: string): string => translate(locale, `certs.cli.label.${key}`);
  return [
    `  ${label('subject')} ${subjectText(request)}`,
    `  ${label('sans')} ${request.sans.join(', ')}`,
    `  ${label('keySize')} RSA ${request.keySize}`,
    `  ${label('provider')} ${PROVIDER_NAMES[request.provider]}`,
  ];
}

const USAGE = `Usage: comanage csr --cn FQDN [--san DNS]... [--org O] [--ou OU] [--locality L] [--state ST] [--country CC]
                    [--key-size 2048|4096] [--provider schannel|ksp] [--previous-cn FQDN]
                    --out FILE.csr --key-out FILE.key --passphrase-env VAR

Creates an RSA key and a PKCS#10 certificate request (SHA-256, SAN, server authentication) for the
cloud management gateway. The key is written encrypted (PKCS#8, AES-256) with the passphrase read
from the environment variable VAR; it never leaves this machine unencrypted.
  --previous-cn FQDN   CN of the certificate being renewed: the new CN must be exactly the same
Exit codes: 0 written (warnings on stderr), 1 refused or failed (nothing written), 2 usage error.`;

export const csrCommand: CliCommand = {
  name: 'csr',
  summary: 'create a private key and a certificate request (CSR) for the CMG',
  usage: USAGE,
  run(argv, io) {
    return runWithContract(io, USAGE, argv, async () => {
      const values = parseStrict(argv, {
        ...SUBJECT_OPTIONS,
        'key-out': { type: 'string' },
        'passphrase-env': { type: 'string' },
      });
      const out = required(values, 'out');
      const keyOut = required(values, 'key-out');
      const passphraseEnv = required(values, 'passphrase-env');
      const request = requestFromOptions(values, io);
      const outPath = resolve(io.cwd, out);
      const keyPath = resolve(io.cwd, keyOut);
      if (outPath === keyPath) throw new CheckFailure([translate(io.locale, 'certs.cli.samePath')]);
      const passphrase = secretFromEnv(io, passphraseEnv);

      // The same writer as the assistant's certificate stage: key encrypted, never over a key file.
      await writeRequestFiles({ request, keyPath, csrPath: outPath, passphrase });
      io.stdout(
        [
          translate(io.locale, 'certs.cli.csr.done', { csr: basename(outPath), key: basename(keyPath) }),
          ...requestSummary(request, io.locale),
          translate(io.locale, 'certs.cli.csr.next'),
          '',
        ].join('\n'),
      );
    });
  },
};
