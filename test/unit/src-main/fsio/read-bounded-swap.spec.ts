import { execFileSync } from 'node:child_process';
import type { Stats } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The path check (stat) sees a regular file; what is opened is something else: a swap between
// the check and the open. Only the first stat of the read is faked.
const fake = vi.hoisted(() => ({ statOf: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    stat: async (path: string): Promise<Stats> =>
      fake.statOf === null ? real.stat(path) : real.stat(fake.statOf),
  };
});

const { readBoundedFile } = await import('/@/src-main/fsio');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsio-swap-'));
  writeFileSync(join(dir, 'innocent.pfx'), 'x');
  fake.statOf = join(dir, 'innocent.pfx');
});
afterEach(() => {
  fake.statOf = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('readBoundedFile after a swap', () => {
  it('should open a FIFO swapped in after the check without blocking, and refuse it by fstat', async () => {
    const fifo = join(dir, 'swapped.pfx');
    execFileSync('mkfifo', [fifo]);
    await expect(readBoundedFile(fifo, { maxBytes: 1024, label: 'swapped.pfx' })).rejects.toMatchObject({
      messageKey: 'fsio.read.notAFile.fifo',
    });
  });

  it('should refuse a device swapped in after the check by fstat', async () => {
    await expect(readBoundedFile('/dev/zero', { maxBytes: 1024, label: 'zero' })).rejects.toMatchObject({
      messageKey: 'fsio.read.notAFile.device',
    });
  });
});
