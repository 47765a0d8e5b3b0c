import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FileTooLargeError, readBoundedFile } from '/@/src-main/fsio';
import { isAppError, translate } from '/@/src-main/shared';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsio-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = { maxBytes: 1024, label: 'input.bin' };

/** The refusal of a read, as { code, messageKey }; fails the test if the read succeeded. */
async function refusal(path: string, options = LIMIT): Promise<{ code: string; messageKey: string }> {
  const error: unknown = await readBoundedFile(path, options).then(
    () => new Error('read succeeded'),
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw error;
  return { code: error.code, messageKey: error.messageKey };
}

describe('readBoundedFile', () => {
  it('should read a regular file up to the limit, exactly the limit included', async () => {
    writeFileSync(join(dir, 'small'), 'hello');
    writeFileSync(join(dir, 'exact'), Buffer.alloc(1024, 7));
    expect((await readBoundedFile(join(dir, 'small'), LIMIT)).toString()).toBe('hello');
    expect((await readBoundedFile(join(dir, 'exact'), LIMIT)).length).toBe(1024);
  });

  it('should read a file larger than one chunk whole when it is within the limit', async () => {
    const data = Buffer.alloc(200_000, 1);
    data[199_999] = 9;
    writeFileSync(join(dir, 'big'), data);
    const read = await readBoundedFile(join(dir, 'big'), { maxBytes: 200_000, label: 'big' });
    expect(read.equals(data)).toBe(true);
  });

  it('should refuse one byte past the limit with the size and the limit in the message', async () => {
    writeFileSync(join(dir, 'over'), Buffer.alloc(1025));
    const error = await readBoundedFile(join(dir, 'over'), LIMIT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).size).toBe(1025);
    expect(translate('en', 'fsio.read.tooLarge', (error as FileTooLargeError).params)).toBe(
      'input.bin is 1025 bytes, more than the 1024 bytes this input accepts. Check that you picked the right file.',
    );
  });

  it('should refuse a sparse 8 GiB file at once, without reading it', async () => {
    const path = join(dir, 'sparse.pfx');
    writeFileSync(path, '');
    truncateSync(path, 8 * 1024 ** 3);
    const error = await readBoundedFile(path, LIMIT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).size).toBe(8 * 1024 ** 3);
  });

  it('should refuse /dev/zero as a device without reading from it', async () => {
    expect(await refusal('/dev/zero')).toEqual({
      code: 'invalid-input',
      messageKey: 'fsio.read.notAFile.device',
    });
  });

  it('should refuse a directory and a symlink to a directory', async () => {
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'folder'), join(dir, 'link'));
    for (const path of [join(dir, 'folder'), join(dir, 'link')]) {
      expect((await refusal(path)).messageKey).toBe('fsio.read.notAFile.directory');
    }
  });

  it('should refuse a FIFO at once, while another read goes on', async () => {
    const fifo = join(dir, 'answer.cer');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'other'), 'other');
    // Neither awaits the other: with a blocking open the FIFO would never settle.
    const [fifoResult, other] = await Promise.all([
      refusal(fifo),
      readBoundedFile(join(dir, 'other'), LIMIT),
    ]);
    expect(fifoResult.messageKey).toBe('fsio.read.notAFile.fifo');
    expect(other.toString()).toBe('other');
  });

  it('should refuse a Unix socket', async () => {
    const path = join(dir, 'agent.sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect((await refusal(path)).messageKey).toBe('fsio.read.notAFile.socket');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('should say the file does not exist, and give the errno of other failures, in the admin language', async () => {
    const missing = await refusal(join(dir, 'nope.cer'));
    expect(missing).toEqual({ code: 'not-found', messageKey: 'fsio.read.notFound' });
    expect(translate('fr', missing.messageKey, { file: 'nope.cer' })).toBe(
      'nope.cer n’existe pas. Vérifiez le chemin et choisissez de nouveau le fichier.',
    );
    const nul = await readBoundedFile(join(dir, 'a\u0000b'), LIMIT).catch((caught: unknown) => caught);
    expect(nul).toMatchObject({ messageKey: 'fsio.read.failed', params: { reason: 'EINVAL' } });
  });
});
