// No message may end up with a doubled full stop ("such as cmg.contoso.com..") once its
// placeholders are filled: neither in the template itself, nor when a placeholder that carries
// whole sentences (which end with their own full stop) is followed by one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cnFormCheck } from '/@/src-main/certs/inspect/checks-certificate';
import { checkMaker } from '/@/src-main/certs/inspect/make-check';

const LOCALES = ['en', 'fr', 'nl'] as const;
const SERVICE_MESSAGES = resolve('src-main/shared/messages');
/** Placeholders whose values are localized sentences, each ending with its own full stop. */
const SENTENCE_PARAMS = new Set(['problems', 'notes', 'warnings', 'message', 'detail']);
// Two full stops in a row that are not part of an ellipsis.
const DOUBLED = /(?<!\.)\.\.(?!\.)/;

const catalogueDirs = [
  resolve('src-renderer/i18n'),
  ...readdirSync(SERVICE_MESSAGES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(SERVICE_MESSAGES, entry.name)),
];

function messages(): { where: string; template: string }[] {
  return catalogueDirs.flatMap((dir) =>
    LOCALES.flatMap((locale) => {
      const catalogue = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      return Object.entries(catalogue).map(([key, value]) => ({
        where: `${dir.slice(resolve('.').length + 1)}/${locale} ${key}`,
        template: String(value),
      }));
    }),
  );
}

function interpolate(template: string): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) =>
    SENTENCE_PARAMS.has(name) ? 'A finding ends here.' : 'x',
  );
}

describe('full stops in every catalogue', () => {
  const all = messages();

  it('should read the renderer catalogue and every service domain', () => {
    expect(catalogueDirs.length).toBeGreaterThan(5);
    expect(all.length).toBeGreaterThan(300);
  });

  it('should have no doubled full stop in any template', () => {
    const doubled = all.filter(({ template }) => DOUBLED.test(template)).map(({ where }) => where);
    expect(doubled).toEqual([]);
  });

  it('should have no doubled full stop once sentence placeholders are filled with sentences', () => {
    const doubled = all
      .filter(({ template }) => DOUBLED.test(interpolate(template)))
      .map(({ where }) => where);
    expect(doubled).toEqual([]);
  });

  it('should detect the defect it guards against', () => {
    expect(DOUBLED.test(interpolate('CN {cn} cannot be used: {problems}.'))).toBe(true);
    expect(DOUBLED.test(interpolate('Wait...'))).toBe(false);
  });

  it.each(LOCALES)('should write the CN findings of inspect in %s without a doubled full stop', (locale) => {
    for (const cn of ['cmg', 'cmg-prod.contoso.com', 'a.contoso.com', 'GraniteFalls.contoso.com']) {
      expect(cnFormCheck(checkMaker(locale), cn, locale).message).not.toMatch(DOUBLED);
    }
  });
});
