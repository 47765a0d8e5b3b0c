import { AppError } from '../shared';
import { targetKind } from './file-kind';

/**
 * Whether an output path is free or holds a regular file that may be replaced. Anything else
 * there is refused: a device (`--out /dev/full` as root would swap the device node for a file),
 * a folder, a FIFO or socket, and a symlink (we never write through one, nor silently replace it).
 * Errors of the look-up itself (a NUL in the path, a parent that is a file) are thrown as is.
 */
export async function checkOutputTarget(path: string, label: string): Promise<'absent' | 'file'> {
  const kind = await targetKind(path);
  if (kind === null) return 'absent';
  if (kind === 'file') return 'file';
  throw new AppError('invalid-input', `fsio.write.notAFile.${kind}`, { file: label });
}
