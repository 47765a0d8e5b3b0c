// All-or-nothing file output: every file goes to a temp name beside its target (fsync'd), then
// all are renamed; on any failure the temps and already-renamed targets are removed.
import { randomBytes } from 'node:crypto';
import { access, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { AppError } from '../shared';

export interface OutputFile {
  readonly path: string;
  readonly data: string | Buffer;
  /** 0o600 for anything holding a key; 0o644 otherwise. */
  readonly mode: number;
  /** Refuse to replace an existing file (a key file may belong to a pending request). */
  readonly noOverwrite?: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function writeTemp(file: OutputFile): Promise<string> {
  const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', file.mode);
  try {
    await handle.writeFile(file.data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

export async function writeOutputFiles(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    if (file.noOverwrite && (await exists(file.path))) {
      throw new AppError('conflict', 'certs.output.exists', { file: basename(file.path) });
    }
  }
  const temps: string[] = [];
  const done: string[] = [];
  try {
    for (const file of files) temps.push(await writeTemp(file));
    for (const [index, file] of files.entries()) {
      await rename(temps[index] as string, file.path);
      done.push(file.path);
    }
  } catch (error) {
    await Promise.all([...temps, ...done].map((path) => rm(path, { force: true })));
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new AppError('unavailable', 'certs.output.writeFailed', { code }, { cause: error });
  }
}
