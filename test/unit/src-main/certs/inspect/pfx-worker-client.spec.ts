// The host reads PFX files in a worker thread: same answers as the in-thread reader, and its event
// loop keeps turning while a slow file's key derivation runs (issue 9).
import { describe, expect, it } from 'vitest';

import { readPfx, readPfxOffThread } from '/@/src-main/certs/inspect';
import { loopGapsDuring } from '/@/test/support/event-loop-gaps';
import { EXTRA_PASSWORD, opensslPfx } from '/@/test/support/pfx-fixtures-extra';

/** A one-key 3DES file at 500,000 rounds: most of a second of key derivation on one thread. */
const slowFile = (): Buffer =>
  opensslPfx([
    '-iter',
    '1000000',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
  ]);

describe('readPfxOffThread', () => {
  it('should give the same keys, certificates and attributes as readPfx', async () => {
    const data = opensslPfx([
      '-name',
      'cmg.contoso.com',
      '-keypbe',
      'PBE-SHA1-3DES',
      '-certpbe',
      'PBE-SHA1-3DES',
    ]);
    const here = readPfx(data, EXTRA_PASSWORD);
    const there = await readPfxOffThread(data, EXTRA_PASSWORD);
    if (!here.ok || !there.ok) throw new Error('expected both reads to open the file');
    expect(there.pfx.keys).toHaveLength(1);
    expect(there.pfx.keys[0]?.key.equals(here.pfx.keys[0]!.key)).toBe(true);
    expect(there.pfx.keys[0]?.friendlyName).toBe('cmg.contoso.com');
    expect(
      there.pfx.certs.map((entry) => Buffer.isBuffer(entry.der) && entry.der.equals(here.pfx.certs[0]!.der)),
    ).toEqual([true]);
    expect(there.pfx.certs[0]?.cert?.checkPrivateKey(there.pfx.keys[0]!.key)).toBe(true);
    expect(there.pfx.encryption).toEqual(here.pfx.encryption);
  });

  it('should report failures the same way', async () => {
    const data = opensslPfx([]);
    expect(await readPfxOffThread(data, 'wrong')).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await readPfxOffThread(Buffer.from('not a pfx'), 'x')).toEqual({
      ok: false,
      reason: 'not-pkcs12',
    });
    expect(await readPfxOffThread(Buffer.alloc(0), 'x')).toEqual({ ok: false, reason: 'empty' });
  });

  it('should keep the event loop turning while a 500,000-round file is read', async () => {
    const data = slowFile();
    const { value, maxGapMs, elapsedMs } = await loopGapsDuring(() => readPfxOffThread(data, EXTRA_PASSWORD));
    expect(value.ok).toBe(true);
    // Read on this thread, the derivation would be one gap as long as the whole read.
    expect(maxGapMs).toBeLessThan(elapsedMs / 2);
  });

  it('should answer concurrent requests each with its own result', async () => {
    const good = opensslPfx([]);
    const results = await Promise.all([
      readPfxOffThread(good, EXTRA_PASSWORD),
      readPfxOffThread(good, 'wrong'),
      readPfxOffThread(good, EXTRA_PASSWORD),
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual([
      'ok',
      'wrong-password',
      'ok',
    ]);
  });
});
