import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRuntime, type Runtime } from '/@/src-main/ipc';
import type { SecretStore } from '/@/src-main/secrets/secret-store';

const noSecrets: SecretStore = {
  backend: 'test',
  get: async () => null,
  set: async () => undefined,
  delete: async () => false,
  list: async () => [],
};

let home: string;
let runtime: Runtime;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'comanage-rt-'));
  runtime = await createRuntime({
    transport: 'web',
    osLocale: 'nl_BE.UTF-8',
    version: '9.9.9',
    home,
    secrets: noSecrets,
  });
});
afterEach(async () => {
  await runtime.close();
  await rm(home, { recursive: true, force: true });
});

describe('runtime dispatch', () => {
  it('should follow the OS locale until the admin chooses a language', async () => {
    const info = await runtime.dispatch('app:get-info', []);
    expect(info).toMatchObject({
      ok: true,
      value: { locale: 'nl', localeChosen: false, mode: 'rehearsal', version: '9.9.9' },
    });
    const chosen = await runtime.dispatch('settings:set-language', ['fr']);
    expect(chosen).toMatchObject({ ok: true, value: { locale: 'fr', localeChosen: true } });
  });

  it('should refuse a channel that is not in the contract without calling anything', async () => {
    const response = await runtime.dispatch('fs:read-file', ['/etc/passwd']);
    expect(response).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        messageKey: 'error.unknownChannel',
        message: expect.stringContaining('Start de assistent opnieuw'),
      },
    });
  });

  it('should refuse prototype keys used as channel names', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 42, null]) {
      const response = await runtime.dispatch(name, []);
      expect(response.ok).toBe(false);
    }
  });

  it('should validate arguments against the schema and answer in the current language', async () => {
    await runtime.dispatch('settings:set-language', ['fr']);
    const response = await runtime.dispatch('wizard:set-current-stage', ['"; rm -rf /']);
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('invalid-input');
      expect(response.error.message).toMatch(/^La demande n’est pas valide/);
    }
    expect((await runtime.dispatch('wizard:set-current-stage', 'licences')).ok).toBe(false);
    expect((await runtime.dispatch('wizard:set-current-stage', ['licences', 'extra'])).ok).toBe(false);
    expect((await runtime.dispatch('settings:set-language', ['de'])).ok).toBe(false);
  });

  it('should persist the current stage and push a wizard:changed event', async () => {
    const seen: unknown[] = [];
    runtime.events.subscribe((event, payload) => seen.push({ event, payload }));
    const response = await runtime.dispatch('wizard:set-current-stage', ['server-certificate']);
    expect(response).toMatchObject({ ok: true, value: { currentStage: 'server-certificate' } });
    expect(seen).toEqual([
      { event: 'wizard:changed', payload: expect.objectContaining({ currentStage: 'server-certificate' }) },
    ]);
    const again = await createRuntime({
      transport: 'web',
      osLocale: 'en',
      version: '1',
      home,
      secrets: noSecrets,
    });
    expect(await again.dispatch('wizard:get-state', [])).toMatchObject({
      ok: true,
      value: { currentStage: 'server-certificate' },
    });
  });
});

describe('native Save dialog', () => {
  const request = {
    defaultPath: '/home/admin/Documents/cmg.pfx',
    filters: [{ name: 'PFX', extensions: ['pfx'] }],
  };

  it('should say there is none and refuse the channel with a localized message in the web host', async () => {
    expect(await runtime.dispatch('app:get-info', [])).toMatchObject({
      ok: true,
      value: { nativeDialogs: false },
    });
    expect(await runtime.dispatch('app:choose-save-path', [request])).toMatchObject({
      ok: false,
      error: { code: 'unavailable', messageKey: 'app.dialog.unavailable' },
    });
  });

  it('should hand the request to the shell chooser and return its answer, null when cancelled', async () => {
    const asked: unknown[] = [];
    const answers = ['/home/admin/certs/cmg.pfx', null];
    const desktop = await createRuntime({
      transport: 'electron',
      osLocale: 'en',
      version: '9.9.9',
      home,
      secrets: noSecrets,
      chooseSavePath: async (value) => {
        asked.push(value);
        return answers.shift() ?? null;
      },
    });
    try {
      expect(await desktop.dispatch('app:get-info', [])).toMatchObject({
        ok: true,
        value: { nativeDialogs: true },
      });
      expect(await desktop.dispatch('app:choose-save-path', [request])).toEqual({
        ok: true,
        value: { path: '/home/admin/certs/cmg.pfx' },
      });
      expect(await desktop.dispatch('app:choose-save-path', [request])).toEqual({
        ok: true,
        value: { path: null },
      });
      expect(asked).toEqual([request, request]);
      // Filter extensions are plain words: nothing that could widen the dialog's pattern.
      expect(
        await desktop.dispatch('app:choose-save-path', [
          { ...request, filters: [{ name: 'x', extensions: ['*'] }] },
        ]),
      ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await desktop.close();
    }
  });

  it('should refuse a certreq file name that is empty, a path, too long or holds a control character or quote', async () => {
    const input = { cn: 'cmg.contoso.com' };
    for (const fileName of ['', '../x.inf', 'C:\\x.inf', 'a\nb.inf', 'x"y.inf', 'a'.repeat(256), 42]) {
      const response = await runtime.dispatch('certs:certreq-inf', [input, { fileName }]);
      expect(response, JSON.stringify(fileName)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    const named = await runtime.dispatch('certs:certreq-inf', [input, { fileName: 'cmg 2027.inf' }]);
    expect(named).toMatchObject({ ok: true, value: { commands: expect.stringContaining('cmg 2027.csr') } });
  });
});
