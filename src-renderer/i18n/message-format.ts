// ICU MessageFormat for the UI catalogues: plurals, `{n, number}`, `{d, date, medium}`.
// Twin of src-main/shared/message-format.ts (the renderer may import only types from Node code);
// one spec runs the same cases against both so they cannot drift apart. In the built app the ICU
// templates arrive already parsed (scripts/icu-catalogues.mjs), so the bundle has no parser.
import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';

import type { MessageParams } from '../../src-main/ipc/contract';

/** A template that is only text and `{name}` slots needs no parser. */
const SIMPLE_TEMPLATE = /^(?:[^{}']|\{\w+\})*$/;
const SIMPLE_SLOT = /\{(\w+)\}/g;
/** `2027-12-04` is a calendar day: read it in local time, or it shows as the 3rd west of UTC. */
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A catalogue value: the template text, or its parsed form when the build precompiled it. */
export type Template = string | readonly MessageFormatElement[];

interface Compiled {
  readonly format: IntlMessageFormat;
  /** Arguments used as `{x, date}` or `{x, time}`; their ISO-string params become Dates. */
  readonly dateArguments: ReadonlySet<string>;
}

// Keyed by locale and template; catalogues are finite, so the cache is bounded by them.
const compiled = new Map<string, Compiled | null>();
const compiledAst = new Map<string, WeakMap<readonly MessageFormatElement[], Compiled | null>>();

function collectDateArguments(elements: readonly MessageFormatElement[], into: Set<string>): void {
  for (const element of elements) {
    if (element.type === TYPE.date || element.type === TYPE.time) into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) collectDateArguments(option.value, into);
    }
    if (element.type === TYPE.tag) collectDateArguments(element.children, into);
  }
}

function cacheFor(
  locale: string,
  template: Template,
): {
  get: () => Compiled | null | undefined;
  set: (entry: Compiled | null) => void;
} {
  if (typeof template === 'string') {
    const cacheKey = `${locale}\u0000${template}`;
    return { get: () => compiled.get(cacheKey), set: (entry) => compiled.set(cacheKey, entry) };
  }
  let byAst = compiledAst.get(locale);
  if (!byAst) compiledAst.set(locale, (byAst = new WeakMap()));
  const cache = byAst;
  return { get: () => cache.get(template), set: (entry) => cache.set(template, entry) };
}

function compile(locale: string, template: Template): Compiled | null {
  const cache = cacheFor(locale, template);
  const cached = cache.get();
  if (cached !== undefined) return cached;
  let entry: Compiled | null;
  try {
    // ignoreTag: catalogues show placeholders such as <region> literally, they are not markup.
    const source = typeof template === 'string' ? template : [...template];
    const format = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    const dateArguments = new Set<string>();
    collectDateArguments(format.getAst(), dateArguments);
    entry = { format, dateArguments };
  } catch {
    entry = null; // a broken template must never crash the caller; the catalogue test catches it
  }
  cache.set(entry);
  return entry;
}

function toDate(value: string | number): Date | string | number {
  if (typeof value === 'number') return new Date(value);
  const day = CALENDAR_DAY.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : date;
}

/** Readable text of a parsed template when it cannot be formatted: its `other` forms, slots kept. */
function astText(elements: readonly MessageFormatElement[]): string {
  return elements
    .map((element) => {
      if (element.type === TYPE.literal) return element.value;
      if (element.type === TYPE.pound) return '#';
      if (element.type === TYPE.plural || element.type === TYPE.select)
        return astText(element.options['other']?.value ?? []);
      if (element.type === TYPE.tag) return astText(element.children);
      return `{${element.value}}`;
    })
    .join('');
}

function fillSimpleSlots(template: Template, params: MessageParams): string {
  if (typeof template !== 'string') return fillSimpleSlots(astText(template), params);
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
export function formatMessage(locale: string, template: Template, params: MessageParams = {}): string {
  if (typeof template === 'string' && SIMPLE_TEMPLATE.test(template))
    return fillSimpleSlots(template, params);
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
