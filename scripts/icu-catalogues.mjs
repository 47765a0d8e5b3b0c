// Build step for the renderer: the ICU templates of src-renderer/i18n/{en,fr,nl}.json are replaced by
// their parsed form, so the first-screen bundle carries intl-messageformat's formatter but not its
// parser (about 36 kB minified). Plain `{name}` templates stay strings: they never need the parser.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { parse } from '@formatjs/icu-messageformat-parser';

const CATALOGUE = /[\\/]src-renderer[\\/]i18n[\\/](?:en|fr|nl)\.json$/u;
const PREFIX = '\0icu-catalogue:';
// Same rule as src-renderer/i18n/message-format.ts.
const SIMPLE_TEMPLATE = /^(?:[^{}']|\{\w+\})*$/u;

/** @param {Record<string, string>} catalogue */
export function precompileCatalogue(catalogue) {
  return Object.fromEntries(
    Object.entries(catalogue).map(([key, template]) => [
      key,
      SIMPLE_TEMPLATE.test(template) ? template : parse(template, { ignoreTag: true }),
    ]),
  );
}

/** @returns {import('vite').Plugin} */
export function icuCatalogues() {
  return {
    name: 'icu-catalogues',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.json')) return null;
      const file = resolve(dirname(importer), source);
      // The `.js` suffix keeps Vite's JSON plugin away from the generated module.
      return CATALOGUE.test(file) ? `${PREFIX}${file}.js` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      this.addWatchFile(file);
      const catalogue = precompileCatalogue(JSON.parse(readFileSync(file, 'utf8')));
      return `export default ${JSON.stringify(catalogue)};`;
    },
  };
}
