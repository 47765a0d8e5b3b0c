// Service-side message catalogues, one folder per domain or stage (`messages/<name>/{en,fr,nl}.json`)
// so modules never edit the same file. Found by convention at build time (Vite's import.meta.glob):
// a new folder needs no edit here. The renderer has its own UI catalogues (src-renderer/i18n); a
// unit test keeps all in step and refuses a key defined in two folders.
import type { MessageParams } from './errors';

export const LOCALES = ['en', 'fr', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Readonly<Record<string, string>>;

const FILES = import.meta.glob<Catalogue>('./messages/*/*.json', { eager: true, import: 'default' });

/** Catalogues per folder and language, e.g. `{ certs: { en: {...} } }` (for the consistency test). */
export const CATALOGUES_BY_FOLDER: Readonly<Record<string, Partial<Record<Locale, Catalogue>>>> = (() => {
  const byFolder: Record<string, Partial<Record<Locale, Catalogue>>> = {};
  for (const [path, catalogue] of Object.entries(FILES)) {
    const match = /\/messages\/([^/]+)\/([a-z]+)\.json$/.exec(path);
    if (!match || !isLocale(match[2])) continue;
    const folder = match[1] as string;
    byFolder[folder] = { ...byFolder[folder], [match[2]]: catalogue };
  }
  return byFolder;
})();

export const SERVICE_CATALOGUES: Readonly<Record<Locale, Catalogue>> = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    Object.assign(
      {},
      ...Object.keys(CATALOGUES_BY_FOLDER)
        .sort()
        .map((folder) => CATALOGUES_BY_FOLDER[folder]?.[locale] ?? {}),
    ) as Catalogue,
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
