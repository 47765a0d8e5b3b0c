import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

import { AppError } from '../shared';
import { type FileKind, kindOf } from './file-kind';

export interface BoundedReadOptions {
  /** Largest size accepted; one byte more is read at most, never the whole file first. */
  readonly maxBytes: number;
  /** How messages name the file (what the admin typed or picked; never a full path of ours). */
  readonly label: string;
}

/** The file is larger than the caller accepts; `size` is what fstat (or the read) found. */
export class FileTooLargeError extends AppError {
  constructor(
    readonly size: number,
    label: string,
    maxBytes: number,
  ) {
    super('invalid-input', 'fsio.read.tooLarge', { file: label, size, max: maxBytes });
    this.name = 'FileTooLargeError';
  }
}

// O_NONBLOCK: if a FIFO is swapped in after the type check, open() returns at once instead of
// holding a libuv thread until a writer appears. Windows has no such flag (and no FIFOs).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;

function notAFile(kind: FileKind, label: string): AppError {
  return new AppError('invalid-input', `fsio.read.notAFile.${kind}`, { file: label });
}

function readFailure(error: unknown, label: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new AppError('not-found', 'fsio.read.notFound', { file: label }, { cause: error });
  // Node's own argument errors (a NUL in the path) are not errno codes: say EINVAL.
  const reason = code?.startsWith('E') && !code.startsWith('ERR_') ? code : 'EINVAL';
  return new AppError('unavailable', 'fsio.read.failed', { file: label, reason }, { cause: error });
}

/**
 * Reads a small input file named by the admin (over RPC or on the command line): the path is
 * stat'ed and refused unless it is a regular file (a directory, FIFO, socket or device such as
 * /dev/zero never gets read), opened once, fstat'ed again (a swap after the check is caught), and
 * read in chunks up to `maxBytes + 1`, so neither a huge nor a growing file is ever loaded.
 */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  const { maxBytes, label } = options;
  const checked = await stat(path).catch((error: unknown) => {
    throw readFailure(error, label);
  });
  const kind = kindOf(checked);
  if (kind !== 'file') throw notAFile(kind, label);
  if (checked.size > maxBytes) throw new FileTooLargeError(checked.size, label, maxBytes);

  const handle = await open(path, READ_FLAGS).catch((error: unknown) => {
    throw readFailure(error, label);
  });
  try {
    const opened = await handle.stat();
    const openedKind = kindOf(opened);
    if (openedKind !== 'file') throw notAFile(openedKind, label);
    if (opened.size > maxBytes) throw new FileTooLargeError(opened.size, label, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      // It grew while being read.
      if (total > maxBytes) throw new FileTooLargeError(total, label, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw readFailure(error, label);
  } finally {
    await handle.close();
  }
}
