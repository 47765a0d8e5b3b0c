import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Journal } from '/@/src-main/state';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-journal-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('Journal', () => {
  it('should append one JSON line per action in order', async () => {
    const journal = new Journal(home, () => new Date('2026-11-23T08:00:00Z'));
    await journal.append({ action: 'entra.create-app', target: 'ConfigMgrService', outcome: 'applied' });
    await journal.append({ action: 'entra.create-sp', outcome: 'adopted' });
    const lines = (await readFile(journal.path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '2026-11-23T08:00:00.000Z',
      action: 'entra.create-app',
      target: 'ConfigMgrService',
      outcome: 'applied',
    });
  });

  it('should redact secret fields and token-like values when details carry them', async () => {
    const journal = new Journal(home);
    await journal.append({
      action: 'entra.add-password',
      outcome: 'applied',
      details: {
        secretText: 'REHEARSAL-SECRET-abc123',
        note: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc',
        hint: 'abc',
      },
    });
    const text = await readFile(journal.path, 'utf8');
    expect(text).not.toContain('REHEARSAL-SECRET-abc123');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('"hint":"abc"');
  });

  it('should skip a torn last line when a crash interrupted a write', async () => {
    const journal = new Journal(home);
    await journal.append({ action: 'a', outcome: 'applied' });
    await appendFile(journal.path, '{"time":"2026-11-23T08:00:00Z","action":"b","outc');
    const records = await journal.readAll();
    expect(records.map((r) => r.action)).toEqual(['a']);
  });

  it('should return no records when the journal does not exist yet', async () => {
    expect(await new Journal(home).readAll()).toEqual([]);
  });
});
