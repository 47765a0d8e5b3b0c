import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';

import { precompileCatalogue } from '/@/scripts/icu-catalogues.mjs';
import { formatMessage } from '/@/src-renderer/i18n/message-format';

const LOCALES = ['en', 'fr', 'nl'] as const;

function readCatalogue(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(resolve('src-renderer/i18n', `${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

/** Sample params for every argument of a template: counts, ISO dates, text. */
function sampleParams(template: string, count: number): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  const visit = (elements: readonly MessageFormatElement[]): void => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound || element.type === TYPE.tag) continue;
      if (element.type === TYPE.plural || element.type === TYPE.number) params[element.value] = count;
      else if (element.type === TYPE.date || element.type === TYPE.time)
        params[element.value] = '2027-12-04T12:00:00.000Z';
      else params[element.value] = 'x';
      if (element.type === TYPE.plural || element.type === TYPE.select)
        for (const option of Object.values(element.options)) visit(option.value);
    }
  };
  visit(parse(template, { ignoreTag: true }));
  return params;
}

describe('precompiled UI catalogues', () => {
  for (const locale of LOCALES) {
    it(`should format every ${locale} message the same from its parsed form as from its text`, () => {
      const catalogue = readCatalogue(locale);
      const compiled = precompileCatalogue(catalogue);
      const parsedKeys = Object.keys(compiled).filter((key) => typeof compiled[key] !== 'string');
      expect(parsedKeys.length).toBeGreaterThan(3);
      for (const [key, template] of Object.entries(catalogue)) {
        for (const count of [0, 1, 7]) {
          const params = sampleParams(template, count);
          expect(formatMessage(locale, compiled[key]!, params), `${key} ${count}`).toBe(
            formatMessage(locale, template, params),
          );
        }
      }
    });
  }

  it('should keep readable text with its slots when a parsed template lacks a param', () => {
    const compiled = precompileCatalogue({
      a: 'Saved {path} with {count, plural, one {# file} other {# files}}.',
    });
    expect(formatMessage('en', compiled['a']!, { path: 'C:\\a.pfx' })).toBe('Saved C:\\a.pfx with # files.');
  });
});
