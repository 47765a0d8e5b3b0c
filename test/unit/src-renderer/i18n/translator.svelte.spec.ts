import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';

import { type MessageKey, Translator } from '../../../../src-renderer/i18n';
import en from '../../../../src-renderer/i18n/en.json';
import nl from '../../../../src-renderer/i18n/nl.json';

describe('Translator', () => {
  it('should fill named placeholders when params are given', () => {
    const translator = new Translator('nl');
    expect(translator.t('shell.stagePosition', { current: 3, total: 10 })).toBe('Stap 3 van 10');
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
});
