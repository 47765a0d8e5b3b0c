// Service-side message catalogues, one folder per domain or stage (`messages/<name>/{en,fr,nl}.json`)
// so modules never edit the same file. Found by convention: `node scripts/message-index.mjs`
// lists every folder in messages/index.ts (a unit test fails when a folder is missing there),
// so a new stage adds its folder and edits nothing here. The renderer has its own UI catalogues
// (src-renderer/i18n); a unit test keeps all in step and refuses a key defined in two folders.
import type { MessageParams } from './errors';
import { MESSAGE_FOLDERS } from './messages';

export const LOCALES = ['en', 'fr', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Readonly<Record<string, string>>;

/** Catalogues per folder and language, e.g. `{ certs: { en: {...} } }`. */
export const CATALOGUES_BY_FOLDER: Readonly<Record<string, Readonly<Record<Locale, Catalogue>>>> =
  MESSAGE_FOLDERS;

export const SERVICE_CATALOGUES: Readonly<Record<Locale, Catalogue>> = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    Object.assign({}, ...Object.values(CATALOGUES_BY_FOLDER).map((folder) => folder[locale])) as Catalogue,
  ]),
) as Record<Locale, Catalogue>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks en/fr/nl from a POSIX or BCP 47 locale string such as `fr_BE.UTF-8` or `nl-NL`. */
export function localeFrom(tag: string | undefined | null): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_.@]/)[0] ?? '';
  return isLocale(primary) ? primary : 'en';
}

/** Resolves a service message key; unknown keys fall back to English, then to the key itself. */
export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = SERVICE_CATALOGUES[locale][key] ?? SERVICE_CATALOGUES.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
