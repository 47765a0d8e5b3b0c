import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MemorySecretStore } from '/@/src-main/secrets';
import { forgetEverything } from '/@/src-main/state';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-forget-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

function file(path: string, data = 'x'): void {
  mkdirSync(join(home, path, '..'), { recursive: true });
  writeFileSync(join(home, path), data);
}

function fillHome(): void {
  file('state.json', '{}');
  file('state.corrupt-2026-01-01T00-00-00-000Z.json');
  file('state.json.12345');
  file('journal.jsonl');
  file('logs/requests.jsonl');
  file('logs/app.log');
  file('certs/0b6f6d3a-0000-4000-8000-000000000000/private-key.pem');
  file('identity/msal-cache.bin');
  file('rehearsal/tenant/store.json');
  file('reports/report-1.html');
  file('notes-of-the-admin.txt');
  mkdirSync(join(home, 'other-tool'));
}

describe('forgetEverything', () => {
  it('should remove every keychain entry and every file the app made, and nothing else', async () => {
    fillHome();
    const secrets = new MemorySecretStore();
    await secrets.set('pfx-password:p:abc', 'one');
    await secrets.set('cert-key-passphrase:1', 'two');
    await secrets.set('identity-cache-key', 'three');
    expect(await secrets.list()).toHaveLength(3);

    const summary = await forgetEverything(home, secrets);

    expect(await secrets.list()).toEqual([]);
    expect(summary.removedSecrets).toBe(3);
    expect(readdirSync(home).sort()).toEqual(['notes-of-the-admin.txt', 'other-tool']);
    expect(summary.removedEntries).toEqual([
      'certs',
      'identity',
      'journal.jsonl',
      'logs',
      'rehearsal',
      'reports',
      'state.corrupt-2026-01-01T00-00-00-000Z.json',
      'state.json',
      'state.json.12345',
    ]);
  });

  it('should remove nothing when the keychain is locked, so the admin can unlock it and retry', async () => {
    fillHome();
    const secrets = new MemorySecretStore();
    await secrets.set('pfx-password:p:abc', 'one');
    secrets.setAvailable(false);
    await expect(forgetEverything(home, secrets)).rejects.toMatchObject({ code: 'keychain-unavailable' });
    expect(existsSync(join(home, 'state.json'))).toBe(true);
    expect(existsSync(join(home, 'certs'))).toBe(true);
  });

  it('should succeed on a home folder that does not exist yet', async () => {
    const summary = await forgetEverything(join(home, 'never-made'), new MemorySecretStore());
    expect(summary).toEqual({ removedEntries: [], removedSecrets: 0 });
  });
});
