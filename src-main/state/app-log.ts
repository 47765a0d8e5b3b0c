import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** `<home>/logs/app.log`: the shell's and web host's own log (already redacted by the logger). */
export const APP_LOG_FILE = 'app.log';

export interface RotatingLogOptions {
  /** Size at which the file is rotated (default 1 MiB). */
  readonly maxBytes?: number;
  /** Rotated files kept beside it: app.log.1 … app.log.N (default 3). */
  readonly keep?: number;
}

/**
 * A log sink for `createRedactingLogger` that appends lines to a file and rotates it by size, so
 * the logs folder never grows without bound. Synchronous on purpose: a line logged just before a
 * crash is on disk. A sink never throws — a log that cannot be written must not stop the app.
 */
export function rotatingLogSink(path: string, options: RotatingLogOptions = {}): (line: string) => void {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  let size = -1;
  return (line) => {
    try {
      if (size < 0) {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      }
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) {
        rmSync(`${path}.${keep}`, { force: true });
        for (let index = keep - 1; index >= 1; index -= 1) {
          if (statSync(`${path}.${index}`, { throwIfNoEntry: false })) {
            renameSync(`${path}.${index}`, `${path}.${index + 1}`);
          }
        }
        renameSync(path, `${path}.1`);
        size = 0;
      }
      appendFileSync(path, text, { mode: 0o600 });
      size += bytes;
    } catch {
      size = -1; // re-read the size next time (the folder may have been removed by "Forget everything")
    }
  };
}
