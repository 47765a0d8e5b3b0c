import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';

import { findLiteralText } from './markup-scan';

const LOCALES = ['en', 'fr', 'nl'] as const;
const RENDERER_DIR = resolve('src-renderer');
const RENDERER_I18N = resolve('src-renderer/i18n');
const SERVICE_MESSAGES = resolve('src-main/shared/messages');

type Catalogue = Record<string, unknown>;

function readCatalogue(dir: string, locale: string): Catalogue {
  return JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Catalogue;
}

/** Parses a template as the formatters do (ICU MessageFormat, angle brackets are text). */
function parseTemplate(template: string): MessageFormatElement[] {
  return parse(template, { ignoreTag: true });
}

/**
 * The ICU arguments of a template as `name:kind` (`count:plural`, `date:date`, `path:argument`),
 * nested ones included, so a translation that drops a plural or turns a date into text differs.
 */
function placeholders(template: string): string[] {
  const found = new Set<string>();
  const visit = (elements: readonly MessageFormatElement[]): void => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      if (element.type === TYPE.tag) {
        visit(element.children);
        continue;
      }
      found.add(`${element.value}:${TYPE[element.type]}`);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        for (const option of Object.values(element.options)) visit(option.value);
      }
    }
  };
  try {
    visit(parseTemplate(template));
  } catch (error) {
    return [`unparsable: ${String(error)}`];
  }
  return [...found].sort();
}

/** Plural categories each language needs for whole numbers (CLDR: en/fr/nl use one + other). */
function pluralsMissingCategories(template: string): string[] {
  const problems: string[] = [];
  const visit = (elements: readonly MessageFormatElement[]): void => {
    for (const element of elements) {
      if (element.type === TYPE.plural) {
        for (const category of ['one', 'other'])
          if (!Object.hasOwn(element.options, category)) problems.push(`${element.value} lacks ${category}`);
      }
      if (element.type === TYPE.plural || element.type === TYPE.select)
        for (const option of Object.values(element.options)) visit(option.value);
    }
  };
  visit(parseTemplate(template));
  return problems;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name));
}

const catalogueSets: { name: string; dir: string }[] = [
  { name: 'renderer', dir: RENDERER_I18N },
  ...readdirSync(SERVICE_MESSAGES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: `service ${entry.name}`, dir: join(SERVICE_MESSAGES, entry.name) })),
];

describe('message catalogues', () => {
  it('should find the renderer catalogue and at least one service domain when the tree is scanned', () => {
    expect(catalogueSets.length).toBeGreaterThan(1);
  });

  for (const { name, dir } of catalogueSets) {
    describe(name, () => {
      const [en, fr, nl] = LOCALES.map((locale) => readCatalogue(dir, locale));

      it(`should have the same keys in en, fr and nl when the ${name} catalogues are compared`, () => {
        const keys = Object.keys(en!).sort();
        expect(Object.keys(fr!).sort()).toEqual(keys);
        expect(Object.keys(nl!).sort()).toEqual(keys);
      });

      it(`should have non-empty string values everywhere when the ${name} catalogues are read`, () => {
        for (const [locale, catalogue] of [
          ['en', en],
          ['fr', fr],
          ['nl', nl],
        ] as const) {
          for (const [key, value] of Object.entries(catalogue!)) {
            expect(typeof value === 'string' && value.trim().length > 0, `${locale} ${key}`).toBe(true);
          }
        }
      });

      it(`should use the same placeholders per key when the ${name} translations are compared`, () => {
        for (const [key, template] of Object.entries(en!)) {
          const expected = placeholders(String(template));
          expect(placeholders(String(fr![key] ?? '')), `fr ${key}`).toEqual(expected);
          expect(placeholders(String(nl![key] ?? '')), `nl ${key}`).toEqual(expected);
        }
      });

      it(`should parse as ICU MessageFormat with one and other plural forms when the ${name} templates are read`, () => {
        for (const [locale, catalogue] of [
          ['en', en],
          ['fr', fr],
          ['nl', nl],
        ] as const) {
          for (const [key, value] of Object.entries(catalogue!)) {
            expect(() => parseTemplate(String(value)), `${locale} ${key}`).not.toThrow();
            expect(pluralsMissingCategories(String(value)), `${locale} ${key}`).toEqual([]);
          }
        }
      });

      it(`should count with ICU plurals, not "(s)" or "/en" forms, when the ${name} catalogues are read`, () => {
        // "certificate(s)", "clé(s) privée(s)", "gemarkeerd(e) veld(en)", "certificaat/certificaten"
        const pseudoPlural = /\p{L}\((?:s|e|en|x|es|a)\)|\b(\p{L}+)\/\1(?:en|s)\b|\(a\)/u;
        for (const [locale, catalogue] of [
          ['en', en],
          ['fr', fr],
          ['nl', nl],
        ] as const) {
          for (const [key, value] of Object.entries(catalogue!))
            expect(String(value), `${locale} ${key}`).not.toMatch(pseudoPlural);
        }
      });

      it(`should end no sentence with a doubled full stop when the ${name} catalogues are read`, () => {
        for (const [locale, catalogue] of [
          ['en', en],
          ['fr', fr],
          ['nl', nl],
        ] as const) {
          for (const [key, value] of Object.entries(catalogue!))
            expect(String(value), `${locale} ${key}`).not.toMatch(/(?<!\.)\.\.(?!\.)|[!?:;]\.|\.\s*\.$/u);
        }
      });

      it(`should follow French typography when the ${name} French catalogue is read`, () => {
        // U+202F before : ; ! ? and inside « »; the typographic apostrophe only (a straight one
        // would also start an ICU quote before a brace).
        const offences = Object.entries(fr!).flatMap(([key, value]) => {
          const text = String(value);
          return [
            [/[ \u00A0][:;!?»]/u, 'a breaking or wide space before : ; ! ? »'],
            [/«(?!\u202F)/u, 'no narrow no-break space after «'],
            [/(?<!\u202F)»/u, 'no narrow no-break space before »'],
            [/\p{L}[;!?]|\p{L}:(?:\s|$)/u, 'no space before ; ! ? or :'],
            [/'/u, 'a straight apostrophe'],
            [/[ \u00A0\u202F]\u202F|\u202F[ \u00A0]/u, 'a doubled space'],
          ]
            .filter(([pattern]) => (pattern as RegExp).test(text))
            .map(([, problem]) => `${key}: ${String(problem)}`);
        });
        expect(offences).toEqual([]);
      });

      it(`should not send the admin to a variable or an option when a ${name} message may show in the app`, () => {
        // CLI advice lives in keys with a `cli` segment (`certs.cli.*`, `<key>.cli`); the rest is shown in the UI too.
        const cliAdvice = /environment variable|variable d’environnement|omgevingsvariabele|--[a-z]/u;
        for (const [locale, catalogue] of [
          ['en', en],
          ['fr', fr],
          ['nl', nl],
        ] as const) {
          for (const [key, value] of Object.entries(catalogue!)) {
            if (key.split('.').includes('cli')) continue;
            expect(String(value), `${locale} ${key}`).not.toMatch(cliAdvice);
          }
        }
      });

      it(`should name keys as area.camelCase when the ${name} catalogue is listed`, () => {
        for (const key of Object.keys(en!))
          expect(key, key).toMatch(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/);
      });
    });
  }

  it('should use every renderer key somewhere in the renderer sources when the code is searched', () => {
    const sources = [...filesUnder(RENDERER_DIR, '.ts'), ...filesUnder(RENDERER_DIR, '.svelte')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(readCatalogue(RENDERER_I18N, 'en')).filter(
      (key) => !sources.includes(`'${key}'`),
    );
    expect(unused).toEqual([]);
  });
});

describe('stage titles in the rail', () => {
  // The rail is 14–18rem wide (12rem per column on narrow windows): a longer single word is cut
  // by overflow-wrap mid-syllable unless it carries soft hyphens where it may break.
  const LONGEST_UNBROKEN = 14;

  for (const locale of LOCALES) {
    it(`should give every long ${locale} stage-title word a soft hyphen when the titles are listed`, () => {
      const titles = Object.entries(readCatalogue(RENDERER_I18N, locale)).filter(([key]) =>
        /^stages\.\w+\.title$/u.test(key),
      );
      expect(titles.length).toBeGreaterThan(5);
      const unbreakable = titles.flatMap(([key, title]) =>
        String(title)
          .split(/[\s\-\u2011()]+/u)
          .filter((word) => word.split('\u00AD').some((part) => part.length > LONGEST_UNBROKEN))
          .map((word) => `${key}: ${word}`),
      );
      expect(unbreakable).toEqual([]);
    });
  }
});

describe('renderer markup', () => {
  it('should contain no user-visible literal text when every component is scanned', () => {
    const files = filesUnder(RENDERER_DIR, '.svelte');
    expect(files.length).toBeGreaterThan(3);
    const offences = files.flatMap((file) =>
      findLiteralText(readFileSync(file, 'utf8'), file).map(
        (hit) => `${relative(process.cwd(), file)}:${hit.line} ${hit.where}: "${hit.text}"`,
      ),
    );
    expect(offences).toEqual([]);
  });

  it('should flag words in text nodes and readable attributes when markup has raw English', () => {
    const source = [
      '<script lang="ts">let label = "ignored in script";</script>',
      '<p>Next stage</p>',
      '<button aria-label="Close dialog">×</button>',
      '<img alt="Logo {name}" src="x.png" />',
      '<input placeholder="Type here" title={label} />',
      '<style>p::after { content: "not markup"; }</style>',
    ].join('\n');
    const hits = findLiteralText(source);
    expect(hits.map((hit) => hit.text.trim())).toEqual(['Next stage', 'Close dialog', 'Logo', 'Type here']);
    expect(hits.map((hit) => hit.line)).toEqual([2, 3, 4, 5]);
  });

  it('should accept punctuation, arrows and expressions when no words are written literally', () => {
    const source = [
      '<p>{t("a.b")} — {count}</p>',
      '<span aria-hidden="true">→ ← · 10</span>',
      '<button aria-label={t("x.y")} title="—">{t("z.w")}</button>',
      '<!-- a comment with words -->',
      '<svg><path d="M8 4.5V8l2.5 1.5" /></svg>',
    ].join('\n');
    expect(findLiteralText(source)).toEqual([]);
  });

  it('should flag words inside blocks when literal text sits in if and each branches', () => {
    const source = '{#if ok}<b>Saved</b>{:else}{#each items as item}<i>Item</i>{/each}{/if}';
    expect(findLiteralText(source).map((hit) => hit.text)).toEqual(['Saved', 'Item']);
  });
});
