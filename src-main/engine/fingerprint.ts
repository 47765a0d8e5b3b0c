import { createHash } from 'node:crypto';

/**
 * A short, stable digest of what observe saw: keys are sorted, so the same facts always give the
 * same fingerprint whatever order they were read in.
 */
export function fingerprintOf(facts: unknown): string {
  return createHash('sha256').update(canonical(facts)).digest('base64url').slice(0, 22);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
