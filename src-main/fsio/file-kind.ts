import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

/** What a path names; only `file` may be read or replaced. */
export type FileKind = 'file' | 'directory' | 'fifo' | 'socket' | 'device' | 'symlink' | 'other';

export function kindOf(stats: Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

/**
 * The kind of an output target itself (a symlink is not followed), or null when nothing is there.
 * Errors other than "does not exist" (a NUL in the path, a parent that is a file) are thrown as is.
 */
export async function targetKind(path: string): Promise<FileKind | null> {
  try {
    return kindOf(await lstat(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
