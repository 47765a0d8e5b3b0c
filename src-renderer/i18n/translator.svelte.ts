import type { Locale } from '../../src-main/ipc/contract';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number>>;
type Catalogue = Readonly<Record<string, string>>;

export const UI_CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, fr, nl };
export const UI_LOCALES: readonly Locale[] = ['en', 'fr', 'nl'];

/**
 * Looks up UI text in the current language. `locale` is reactive state, so markup that calls
 * `t()` re-renders when the language changes. Unknown keys fall back to English, then the key.
 */
export class Translator {
  locale: Locale = $state('en');

  constructor(locale: Locale = 'en') {
    this.locale = locale;
  }

  t = (key: MessageKey, params: MessageParams = {}): string => {
    const template = UI_CATALOGUES[this.locale][key] ?? UI_CATALOGUES.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}
