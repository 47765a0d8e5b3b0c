/**
 * Redaction for anything that may reach a log line, a journal, a report or the console.
 * Keys that name secrets are masked whatever their value; values that look like bearer
 * tokens, JWTs, PEM private keys or SAS signatures are masked wherever they appear.
 */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|authorization|cookie|private.?key|credential|sig$|^key$|encryptionKey|macKey|refresh/i;
const SECRET_VALUE: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bBearer\s+[\w.~+/=-]+/gi,
  /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g,
  /([?&](?:sig|token|code)=)[^&\s"']+/gi,
  /REHEARSAL-SECRET-[\w~.-]+/g,
];
export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return SECRET_VALUE.reduce(
    (acc, pattern) =>
      acc.replace(pattern, (match, prefix?: unknown) =>
        typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
      ),
    text,
  );
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        SECRET_KEY.test(key) && inner !== null && inner !== undefined && inner !== ''
          ? REDACTED
          : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that redacts every line before handing it to `sink` (stderr, a file…). */
export function createRedactingLogger(sink: (line: string) => void): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const record = {
      time: new Date().toISOString(),
      level,
      message: redactText(message),
      ...(fields ? (redact(fields) as object) : {}),
    };
    sink(JSON.stringify(record));
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
