// Numbers, sizes, rates and durations in the admin's language (Intl), never hand-built strings.
import type { Locale } from '../../src-main/ipc/contract';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** `1 536 000` bytes → "1,5 Mo" (fr) / "1.5 MB" (en): decimal units, as Windows Explorer's sizes read. */
export function formatBytes(bytes: number, locale: Locale): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Bytes per second → "2.4 MB/s". */
export function formatRate(bytesPerSecond: number, locale: Locale): string {
  const perSecond = formatBytes(bytesPerSecond, locale);
  return `${perSecond}/s`;
}

/** Seconds → "1 min 5 s" / "5 s", with Intl's unit names. */
export function formatDuration(seconds: number, locale: Locale): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  const unit = (value: number, name: 'minute' | 'second'): string =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (minutes === 0) return unit(rest, 'second');
  return rest === 0 ? unit(minutes, 'minute') : `${unit(minutes, 'minute')} ${unit(rest, 'second')}`;
}

/** An ISO date → the locale's medium date ("4 déc. 2027"), not 2027-12-04. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** Only Microsoft Learn pages are linked from the UI (the desktop shell opens them in the browser). */
export function isLearnLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' && url.hostname === 'learn.microsoft.com' && url.username === '';
  } catch {
    return false;
  }
}
