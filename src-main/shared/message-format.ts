// ICU MessageFormat for the service catalogues: plurals, `{n, number}`, `{d, date, medium}`.
// The renderer has a twin in src-renderer/i18n/message-format.ts (it may import only types from
// Node code); one spec runs the same cases against both so they cannot drift apart.
import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';

import type { MessageParams } from './errors';

/** A template that is only text and `{name}` slots needs no parser. */
const SIMPLE_TEMPLATE = /^(?:[^{}']|\{\w+\})*$/;
const SIMPLE_SLOT = /\{(\w+)\}/g;
/** `2027-12-04` is a calendar day: read it in local time, or it shows as the 3rd west of UTC. */
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Compiled {
  readonly format: IntlMessageFormat;
  /** Arguments used as `{x, date}` or `{x, time}`; their ISO-string params become Dates. */
  readonly dateArguments: ReadonlySet<string>;
}

// Keyed by locale and template; catalogues are finite, so the cache is bounded by them.
const compiled = new Map<string, Compiled | null>();

function collectDateArguments(elements: readonly MessageFormatElement[], into: Set<string>): void {
  for (const element of elements) {
    if (element.type === TYPE.date || element.type === TYPE.time) into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) collectDateArguments(option.value, into);
    }
    if (element.type === TYPE.tag) collectDateArguments(element.children, into);
  }
}

function compile(locale: string, template: string): Compiled | null {
  const cacheKey = `${locale}\u0000${template}`;
  const cached = compiled.get(cacheKey);
  if (cached !== undefined) return cached;
  let entry: Compiled | null;
  try {
    // ignoreTag: catalogues show placeholders such as <region> literally, they are not markup.
    const format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
    const dateArguments = new Set<string>();
    collectDateArguments(format.getAst(), dateArguments);
    entry = { format, dateArguments };
  } catch {
    entry = null; // a broken template must never crash the caller; the catalogue test catches it
  }
  compiled.set(cacheKey, entry);
  return entry;
}

function toDate(value: string | number): Date | string | number {
  if (typeof value === 'number') return new Date(value);
  const day = CALENDAR_DAY.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : date;
}

function fillSimpleSlots(template: string, params: MessageParams): string {
  return template.replace(SIMPLE_SLOT, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Formats one catalogue template in `locale`. Dates and times may be passed as ISO strings (the
 * form that crosses IPC and JSON) and are shown through Intl in the admin's language and time
 * zone. A missing param or a broken template degrades to the text with its `{slots}` visible:
 * a message is never worth a crash.
 */
export function formatMessage(locale: string, template: string, params: MessageParams = {}): string {
  if (SIMPLE_TEMPLATE.test(template)) return fillSimpleSlots(template, params);
  const entry = compile(locale, template);
  if (!entry) return fillSimpleSlots(template, params);
  const values: Record<string, PrimitiveType> = {};
  for (const [name, value] of Object.entries(params)) {
    values[name] = entry.dateArguments.has(name) ? toDate(value) : value;
  }
  try {
    return String(entry.format.format(values));
  } catch {
    return fillSimpleSlots(template, params);
  }
}
