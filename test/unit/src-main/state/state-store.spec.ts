import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { STATE_FILE, StateStore } from '/@/src-main/state';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-state-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('StateStore', () => {
  it('should start with defaults when no state file exists', async () => {
    const { store, notice } = await StateStore.open(home);
    expect(notice).toBeNull();
    expect(store.read()).toMatchObject({ version: 1, language: null, currentStage: 'prerequisites' });
    expect(store.read().stages['server-certificate']).toBe('not-started');
  });

  it('should persist an update and read it back after reopening', async () => {
    const { store } = await StateStore.open(home);
    await store.update((draft) => ({ ...draft, language: 'fr', currentStage: 'licences' }));
    const reopened = await StateStore.open(home);
    expect(reopened.store.read()).toMatchObject({ language: 'fr', currentStage: 'licences' });
    expect(JSON.parse(await readFile(join(home, STATE_FILE), 'utf8')).version).toBe(1);
  });

  it('should refuse an update that breaks the schema and keep the file unchanged', async () => {
    const { store } = await StateStore.open(home);
    await store.update((draft) => ({ ...draft, language: 'nl' }));
    const before = await readFile(join(home, STATE_FILE), 'utf8');
    await expect(
      store.update((draft) => ({ ...draft, currentStage: 'not-a-stage' as never })),
    ).rejects.toThrow();
    expect(await readFile(join(home, STATE_FILE), 'utf8')).toBe(before);
    expect(store.read().language).toBe('nl');
  });

  it('should move a corrupt file aside with a timestamp and report it when the JSON is broken', async () => {
    await writeFile(join(home, STATE_FILE), '{"version": 1, "language": "fr"');
    const { store, notice } = await StateStore.open(home, () => new Date('2026-11-23T10:00:00Z'));
    expect(notice?.messageKey).toBe('error.stateCorrupt');
    expect(store.read().language).toBeNull();
    const files = await readdir(home);
    expect(files).toContain('state.corrupt-2026-11-23T10-00-00-000Z.json');
    expect(files).not.toContain(STATE_FILE);
    expect(await readFile(join(home, 'state.corrupt-2026-11-23T10-00-00-000Z.json'), 'utf8')).toBe(
      '{"version": 1, "language": "fr"',
    );
  });

  it('should move a future-version file aside instead of overwriting it when the version is newer', async () => {
    await writeFile(join(home, STATE_FILE), JSON.stringify({ version: 7, language: 'fr' }));
    const { notice } = await StateStore.open(home, () => new Date('2026-11-23T10:00:00Z'));
    expect(notice?.messageKey).toBe('error.stateFutureVersion');
    expect(await readdir(home)).toContain('state.future-2026-11-23T10-00-00-000Z.json');
  });

  it('should treat a schema-invalid file as corrupt when a field has the wrong type', async () => {
    await writeFile(join(home, STATE_FILE), JSON.stringify({ version: 1, currentStage: 42 }));
    const { notice } = await StateStore.open(home);
    expect(notice?.messageKey).toBe('error.stateCorrupt');
  });

  it('should serialise concurrent updates so none is lost', async () => {
    const { store } = await StateStore.open(home);
    await Promise.all([
      store.update((d) => ({ ...d, stages: { ...d.stages, prerequisites: 'done' } })),
      store.update((d) => ({ ...d, stages: { ...d.stages, licences: 'in-progress' } })),
      store.update((d) => ({ ...d, language: 'nl' })),
    ]);
    const reopened = (await StateStore.open(home)).store.read();
    expect(reopened.stages.prerequisites).toBe('done');
    expect(reopened.stages.licences).toBe('in-progress');
    expect(reopened.language).toBe('nl');
  });

  it('should leave no temporary files behind after writes', async () => {
    const { store } = await StateStore.open(home);
    for (let i = 0; i < 5; i += 1) await store.update((d) => ({ ...d, language: i % 2 ? 'fr' : 'en' }));
    expect(await readdir(home)).toEqual([STATE_FILE]);
  });
});
