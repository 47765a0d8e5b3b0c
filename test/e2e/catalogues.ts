import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Locale } from '/@/src-main/shared/locale';
import { formatMessage } from '/@/src-main/shared/message-format';
import { STAGE_IDS, type StageId, type StageStatus } from '/@/src-main/shared/stages';

// Not imported from shared/locale: that module imports JSON, which Node's ESM loader refuses
// without import attributes under Playwright.
export const LOCALES: readonly Locale[] = ['en', 'fr', 'nl'];
export { STAGE_IDS };
export type { Locale, StageId };

type Catalogue = Readonly<Record<string, string>>;
const catalogues = new Map<Locale, Catalogue>();

/** The renderer's own catalogue, so specs find elements by the text a person would read. */
export function catalogue(locale: Locale): Catalogue {
  let loaded = catalogues.get(locale);
  if (!loaded) {
    loaded = JSON.parse(readFileSync(resolve('src-renderer/i18n', `${locale}.json`), 'utf8')) as Catalogue;
    catalogues.set(locale, loaded);
  }
  return loaded;
}

export function text(
  locale: Locale,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = catalogue(locale)[key];
  if (template === undefined) throw new Error(`No "${key}" in the ${locale} catalogue`);
  // Soft hyphens (Dutch rail titles) are not part of what a person hears: accessible names drop them.
  return formatMessage(locale, template, params).replaceAll('\u00AD', '');
}

/** `cloud-management-gateway` → `stages.cloudManagementGateway`, as the step descriptors do. */
export function stageKey(stage: StageId, part: 'title' | 'plan'): string {
  const camel = stage.replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
  return `stages.${camel}.${part}`;
}

export function statusKey(status: StageStatus): string {
  const camel = status.replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
  return `status.${camel}`;
}

const serviceCatalogues = new Map<string, Catalogue>();

/** A host-side message (src-main/shared/messages/<domain>), as the host sends it localized. */
export function serviceText(
  locale: Locale,
  domain: string,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const id = `${domain}/${locale}`;
  let loaded = serviceCatalogues.get(id);
  if (!loaded) {
    const file = resolve('src-main/shared/messages', domain, `${locale}.json`);
    loaded = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
    serviceCatalogues.set(id, loaded);
  }
  const template = loaded[key];
  if (template === undefined) throw new Error(`No "${key}" in the ${domain}/${locale} messages`);
  return formatMessage(locale, template, params);
}
