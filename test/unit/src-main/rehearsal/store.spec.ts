import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EmulatorStore, STORE_FILE_NAME } from '/@/src-main/rehearsal/store';
import { silentLogger } from '/@/src-main/shared';

let dir: string;
let time = 1_000_000;
const now = (): Date => new Date(time);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rehearsal-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('EmulatorStore', () => {
  it('should seed only when no tenant file exists', async () => {
    let seeds = 0;
    const seed = (store: EmulatorStore): void => {
      seeds += 1;
      store.collection('things').insert({ id: 'a' });
    };
    const first = await EmulatorStore.open({ dataDir: dir, now, logger: silentLogger, seed });
    expect(first.seeded).toBe(true);
    await first.store.flush();
    const second = await EmulatorStore.open({ dataDir: dir, now, logger: silentLogger, seed });
    expect(second.seeded).toBe(false);
    expect(seeds).toBe(1);
    expect(second.store.counts()).toEqual({ things: 1 });
  });

  it('should hide an object until its replication delay has passed, yet count it', async () => {
    const { store } = await EmulatorStore.open({ now, logger: silentLogger, seed: () => undefined });
    const things = store.collection<{ id: string }>('things');
    things.insert({ id: 'late' }, { hiddenForMs: 500 });
    expect(things.get('late')).toBeUndefined();
    expect(things.list()).toEqual([]);
    expect(things.get('late', { includeHidden: true })).toEqual({ id: 'late' });
    expect(store.counts()).toEqual({ things: 1 });
    time += 500;
    expect(things.get('late')).toEqual({ id: 'late' });
  });

  it('should hand out copies so callers cannot change stored objects by accident', async () => {
    const { store } = await EmulatorStore.open({ now, logger: silentLogger, seed: () => undefined });
    const things = store.collection<{ id: string; tags: string[] }>('things');
    const inserted = things.insert({ id: 'a', tags: ['x'] });
    inserted.tags.push('mutated');
    things.get('a')?.tags.push('mutated');
    expect(things.get('a')?.tags).toEqual(['x']);
  });

  it('should keep collections obtained before a reset working on the new data', async () => {
    const { store } = await EmulatorStore.open({ now, logger: silentLogger, seed: () => undefined });
    const things = store.collection<{ id: string }>('things');
    things.insert({ id: 'old' });
    store.reset((target) => target.collection('things').insert({ id: 'new' }));
    expect(things.list()).toEqual([{ id: 'new' }]);
  });

  it('should write the file atomically with owner-only permissions on flush', async () => {
    const { store } = await EmulatorStore.open({
      dataDir: dir,
      now,
      logger: silentLogger,
      seed: () => undefined,
    });
    store.collection('things').insert({ id: 'quote"and\\u0000control' });
    await store.flush();
    const text = readFileSync(join(dir, STORE_FILE_NAME), 'utf8');
    expect(JSON.parse(text).collections.things.items).toHaveProperty('quote"and\\u0000control');
    if (process.platform !== 'win32') {
      const { statSync } = await import('node:fs');
      expect(statSync(join(dir, STORE_FILE_NAME)).mode & 0o777).toBe(0o600);
    }
  });
});
