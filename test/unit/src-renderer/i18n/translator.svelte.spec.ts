import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';

import { type MessageKey, Translator } from '/@/src-renderer/i18n';
import en from '/@/src-renderer/i18n/en.json';
import nl from '/@/src-renderer/i18n/nl.json';

describe('Translator', () => {
  it('should fill named placeholders when params are given', () => {
    const translator = new Translator('nl');
    expect(translator.t('shell.stagePosition', { current: 3, total: 10 })).toBe('Fase 3 van 10');
  });

  it('should leave a placeholder visible when its param is missing', () => {
    expect(new Translator('en').t('app.version')).toBe('Version {version}');
  });

  it('should not interpret replacement patterns when a param contains dollar signs', () => {
    expect(new Translator('en').t('shell.badgeTenant', { tenant: "$& $1 $' ok" })).toBe(
      "Tenant: $& $1 $' ok",
    );
  });

  it('should return the key itself when the key is in no catalogue', () => {
    expect(new Translator('fr').t('nowhere.toBeFound' as MessageKey)).toBe('nowhere.toBeFound');
  });

  it('should answer in the new language when the locale changes', () => {
    const translator = new Translator('en');
    expect(translator.t('shell.nextStage')).toBe(en['shell.nextStage']);
    translator.locale = 'nl';
    flushSync();
    expect(translator.t('shell.nextStage')).toBe(nl['shell.nextStage']);
  });

  describe('ICU messages', () => {
    const originalTz = process.env['TZ'];
    afterEach(() => {
      if (originalTz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = originalTz;
    });

    it('should say one certificate or several when the PFX export reports its chain', () => {
      const path = 'C:\\certs\\cmg.pfx';
      expect(new Translator('en').t('cert.export.done', { path, count: 1 })).toContain('with 1 certificate;');
      expect(new Translator('en').t('cert.export.done', { path, count: 3 })).toContain(
        'with 3 certificates;',
      );
      expect(new Translator('fr').t('cert.export.done', { path, count: 1 })).toContain(
        'avec 1 certificat\u202F;',
      );
      expect(new Translator('nl').t('cert.export.done', { path, count: 3 })).toContain('met 3 certificaten;');
    });

    it('should count the marked fields in words when the form has errors', () => {
      expect(new Translator('en').t('cert.form.fieldsNeedAttention', { count: 1 })).toBe(
        '1 field needs attention',
      );
      expect(new Translator('nl').t('cert.form.fieldsNeedAttention', { count: 2 })).toBe(
        '2 velden vragen aandacht',
      );
      expect(new Translator('fr').t('cert.form.fieldsNeedAttention', { count: 2 })).toBe(
        '2 champs demandent votre attention',
      );
    });

    it('should write the expiry date in the chosen language when the CA answer is shown', () => {
      expect(new Translator('fr').t('cert.answer.expires', { date: '2027-12-04' })).toBe(
        'expire le 4 déc. 2027',
      );
      expect(new Translator('nl').t('cert.answer.expires', { date: '2027-12-04' })).toBe(
        'verloopt op 4 dec 2027',
      );
      expect(new Translator('en').t('cert.answer.expires', { date: '2027-12-04' })).toBe(
        'expires on Dec 4, 2027',
      );
    });

    it('should write the device-code time in the app language, not the browser one, when it expires', () => {
      process.env['TZ'] = 'UTC';
      const time = '2027-12-04T13:05:00.000Z';
      expect(new Translator('nl').t('signIn.deviceCodeExpires', { time })).toBe(
        'De code is geldig tot 13:05.',
      );
      expect(new Translator('en').t('signIn.deviceCodeExpires', { time })).toMatch(/until 1:05\sPM\.$/);
    });

    it('should show both validity dates when a certificate summary is rendered', () => {
      expect(
        new Translator('fr').t('cert.preflight.validityRange', {
          from: '2026-12-04T12:00:00.000Z',
          to: '2027-12-04T12:00:00.000Z',
        }),
      ).toBe('du 4 déc. 2026 au 4 déc. 2027');
    });
  });
});
