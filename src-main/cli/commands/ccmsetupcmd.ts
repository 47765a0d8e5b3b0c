import { parseArgs } from 'node:util';

import { buildCcmsetupCmd, lintCcmsetupCmd, type LintFinding, type LintResult } from '../../configmgr';
import { isAppError, type Locale, translate } from '../../shared';
import { type CliCommand, type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../command';

const USAGE = `Usage: comanage ccmsetupcmd build --site-code XYZ --cmg-host CCMHOSTNAME [--mp URL]
                                [--aad-client-app-id GUID --aad-resource-uri URI] [--tenant-id GUID]
                                [--upgrade-to-latest] [--provision-ts ID] [--no-crl-check]
       comanage ccmsetupcmd lint "<line>" [--json]

build prints the CCMSETUPCMD="…" argument for ccmsetup.msi (Intune app or command line):
  --cmg-host           CCMHOSTNAME as the co-management wizard shows it:
                       <CMG FQDN>/CCM_Proxy_MutualAuth/<number>, without https://
  --mp URL             SMSMP, the initial management point (https://)
  --aad-client-app-id, --aad-resource-uri
                       only when devices also use a PKI client certificate; then both
  --tenant-id GUID     AADTENANTID (not needed since ConfigMgr 1806)
  --upgrade-to-latest  the ccmsetup switch /UpgradeToLatest
  --provision-ts ID    PROVISIONTS, a task sequence to run once the client registers
  --no-crl-check       the ccmsetup switch /NoCRLCheck (when the CRL is not published)
lint explains every problem of a pasted line with its fix, and prints the corrected line.
  --json               print {"line", "findings": [{"id", "severity", "message", "fix"}],
                       "corrected", "errors", "warnings"}
Exit codes: 0 built, or no errors (warnings allowed), 1 refused or errors found, 2 usage error.`;

class UsageError extends Error {}

const SYMBOLS: Readonly<Record<LintFinding['severity'], string>> = { error: '✗', warning: '!', info: 'i' };

function ruleKey(id: string): string {
  return `configmgr.ccmsetup.rule.${id.replace(/-(\w)/g, (_all, letter: string) => letter.toUpperCase())}`;
}

function describeFinding(finding: LintFinding, locale: Locale): { message: string; fix: string } {
  return {
    message: translate(locale, `${ruleKey(finding.id)}.message`, finding.params),
    fix: translate(locale, `${ruleKey(finding.id)}.fix`, finding.params),
  };
}

function count(result: LintResult, severity: LintFinding['severity']): number {
  return result.findings.filter((finding) => finding.severity === severity).length;
}

function runBuild(argv: readonly string[], io: CliIo): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'site-code': { type: 'string' },
        'cmg-host': { type: 'string' },
        mp: { type: 'string' },
        'aad-client-app-id': { type: 'string' },
        'aad-resource-uri': { type: 'string' },
        'tenant-id': { type: 'string' },
        'upgrade-to-latest': { type: 'boolean' },
        'provision-ts': { type: 'string' },
        'no-crl-check': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const siteCode = values['site-code'];
  const cmgHost = values['cmg-host'];
  if (!siteCode) throw new UsageError('--site-code is required.');
  if (!cmgHost) throw new UsageError('--cmg-host is required.');
  const line = buildCcmsetupCmd({
    siteCode,
    cmgHost,
    mp: values.mp,
    aadClientAppId: values['aad-client-app-id'],
    aadResourceUri: values['aad-resource-uri'],
    tenantId: values['tenant-id'],
    upgradeToLatest: values['upgrade-to-latest'] ?? false,
    provisionTs: values['provision-ts'],
    noCrlCheck: values['no-crl-check'] ?? false,
  });
  io.stdout(`${line}\n`);
  return EXIT_OK;
}

function runLint(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { json: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError('Give the line as one argument, in quotes: comanage ccmsetupcmd lint "<line>".');
  }
  const line = parsed.positionals[0] as string;
  const result = lintCcmsetupCmd(line);
  const errors = count(result, 'error');
  const warnings = count(result, 'warning');
  const described = result.findings.map((finding) => ({ finding, ...describeFinding(finding, io.locale) }));
  if (parsed.values.json) {
    const findings = described.map(({ finding, message, fix }) => ({
      id: finding.id,
      severity: finding.severity,
      message,
      fix,
    }));
    io.stdout(
      `${JSON.stringify({ line, findings, corrected: result.corrected, errors, warnings }, null, 2)}\n`,
    );
  } else {
    const lines: string[] = [];
    for (const { finding, message, fix } of described) {
      lines.push(`${SYMBOLS[finding.severity]} [${finding.id}] ${message}`);
      lines.push(`    → ${translate(io.locale, 'configmgr.cli.fix', { fix })}`);
    }
    if (described.length === 0) lines.push(translate(io.locale, 'configmgr.cli.clean'));
    lines.push('');
    if (result.corrected === null) lines.push(translate(io.locale, 'configmgr.cli.noCorrection'));
    else lines.push(translate(io.locale, 'configmgr.cli.corrected'), result.corrected);
    lines.push(
      '',
      translate(io.locale, 'configmgr.cli.result', { errors, warnings, infos: count(result, 'info') }),
    );
    io.stdout(`${lines.join('\n')}\n`);
  }
  return errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

export const ccmsetupcmdCommand: CliCommand = {
  name: 'ccmsetupcmd',
  summary: 'build or check the CCMSETUPCMD line for ccmsetup.msi',
  usage: USAGE,
  run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === '--help' || verb === undefined || rest.includes('--help')) {
      (verb === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
      return Promise.resolve(verb === undefined ? EXIT_USAGE : EXIT_OK);
    }
    try {
      if (verb === 'build') return Promise.resolve(runBuild(rest, io));
      if (verb === 'lint') return Promise.resolve(runLint(rest, io));
      throw new UsageError(`Unknown action "${verb}": use build or lint.`);
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`${error.message}\n${USAGE}\n`);
        return Promise.resolve(EXIT_USAGE);
      }
      const message = isAppError(error)
        ? translate(io.locale, error.messageKey, error.params)
        : translate(io.locale, 'configmgr.cli.unexpected');
      io.stderr(`${message}\n`);
      return Promise.resolve(EXIT_FAILURE);
    }
  },
};
