import { appendFile } from 'node:fs/promises';

import { redact, REDACTED, redactText } from '../shared';

/** One attempt of one call, as written to the request log (one JSON object per line). */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  /** Full URL with secret query values (SAS `sig`, tokens, codes) masked. */
  readonly url: string;
  /** HTTP status, or null when no answer came (network error, timeout, cancel). */
  readonly status: number | null;
  readonly durationMs: number;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly attempt: number;
  /** Request body with secret fields masked; never the response body. */
  readonly body?: unknown;
  /** For failures: the remote error code (or socket error code) and the redacted message. */
  readonly error?: { readonly code: string | null; readonly message: string | null };
  /** Milliseconds the client waits before the next attempt, when it retries. */
  readonly retryInMs?: number;
}

/** Receives entries; must never throw into the request path. */
export interface RequestLog {
  write(entry: RequestLogEntry): void;
}

/** Query parameters whose values are secrets wherever they appear. */
const SECRET_QUERY =
  /^(sig|token|code|client_secret|access_token|refresh_token|password|assertion|client_assertion)$/i;

/** Masks secret query values and any secret-looking text in a URL. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? 'redacted' : '';
    parsed.password = '';
  }
  const parts = parsed.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name = '', ...rest] = part.split('=');
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return SECRET_QUERY.test(decoded) && rest.length > 0 ? `${name}=${REDACTED}` : part;
    });
  parsed.search = parts.length > 0 ? `?${parts.join('&')}` : '';
  return redactText(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
}

/** Masks secret fields (secretText, password, key, encryptionKey, clientSecret, tokens…) in a request body. */
export function redactBody(body: unknown): unknown {
  return redact(body);
}

/** Keeps entries in memory (tests, the rehearsal's live view). */
export class MemoryRequestLog implements RequestLog {
  readonly entries: RequestLogEntry[] = [];

  write(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  /** The entries as JSONL, exactly as the file log would write them. */
  text(): string {
    return this.entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  }
}

/**
 * Appends one line per entry to a JSONL file. Lines are written in order by one chain of
 * `appendFile` calls (each line in one write, so a crash leaves whole lines); write errors are
 * counted, never thrown into the request path. `flush()` waits for the lines written so far.
 */
export class FileRequestLog implements RequestLog {
  private chain: Promise<void> = Promise.resolve();
  private failed = 0;

  constructor(private readonly file: string) {}

  write(entry: RequestLogEntry): void {
    let line: string;
    try {
      line = `${JSON.stringify(entry)}\n`;
    } catch {
      this.failed += 1;
      return;
    }
    this.chain = this.chain
      .then(() => appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 }))
      .catch(() => {
        this.failed += 1;
      });
  }

  /** Number of lines that could not be written. */
  get failures(): number {
    return this.failed;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
