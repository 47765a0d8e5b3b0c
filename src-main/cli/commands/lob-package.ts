import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { type LobPackageResult, writeLobPackage } from '../../intune';
import { translate } from '../../shared';
import type { CliCommand, CliIo } from '../command';
import { runWithContract, UsageError } from './csr';

// Not csr.ts's runWithContract: importing it would load node-forge for this command.

const USAGE = `Usage: comanage lob-package FILE.msi --out-dir DIR [--command-line TEXT] [--force]

Prepares ccmsetup.msi as an Intune line-of-business app without signing in: reads the MSI's
Property table, encrypts the MSI the way Intune expects (AES-256-CBC + HMAC-SHA256, fresh keys)
and writes four files to DIR (created if missing):
  content.bin   the encrypted MSI, to upload as the content file
  commit.json   {"fileEncryptionInfo": {...}}: holds the content keys, keep it private
  file.json     the content file body (name, size, sizeEncrypted, manifest, isDependency)
  app.json      the windowsMobileMSI app body (Graph v1.0 fields)
  --command-line TEXT  the app's command line, the CCMSETUPCMD="…" line the co-management
                       wizard shows (at most 1024 characters, no msiexec /i, no nested quotes)
  --force              replace package files that already exist in DIR (a link is never followed)
Exit codes: 0 written (warnings on stderr), 1 refused or failed (nothing written), 2 usage error.`;

interface LobPackageArgs {
  readonly file: string;
  readonly outDir: string;
  readonly commandLine: string;
  readonly force: boolean;
}

function parse(argv: readonly string[]): LobPackageArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'out-dir': { type: 'string' },
        'command-line': { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('Give exactly one MSI file.');
  const outDir = values['out-dir'];
  if (!outDir) throw new UsageError('--out-dir DIR is required.');
  return {
    file: positionals[0] as string,
    outDir,
    commandLine: values['command-line'] ?? '',
    force: values.force ?? false,
  };
}

function summary(result: LobPackageResult, args: LobPackageArgs, io: CliIo): string {
  const t = (key: string, params: Record<string, string | number> = {}): string =>
    translate(io.locale, `intune.cli.${key}`, params);
  const { info, file } = result;
  return [
    t('done', { dir: args.outDir }),
    `  ${t('product')} ${info.productName} ${info.productVersion} (${info.manufacturer})`,
    `  ProductCode ${info.productCode}`,
    `  UpgradeCode ${info.upgradeCode}`,
    `  ${t('context')} ${info.executionContext}`,
    `  ${t('sizes', { size: file.size, sizeEncrypted: file.sizeEncrypted })}`,
    '',
  ].join('\n');
}

export const lobPackageCommand: CliCommand = {
  name: 'lob-package',
  summary: 'encrypt ccmsetup.msi into an offline Intune LOB app package',
  usage: USAGE,
  run(argv, io) {
    return runWithContract(io, USAGE, argv, async () => {
      const args = parse(argv);
      const result = await writeLobPackage({
        msiPath: resolve(io.cwd, args.file),
        msiLabel: args.file,
        outDir: resolve(io.cwd, args.outDir),
        commandLine: args.commandLine,
        force: args.force,
      });
      io.stdout(summary(result, args, io));
      if (args.commandLine === '') io.stderr(`${translate(io.locale, 'intune.cli.noCommandLine')}\n`);
      io.stderr(`${translate(io.locale, 'intune.cli.keysWarning')}\n`);
    });
  },
};
