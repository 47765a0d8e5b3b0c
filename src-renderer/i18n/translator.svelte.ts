import type { Locale } from '../../src-main/ipc/contract';
import en from './en.json';
import fr from './fr.json';
import { formatMessage, type Template } from './message-format';
import nl from './nl.json';

export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number>>;
// Typed from the JSON files (strings); in the built app their ICU templates come parsed.
type Catalogue = Readonly<Record<string, Template>>;

export const UI_CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, fr, nl };
export const UI_LOCALES: readonly Locale[] = ['en', 'fr', 'nl'];

/**
 * Looks up UI text in the current language. `locale` is reactive state, so markup that calls
 * `t()` re-renders when the language changes. Templates are ICU MessageFormat (plurals, dates,
 * numbers in the current language). Unknown keys fall back to English, then the key.
 */
export class Translator {
  locale: Locale = $state('en');

  constructor(locale: Locale = 'en') {
    this.locale = locale;
  }

  t = (key: MessageKey, params: MessageParams = {}): string => {
    const own = UI_CATALOGUES[this.locale][key];
    if (own !== undefined) return formatMessage(this.locale, own, params);
    return formatMessage('en', UI_CATALOGUES.en[key] ?? key, params);
  };
}
