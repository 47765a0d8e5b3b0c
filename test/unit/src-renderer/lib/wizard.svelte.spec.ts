import { describe, expect, it } from 'vitest';

import en from '/@/src-renderer/i18n/en.json';
import fr from '/@/src-renderer/i18n/fr.json';
import { RpcError } from '/@/src-renderer/lib/api';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';

import { FakeApi } from '../fake-api';

describe('WizardState', () => {
  it('should start in the loading phase with no stage when nothing has loaded', () => {
    const wizard = new WizardState(new FakeApi());
    expect(wizard.phase).toBe('loading');
    expect(wizard.currentStage).toBeNull();
  });

  it('should take the host language and stage when load succeeds', async () => {
    const api = new FakeApi();
    api.info = { ...api.info, locale: 'fr' };
    const wizard = new WizardState(api);
    await wizard.load();
    expect(wizard.phase).toBe('ready');
    expect(wizard.i18n.locale).toBe('fr');
    expect(wizard.currentStage).toBe('prerequisites');
  });

  it('should not call the host when the chosen stage is already current', async () => {
    const api = new FakeApi();
    const wizard = new WizardState(api);
    await wizard.load();
    await wizard.selectStage('prerequisites');
    expect(api.callsTo('wizard:set-current-stage')).toEqual([]);
  });

  it('should translate transport keys in the current language when describing an RpcError', async () => {
    const wizard = new WizardState(new FakeApi(), 'fr');
    const error = new RpcError({
      code: 'unauthorized',
      messageKey: 'transport.sessionRefused',
      message: 'HTTP 401',
    });
    expect(wizard.describe(error)).toBe(fr['transport.sessionRefused']);
  });

  it('should show the host message as given when the key belongs to a service catalogue', () => {
    const wizard = new WizardState(new FakeApi(), 'fr');
    const error = new RpcError({ code: 'conflict', messageKey: 'certs.x', message: 'Texte déjà traduit.' });
    expect(wizard.describe(error)).toBe('Texte déjà traduit.');
  });

  it('should fall back to the unavailable text when the failure is not an RpcError', () => {
    const wizard = new WizardState(new FakeApi());
    expect(wizard.describe(new TypeError('Failed to fetch'))).toBe(en['transport.unavailable']);
    expect(wizard.describe('boom')).toBe(en['transport.unavailable']);
  });

  it('should stop following events when the listener is removed', async () => {
    const api = new FakeApi();
    const wizard = new WizardState(api);
    await wizard.load();
    const stop = wizard.listen();
    expect(api.listenerCount('wizard:changed')).toBe(1);
    stop();
    expect(api.listenerCount('wizard:changed')).toBe(0);
  });
});
