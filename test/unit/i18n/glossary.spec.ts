import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const GLOSSARY = resolve('src-renderer/i18n/GLOSSARY.md');
const CATALOGUE_DIRS = [
  resolve('src-renderer/i18n'),
  ...readdirSync(resolve('src-main/shared/messages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(resolve('src-main/shared/messages'), entry.name)),
];

interface BannedVariant {
  readonly locale: string;
  readonly pattern: RegExp;
  readonly insteadUse: string;
}

/** Reads the "Banned variants" table of the glossary: | locale | `pattern` | use instead |. */
function bannedVariants(markdown: string): BannedVariant[] {
  const section = markdown.split('## Banned variants')[1] ?? '';
  return [...section.matchAll(/^\|\s*(en|fr|nl)\s*\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|$/gmu)].map((row) => ({
    locale: row[1]!,
    pattern: new RegExp(row[2]!.replaceAll('\\|', '|'), 'iu'),
    insteadUse: row[3]!,
  }));
}

/** Argument names (`{tenant}`, `{count, plural, …}`) are code, not wording. */
function withoutArgumentNames(template: string): string {
  return template.replace(/\{\s*\w+\s*(?=[,}])/gu, '{');
}

function offences(
  banned: readonly BannedVariant[],
  locale: string,
  values: Record<string, string>,
): string[] {
  return banned
    .filter((variant) => variant.locale === locale)
    .flatMap((variant) =>
      Object.entries(values)
        .filter(([, value]) => variant.pattern.test(withoutArgumentNames(value)))
        .map(([key]) => `${key}: ${String(variant.pattern)} → ${variant.insteadUse}`),
    );
}

describe('glossary', () => {
  const banned = bannedVariants(readFileSync(GLOSSARY, 'utf8'));

  it('should read a banned-variant table for each language when the glossary is parsed', () => {
    expect(new Set(banned.map((variant) => variant.locale))).toEqual(new Set(['en', 'fr', 'nl']));
    expect(banned.length).toBeGreaterThanOrEqual(15);
  });

  it('should use no banned variant in any UI or service catalogue when every value is checked', () => {
    const found = CATALOGUE_DIRS.flatMap((dir) =>
      ['en', 'fr', 'nl'].flatMap((locale) => {
        const values = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<
          string,
          string
        >;
        return offences(banned, locale, values).map((offence) => `${dir} ${locale} ${offence}`);
      }),
    );
    expect(found).toEqual([]);
  });

  it('should flag the wording found in review when it is written again', () => {
    const fr = {
      a: 'Répétition — locataire simulé',
      b: 'l’assistant répète chaque étape',
      c: 'Exporter le PFX pour l’assistant ConfigMgr',
      d: 'dans une invite élevée',
      e: 'gardé dans le trousseau',
      f: 'le sujet du certificat',
      g: 'le premier libellé',
      h: 'un vrai tenant',
      ok: 'Locataire : {tenant} — Trousseau d’accès sous macOS',
    };
    const nl = {
      a: 'de privésleutel',
      b: 'de wachtzin',
      c: 'Vorige stap',
      d: 'naar de sleutelhanger',
      e: 'oefent de assistent elke fase tegen een gesimuleerde tenant',
      f: 'De keten stopt voor de basis',
      g: 'in een verhoogde prompt',
      ok: 'Sleutelhangertoegang in macOS; de persoonlijke sleutel; Fase 3 van 10',
    };
    const keysOf = (list: string[]): string[] => [...new Set(list.map((line) => line.split(':')[0]))].sort();
    expect(keysOf(offences(banned, 'fr', fr))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(keysOf(offences(banned, 'nl', nl))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(offences(banned, 'en', { a: 'kept in the keychain', ok: 'the macOS Keychain' })).toHaveLength(1);
  });
});
