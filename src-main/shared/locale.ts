// Service-side message catalogues, one folder per domain so modules don't edit the same file.
// The renderer has its own UI catalogues (src-renderer/i18n); a unit test keeps all in step.
import type { MessageParams } from './errors';
import certs_en from './messages/certs/en.json';
import certs_fr from './messages/certs/fr.json';
import certs_nl from './messages/certs/nl.json';
import cli_en from './messages/cli/en.json';
import cli_fr from './messages/cli/fr.json';
import cli_nl from './messages/cli/nl.json';
import common_en from './messages/common/en.json';
import common_fr from './messages/common/fr.json';
import common_nl from './messages/common/nl.json';
import configmgr_en from './messages/configmgr/en.json';
import configmgr_fr from './messages/configmgr/fr.json';
import configmgr_nl from './messages/configmgr/nl.json';
import fsio_en from './messages/fsio/en.json';
import fsio_fr from './messages/fsio/fr.json';
import fsio_nl from './messages/fsio/nl.json';
import graph_en from './messages/graph/en.json';
import graph_fr from './messages/graph/fr.json';
import graph_nl from './messages/graph/nl.json';
import identity_en from './messages/identity/en.json';
import identity_fr from './messages/identity/fr.json';
import identity_nl from './messages/identity/nl.json';
import inspect_en from './messages/inspect/en.json';
import inspect_fr from './messages/inspect/fr.json';
import inspect_nl from './messages/inspect/nl.json';
import intune_en from './messages/intune/en.json';
import intune_fr from './messages/intune/fr.json';
import intune_nl from './messages/intune/nl.json';
import logs_en from './messages/logs/en.json';
import logs_fr from './messages/logs/fr.json';
import logs_nl from './messages/logs/nl.json';
import rehearsal_en from './messages/rehearsal/en.json';
import rehearsal_fr from './messages/rehearsal/fr.json';
import rehearsal_nl from './messages/rehearsal/nl.json';
import secrets_en from './messages/secrets/en.json';
import secrets_fr from './messages/secrets/fr.json';
import secrets_nl from './messages/secrets/nl.json';
import state_en from './messages/state/en.json';
import state_fr from './messages/state/fr.json';
import state_nl from './messages/state/nl.json';

export const LOCALES = ['en', 'fr', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Readonly<Record<string, string>>;
export const SERVICE_CATALOGUES: Readonly<Record<Locale, Catalogue>> = {
  en: {
    ...common_en,
    ...fsio_en,
    ...certs_en,
    ...graph_en,
    ...identity_en,
    ...rehearsal_en,
    ...secrets_en,
    ...state_en,
    ...cli_en,
    ...inspect_en,
    ...intune_en,
    ...configmgr_en,
    ...logs_en,
  },
  fr: {
    ...common_fr,
    ...fsio_fr,
    ...certs_fr,
    ...graph_fr,
    ...identity_fr,
    ...rehearsal_fr,
    ...secrets_fr,
    ...state_fr,
    ...cli_fr,
    ...inspect_fr,
    ...intune_fr,
    ...configmgr_fr,
    ...logs_fr,
  },
  nl: {
    ...common_nl,
    ...fsio_nl,
    ...certs_nl,
    ...graph_nl,
    ...identity_nl,
    ...rehearsal_nl,
    ...secrets_nl,
    ...state_nl,
    ...cli_nl,
    ...inspect_nl,
    ...intune_nl,
    ...configmgr_nl,
    ...logs_nl,
  },
};

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
