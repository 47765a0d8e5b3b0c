import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

/** ICU templates parsed, plain `{name}` templates kept as strings. */
export function precompileCatalogue(
  catalogue: Readonly<Record<string, string>>,
): Record<string, string | MessageFormatElement[]>;

/** Vite plugin: the renderer's UI catalogues arrive precompiled, so the bundle needs no ICU parser. */
export function icuCatalogues(): Plugin;
