import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRuntime, type Runtime } from '/@/src-main/ipc';
import { MemorySecretStore } from '/@/src-main/secrets';

let home: string;
let secrets: MemorySecretStore;
let runtime: Runtime;
let opened: string[];

async function start(
  extra: { openFolder?: boolean; licensesFile?: string; env?: Record<string, string> } = {},
) {
  runtime = await createRuntime({
    transport: 'web',
    osLocale: 'fr_FR.UTF-8',
    version: '1.2.3',
    home,
    secrets,
    env: extra.env ?? {},
    ...(extra.licensesFile ? { licensesFile: extra.licensesFile } : {}),
    ...(extra.openFolder ? { openFolder: async (path: string) => void opened.push(path) } : {}),
  });
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-app-'));
  secrets = new MemorySecretStore();
  opened = [];
});
afterEach(async () => {
  await runtime.close();
  await rm(home, { recursive: true, force: true });
});

describe('app handlers', () => {
  it('should describe the app, its folders and the bundled licences for the About dialog', async () => {
    const licensesFile = join(home, 'licenses.json');
    await writeFile(licensesFile, JSON.stringify([{ name: 'zod', version: '4.6.7', license: 'MIT' }]));
    await start({ licensesFile });
    const about = await runtime.dispatch('app:get-about', []);
    expect(about).toEqual({
      ok: true,
      value: {
        productName: 'Co-management Setup Assistant',
        version: '1.2.3',
        runtime: { node: process.versions.node, electron: null, chrome: null },
        dataFolder: home,
        logsFolder: join(home, 'logs'),
        licenses: [{ name: 'zod', version: '4.6.7', license: 'MIT' }],
        updateCheckConfigured: false,
        canOpenFolders: false,
      },
    });
  });

  it('should open the logs folder only where the shell can, and say so elsewhere', async () => {
    await start();
    expect(await runtime.dispatch('app:open-logs-folder', [])).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        messageKey: 'app.folder.unavailable',
        message: expect.stringContaining('Copiez'),
      },
    });
    await runtime.close();
    await start({ openFolder: true });
    expect(await runtime.dispatch('app:open-logs-folder', [])).toEqual({ ok: true });
    expect(opened).toEqual([join(home, 'logs')]);
  });

  it('should refuse to forget without the exact confirmation', async () => {
    await start();
    await secrets.set('pfx-password:keep', 'x');
    for (const args of [[], [{}], [{ confirm: true }], [{ confirm: 'yes' }]]) {
      expect(await runtime.dispatch('app:forget-everything', args)).toMatchObject({ ok: false });
    }
    expect(await secrets.list()).toEqual(['pfx-password:keep']);
  });

  it('should forget state, files and keychain entries, then start again from an empty state', async () => {
    await start();
    await runtime.dispatch('settings:set-language', ['nl']);
    await runtime.dispatch('wizard:set-current-stage', ['server-certificate']);
    await secrets.set('pfx-password:p', 'one');
    await secrets.set('cert-key-passphrase:k', 'two');
    await mkdir(join(home, 'certs', 'x'), { recursive: true });
    await writeFile(join(home, 'certs', 'x', 'private-key.pem'), 'k');
    await writeFile(join(home, 'journal.jsonl'), '{}\n');

    const forgotten = await runtime.dispatch('app:forget-everything', [{ confirm: 'forget-everything' }]);

    expect(forgotten).toMatchObject({ ok: true, value: { removedSecrets: 2 } });
    expect(await secrets.list()).toEqual([]);
    expect(existsSync(join(home, 'certs'))).toBe(false);
    expect(existsSync(join(home, 'journal.jsonl'))).toBe(false);
    expect(existsSync(join(home, 'logs'))).toBe(true);
    expect(await runtime.dispatch('app:get-info', [])).toMatchObject({
      ok: true,
      value: { locale: 'fr', localeChosen: false },
    });
    expect(await runtime.dispatch('wizard:get-state', [])).toMatchObject({
      ok: true,
      value: { currentStage: 'prerequisites' },
    });
  });
});
