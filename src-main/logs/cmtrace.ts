import { MAX_LINE_CHARS, type RawLine } from './line-reader';

// The two CMTrace line formats:
//   <![LOG[message]LOG]!><time="HH:MM:SS.mmm+zzz" date="MM-DD-YYYY" component="X" context=""
//     type="1|2|3" thread="N" file="…">    (the message may span lines)
//   message $$<component><MM-DD-YYYY HH:MM:SS.mmm+zzz><thread=N (0xN)>    (older components)
// The +zzz/-zzz suffix is the Windows time-zone bias in minutes: UTC = local time + bias (a log
// written in Paris in winter says -60, one in New York +300).

export type LogSeverity = 'error' | 'warning' | 'info';

export interface LogRecord {
  /** Line number where the record starts. */
  readonly line: number;
  /** ISO 8601 in UTC when the bias is known; without a zone when the line gave none; null if no time. */
  readonly time: string | null;
  readonly component: string | null;
  /** From type= in the new format; null when the line says nothing (old format, plain text). */
  readonly severity: LogSeverity | null;
  readonly message: string;
  readonly format: 'cmtrace' | 'legacy' | 'plain';
  readonly truncated: boolean;
}

const OPEN = '<![LOG[';
const CLOSE = ']LOG]!>';
const ATTRIBUTE_RE = /(\w+)="([^"]*)"/g;
// Matched on the suffix after the last `$$<` only: a pattern over the whole line would backtrack
// quadratically on a long line of spaces.
const LEGACY_SUFFIX_RE = /^\$\$<([^<>]*)><([^<>]*)><thread=([^<>]*)>\s*$/;
const TIME_RE = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?:([+-])(\d{1,4}))?$/;
const DATE_RE = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;

/** Combines CMTrace's date and time (with its bias) into an ISO timestamp. */
export function cmtraceTime(date: string, time: string): string | null {
  const t = TIME_RE.exec(time.trim());
  const d = DATE_RE.exec(date.trim());
  if (!t || !d) return null;
  const millis = Number(((t[4] ?? '') + '000').slice(0, 3));
  const local = Date.UTC(
    Number(d[3]),
    Number(d[1]) - 1,
    Number(d[2]),
    Number(t[1]),
    Number(t[2]),
    Number(t[3]),
    millis,
  );
  if (Number.isNaN(local)) return null;
  if (t[5] === undefined) return new Date(local).toISOString().slice(0, -1);
  const bias = Number(t[6]) * (t[5] === '-' ? -1 : 1);
  return new Date(local + bias * 60_000).toISOString();
}

function severityOfType(type: string | undefined): LogSeverity {
  if (type === '3') return 'error';
  if (type === '2') return 'warning';
  return 'info';
}

function parseCmtrace(text: string, line: number, truncated: boolean): LogRecord {
  const start = text.indexOf(OPEN);
  const end = text.lastIndexOf(CLOSE);
  const message = text.slice(start + OPEN.length, end);
  const attributes: Record<string, string> = {};
  for (const match of text.slice(end + CLOSE.length).matchAll(ATTRIBUTE_RE)) {
    attributes[match[1] as string] = match[2] as string;
  }
  const time =
    attributes.time !== undefined && attributes.date !== undefined
      ? cmtraceTime(attributes.date, attributes.time)
      : null;
  return {
    line,
    time,
    component: attributes.component || null,
    severity: severityOfType(attributes.type),
    message,
    format: 'cmtrace',
    truncated,
  };
}

function parseLegacyOrPlain(raw: RawLine): LogRecord {
  const at = raw.text.lastIndexOf('$$<');
  const match = at === -1 ? null : LEGACY_SUFFIX_RE.exec(raw.text.slice(at));
  if (!match) {
    return {
      line: raw.number,
      time: null,
      component: null,
      severity: null,
      message: raw.text,
      format: 'plain',
      truncated: raw.truncated,
    };
  }
  const [date = '', time = ''] = (match[2] as string).trim().split(/\s+/);
  return {
    line: raw.number,
    time: cmtraceTime(date, time),
    component: (match[1] as string) || null,
    severity: null,
    message: raw.text.slice(0, at).trimEnd(),
    format: 'legacy',
    truncated: raw.truncated,
  };
}

/** Turns raw lines into records, joining a message that opens `<![LOG[` and closes lines later. */
export class CmtraceParser {
  private pending: { line: number; text: string; truncated: boolean } | null = null;

  /** Feeds one line; returns the records it completes (zero, one, or two). */
  push(raw: RawLine): LogRecord[] {
    const records: LogRecord[] = [];
    if (this.pending) {
      if (raw.text.trimStart().startsWith(OPEN)) {
        // A new record before the last one closed: keep the broken one as plain text.
        records.push(this.flushBroken());
      } else {
        const pending = this.pending;
        const room = MAX_LINE_CHARS - pending.text.length;
        const piece = `\n${raw.text}`;
        pending.truncated ||= raw.truncated || piece.length > room;
        pending.text += piece.slice(0, Math.max(0, room));
        if (raw.text.includes(CLOSE)) {
          this.pending = null;
          records.push(parseCmtrace(pending.text, pending.line, pending.truncated));
        } else if (pending.text.length >= MAX_LINE_CHARS) {
          // A record that never closes is cut at the cap, not kept growing.
          records.push(this.flushBroken());
        }
        return records;
      }
    }
    const trimmed = raw.text.trimStart();
    if (trimmed.startsWith(OPEN)) {
      if (trimmed.includes(CLOSE, OPEN.length))
        records.push(parseCmtrace(trimmed, raw.number, raw.truncated));
      else this.pending = { line: raw.number, text: trimmed, truncated: raw.truncated };
      return records;
    }
    records.push(parseLegacyOrPlain(raw));
    return records;
  }

  /** Ends the input: an unclosed record is returned as plain text. */
  end(): LogRecord[] {
    return this.pending ? [this.flushBroken()] : [];
  }

  private flushBroken(): LogRecord {
    const pending = this.pending as { line: number; text: string; truncated: boolean };
    this.pending = null;
    return {
      line: pending.line,
      time: null,
      component: null,
      severity: null,
      message: pending.text.slice(OPEN.length),
      format: 'plain',
      truncated: pending.truncated,
    };
  }
}
