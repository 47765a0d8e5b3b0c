// All-or-nothing file output: every file goes to a temp name beside its target (fsync'd), then
// all are renamed; on any failure the temps and already-renamed targets are removed.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { checkOutputTarget } from '../fsio';
import { AppError } from '../shared';

export interface OutputFile {
  readonly path: string;
  readonly data: string | Buffer;
  /** 0o600 for anything holding a key; 0o644 otherwise. */
  readonly mode: number;
  /** Refuse to replace an existing file (a key file may belong to a pending request). */
  readonly noOverwrite?: boolean;
  /** How messages name the file (the CLI passes what was typed); default: its base name. */
  readonly label?: string;
  /** Message for an existing file under `noOverwrite` (the CLI's mentions --force). */
  readonly existsMessageKey?: string;
}

/** Refuses, before anything is written, a target that is not a regular file or may not be replaced. */
async function checkTarget(file: OutputFile): Promise<void> {
  const label = file.label ?? basename(file.path);
  let found: 'absent' | 'file';
  try {
    found = await checkOutputTarget(file.path, label);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The look-up itself failed (a NUL in the name, a parent that is a file): the write would too.
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new AppError('unavailable', 'certs.output.writeFailed', { code }, { cause: error });
  }
  if (found === 'file' && file.noOverwrite) {
    throw new AppError('conflict', file.existsMessageKey ?? 'certs.output.exists', { file: label });
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
  for (const file of files) await checkTarget(file);
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
