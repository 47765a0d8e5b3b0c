import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

import { AppError } from '../shared';
import { CmtraceParser, type LogRecord, type LogSeverity } from './cmtrace';
import { type LogEncoding, readLines } from './line-reader';
import { matchRule } from './rules';

/** One distinct message of a log: repeats are counted, with their first and last time. */
export interface LogEntry {
  readonly file: string;
  readonly line: number;
  readonly time: string | null;
  readonly component: string | null;
  readonly severity: LogSeverity;
  readonly message: string;
  /** Id of the known signature that matched, or null. */
  readonly rule: string | null;
  count: number;
  lastTime: string | null;
}

export interface LogFileSummary {
  readonly file: string;
  encoding: LogEncoding;
  lines: number;
  /** Lines in one of the CMTrace formats. */
  records: number;
  truncatedLines: number;
  firstTruncatedLine: number | null;
  /** Distinct entries beyond the cap, counted but not listed. */
  unlistedEntries: number;
  /** No CMTrace line, and NUL bytes or undecodable text: probably not a log. */
  looksBinary: boolean;
}

export interface ExplainedLog {
  readonly entries: LogEntry[];
  readonly summary: LogFileSummary;
}

/** Distinct entries kept per file, and characters kept of each message, so memory stays bounded. */
export const MAX_ENTRIES_PER_FILE = 5000;
export const MAX_MESSAGE_CHARS = 4096;

// O_NONBLOCK: a FIFO swapped in after the type check does not hold the open (as in fsio).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}

function readFailure(error: unknown, label: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError('not-found', 'fsio.read.notFound', { file: label }, { cause: error });
  }
  const reason = code?.startsWith('E') && !code.startsWith('ERR_') ? code : 'EINVAL';
  return new AppError('unavailable', 'fsio.read.failed', { file: label, reason }, { cause: error });
}

/** Opens a regular file only (same messages as fsio's bounded reads): never a folder, FIFO or device. */
async function openLogFile(path: string, label: string): Promise<FileHandle> {
  const checked = await stat(path).catch((error: unknown) => {
    throw readFailure(error, label);
  });
  if (kindOf(checked) !== 'file')
    throw new AppError('invalid-input', `fsio.read.notAFile.${kindOf(checked)}`, { file: label });
  const handle = await open(path, READ_FLAGS).catch((error: unknown) => {
    throw readFailure(error, label);
  });
  const opened = await handle.stat();
  if (kindOf(opened) !== 'file') {
    await handle.close();
    throw new AppError('invalid-input', `fsio.read.notAFile.${kindOf(opened)}`, { file: label });
  }
  return handle;
}

// CMTrace highlights old-format lines by their words; we do the same where the line has no type.
function guessSeverity(message: string): LogSeverity {
  if (/\b(?:error|fail(?:ed|ure)?)\b/i.test(message)) return 'error';
  if (/\bwarn(?:ing)?\b/i.test(message)) return 'warning';
  return 'info';
}

function looksUndecodable(text: string): boolean {
  return text.includes('\u0000') || text.includes('\uFFFD');
}

/** Collects the entries worth showing: errors, warnings, and any line that matched a known signature. */
class EntryCollector {
  readonly entries = new Map<string, LogEntry>();

  constructor(
    private readonly file: string,
    private readonly summary: LogFileSummary,
  ) {}

  add(record: LogRecord): void {
    const rule = matchRule(record.message);
    const severity = record.severity ?? rule?.severity ?? guessSeverity(record.message);
    if (severity === 'info' && !rule) return;
    const message =
      record.message.length > MAX_MESSAGE_CHARS
        ? `${record.message.slice(0, MAX_MESSAGE_CHARS)}…`
        : record.message;
    const key = `${severity}\u0000${record.component ?? ''}\u0000${message}`;
    const known = this.entries.get(key);
    if (known) {
      known.count += 1;
      if (record.time !== null) known.lastTime = record.time;
      return;
    }
    if (this.entries.size >= MAX_ENTRIES_PER_FILE) {
      this.summary.unlistedEntries += 1;
      return;
    }
    this.entries.set(key, {
      file: this.file,
      line: record.line,
      time: record.time,
      component: record.component,
      severity,
      message,
      rule: rule?.id ?? null,
      count: 1,
      lastTime: record.time,
    });
  }
}

/**
 * Reads one log as a stream and returns its distinct errors, warnings and known signatures.
 * `label` is how messages and entries name the file (what the admin typed).
 */
export async function explainLogFile(path: string, label: string): Promise<ExplainedLog> {
  const handle = await openLogFile(path, label);
  const summary: LogFileSummary = {
    file: label,
    encoding: 'utf-8',
    lines: 0,
    records: 0,
    truncatedLines: 0,
    firstTruncatedLine: null,
    unlistedEntries: 0,
    looksBinary: false,
  };
  const collector = new EntryCollector(label, summary);
  const parser = new CmtraceParser();
  let undecodableLines = 0;
  const take = (records: readonly LogRecord[]): void => {
    for (const record of records) {
      if (record.format !== 'plain') summary.records += 1;
      collector.add(record);
    }
  };
  try {
    for await (const raw of readLines(handle, (encoding) => (summary.encoding = encoding))) {
      summary.lines += 1;
      if (raw.truncated) {
        summary.truncatedLines += 1;
        summary.firstTruncatedLine ??= raw.number;
      }
      if (looksUndecodable(raw.text)) undecodableLines += 1;
      take(parser.push(raw));
    }
    take(parser.end());
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw readFailure(error, label);
  } finally {
    await handle.close();
  }
  summary.looksBinary = summary.records === 0 && undecodableLines > 0;
  return { entries: [...collector.entries.values()], summary };
}
