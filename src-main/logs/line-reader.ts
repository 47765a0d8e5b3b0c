import type { FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';

// Lines of a log file, read in chunks and decoded as they come: memory stays flat however large
// the file. node:readline is not used because it buffers a line until its end, and a log without
// a newline (or a hostile one) would be loaded whole: here a line longer than the cap is cut and
// marked truncated, and the rest of it is skipped up to the next newline.

/** Longest line kept, in UTF-16 code units (about 1 MiB of ASCII text). */
export const MAX_LINE_CHARS = 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

export type LogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface RawLine {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * CMTrace logs are UTF-8 (ANSI for the oldest) but some components write UTF-16LE with a byte
 * order mark; a UTF-16LE file without one is recognised by its NUL high bytes.
 */
export function detectEncoding(head: Uint8Array): LogEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const pairs = Math.min(head.length >> 1, 256);
  let oddNuls = 0;
  let evenNuls = 0;
  for (let index = 0; index < pairs; index++) {
    if (head[index * 2] === 0) evenNuls++;
    if (head[index * 2 + 1] === 0) oddNuls++;
  }
  return pairs >= 8 && oddNuls > pairs * 0.9 && evenNuls < pairs * 0.1 ? 'utf-16le' : 'utf-8';
}

/** Reads `handle` from the start and yields its lines (without their CR/LF), capped. */
export async function* readLines(
  handle: FileHandle,
  onEncoding?: (encoding: LogEncoding) => void,
): AsyncGenerator<RawLine> {
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let decoder: TextDecoder | null = null;
  let position = 0;
  let number = 1;
  let current = '';
  let truncated = false;

  const finishLine = (): RawLine => {
    const text = current.endsWith('\r') ? current.slice(0, -1) : current;
    const line = { number, text, truncated };
    number++;
    current = '';
    truncated = false;
    return line;
  };
  const append = (piece: string): void => {
    if (truncated) return;
    const room = MAX_LINE_CHARS - current.length;
    if (piece.length > room) {
      current += piece.slice(0, room);
      truncated = true;
    } else current += piece;
  };

  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) break;
    const bytes = buffer.subarray(0, bytesRead);
    if (decoder === null) {
      const encoding = detectEncoding(bytes);
      onEncoding?.(encoding);
      // fatal: false turns invalid bytes into U+FFFD instead of failing the whole file.
      decoder = new TextDecoder(encoding, { fatal: false });
    }
    position += bytesRead;
    const text = decoder.decode(bytes, { stream: true });
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      append(text.slice(start, newline));
      yield finishLine();
      start = newline + 1;
    }
    append(text.slice(start));
  }
  if (decoder) append(decoder.decode());
  if (current.length > 0 || truncated) yield finishLine();
}
