import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readThirdPartyLicenses } from '/@/src-main/maintenance';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comanage-licenses-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('readThirdPartyLicenses', () => {
  it('should read the list the build writes', async () => {
    const list = [{ name: 'zod', version: '4.6.7', license: 'MIT' }];
    await writeFile(join(dir, 'l.json'), JSON.stringify(list));
    expect(await readThirdPartyLicenses(join(dir, 'l.json'))).toEqual(list);
  });

  it('should give null for a missing, malformed, oversized or non-regular file instead of failing', async () => {
    await writeFile(join(dir, 'bad.json'), '[{"name": 1}]');
    await writeFile(
      join(dir, 'big.json'),
      `[${'{"name":"a","version":"1","license":"MIT"},'.repeat(60_000)}]`,
    );
    for (const path of [
      join(dir, 'none.json'),
      join(dir, 'bad.json'),
      join(dir, 'big.json'),
      dir,
      '/dev/zero',
    ]) {
      expect(await readThirdPartyLicenses(path)).toBeNull();
    }
  });
});
