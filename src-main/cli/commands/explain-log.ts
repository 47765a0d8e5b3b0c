import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  type ExplainedLog,
  explainLogFile,
  type LogEntry,
  type LogSeverity,
  MAX_LINE_CHARS,
  ruleKey,
} from '../../logs';
import { isAppError, type Locale, translate } from '../../shared';
import { type CliCommand, type CliIo, EXIT_OK, EXIT_USAGE } from '../command';

const USAGE = `Usage: comanage explain-log FILE... [--json]

Reads ConfigMgr logs in either CMTrace format (CloudMgr.log, SMS_Cloud_ProxyConnector.log,
ccmsetup.log, LocationServices.log…), lists their errors and warnings with component and time,
and explains the known signatures with their fix. Repeated identical lines are one entry with
their count and first and last time. Times are in UTC when the log gives its time-zone bias.
  --json   print one object {"entries": [{"file", "line", "time", "component", "severity",
           "message", "rule", "explanation", "fix", "count", "lastTime"}]}
Exit codes: 0 every file was read, 2 usage error or a file could not be read.`;

/** The issue's contract: 2 when a file could not be read (like a usage error, unlike a failed check). */
const EXIT_UNREADABLE = EXIT_USAGE;
const SEVERITIES: readonly LogSeverity[] = ['error', 'warning', 'info'];
const SYMBOLS: Readonly<Record<LogSeverity, string>> = { error: '✗', warning: '!', info: 'i' };

function explanationOf(entry: LogEntry, locale: Locale): { explanation: string | null; fix: string | null } {
  if (entry.rule === null) return { explanation: null, fix: null };
  const key = ruleKey(entry.rule);
  return { explanation: translate(locale, `${key}.explanation`), fix: translate(locale, `${key}.fix`) };
}

function renderFile(log: ExplainedLog, locale: Locale): string[] {
  const { summary, entries } = log;
  const t = (key: string, params: Record<string, string | number> = {}): string =>
    translate(locale, `logs.cli.${key}`, params);
  const lines = [
    t('fileHeader', {
      file: summary.file,
      lines: summary.lines,
      records: summary.records,
      encoding: summary.encoding,
    }),
  ];
  if (summary.looksBinary) lines.push(`  ! ${t('binary', { file: summary.file })}`);
  else if (summary.records === 0 && summary.lines > 0)
    lines.push(`  i ${t('noCmtrace', { file: summary.file })}`);
  if (summary.truncatedLines > 0) {
    lines.push(
      `  ! ${t('truncated', { count: summary.truncatedLines, max: MAX_LINE_CHARS, line: summary.firstTruncatedLine ?? 0 })}`,
    );
  }
  if (entries.length === 0) lines.push(`  ${t('nothing')}`);
  for (const severity of SEVERITIES) {
    const group = entries.filter((entry) => entry.severity === severity);
    if (group.length === 0) continue;
    const total = group.reduce((sum, entry) => sum + entry.count, 0);
    lines.push('', `  ${t(`group.${severity}`, { count: total })}`);
    for (const entry of group) {
      const when = entry.time ?? t('noTime');
      const where = [t('line', { line: entry.line }), entry.component, when].filter(Boolean).join(' · ');
      const repeated =
        entry.count > 1
          ? ` — ${t('repeated', { count: entry.count, first: when, last: entry.lastTime ?? t('noTime') })}`
          : '';
      const rule = entry.rule ? ` [${entry.rule}]` : '';
      lines.push(`  ${SYMBOLS[severity]}${rule} ${where}${repeated}`);
      lines.push(`      ${entry.message.replace(/\s*\n\s*/g, ' ⏎ ')}`);
      const { explanation, fix } = explanationOf(entry, locale);
      if (explanation && fix)
        lines.push(`      ${t('why', { text: explanation })}`, `      → ${t('fix', { text: fix })}`);
    }
  }
  if (summary.unlistedEntries > 0) lines.push(`  ! ${t('unlisted', { count: summary.unlistedEntries })}`);
  return lines;
}

export const explainLogCommand: CliCommand = {
  name: 'explain-log',
  summary: 'explain errors and known signatures in ConfigMgr (CMTrace) logs',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      io.stderr(`${(error as Error).message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (parsed.values.help) {
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (parsed.positionals.length === 0) {
      io.stderr(`Give at least one log file.\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const logs: ExplainedLog[] = [];
    let unreadable = false;
    for (const file of parsed.positionals) {
      try {
        logs.push(await explainLogFile(resolve(io.cwd, file), file));
      } catch (error) {
        unreadable = true;
        const message = isAppError(error)
          ? translate(io.locale, error.messageKey, error.params)
          : translate(io.locale, 'logs.cli.unexpected', { file });
        io.stderr(`${message}\n`);
      }
    }
    const entries = logs.flatMap((log) => log.entries);
    if (parsed.values.json) {
      const out = entries.map((entry) => ({
        file: entry.file,
        line: entry.line,
        time: entry.time,
        component: entry.component,
        severity: entry.severity,
        message: entry.message,
        rule: entry.rule,
        ...explanationOf(entry, io.locale),
        count: entry.count,
        lastTime: entry.lastTime,
      }));
      io.stdout(`${JSON.stringify({ entries: out }, null, 2)}\n`);
    } else {
      const blocks = logs.map((log) => renderFile(log, io.locale).join('\n'));
      const sum = (severity: LogSeverity): number =>
        entries
          .filter((entry) => entry.severity === severity)
          .reduce((total, entry) => total + entry.count, 0);
      const known = entries
        .filter((entry) => entry.rule !== null)
        .reduce((total, entry) => total + entry.count, 0);
      const total = translate(io.locale, 'logs.cli.total', {
        errors: sum('error'),
        warnings: sum('warning'),
        known,
        files: logs.length,
      });
      io.stdout(`${[...blocks, total].join('\n\n')}\n`);
    }
    return unreadable ? EXIT_UNREADABLE : EXIT_OK;
  },
};
