/**
 * The `$filter` subset clients use to find an existing LOB app before creating one:
 * `displayName eq '…'`, `startswith(displayName,'…')`, `contains(displayName,'…')` (also on
 * publisher and fileName), joined with `and`. String literals double their quotes (`''`).
 * Graph compares these case-insensitively.
 */
export type FilterResult =
  | { readonly ok: true; readonly test: (row: Record<string, unknown>) => boolean }
  | { readonly ok: false; readonly message: string };

const PROPERTIES = ['displayName', 'publisher', 'fileName'];
const LITERAL = `'((?:[^']|'')*)'`;
const CLAUSES: readonly { pattern: RegExp; compare: (actual: string, wanted: string) => boolean }[] = [
  { pattern: new RegExp(`^(\\w+)\\s+eq\\s+${LITERAL}$`, 'i'), compare: (a, w) => a === w },
  { pattern: new RegExp(`^(\\w+)\\s+ne\\s+${LITERAL}$`, 'i'), compare: (a, w) => a !== w },
  {
    pattern: new RegExp(`^startswith\\(\\s*(\\w+)\\s*,\\s*${LITERAL}\\s*\\)$`, 'i'),
    compare: (a, w) => a.startsWith(w),
  },
  {
    pattern: new RegExp(`^contains\\(\\s*(\\w+)\\s*,\\s*${LITERAL}\\s*\\)$`, 'i'),
    compare: (a, w) => a.includes(w),
  },
];

export function compileDisplayNameFilter(text: string): FilterResult {
  if (text.length > 2000) return { ok: false, message: 'The $filter expression is too long.' };
  const tests: ((row: Record<string, unknown>) => boolean)[] = [];
  for (const clause of splitOnAnd(text.trim())) {
    const compiled = compileClause(clause.trim());
    if (!compiled) return { ok: false, message: `Invalid filter clause: '${clause.trim().slice(0, 200)}'.` };
    tests.push(compiled);
  }
  return { ok: true, test: (row) => tests.every((test) => test(row)) };
}

function compileClause(clause: string): ((row: Record<string, unknown>) => boolean) | null {
  for (const { pattern, compare } of CLAUSES) {
    const match = pattern.exec(clause);
    if (!match) continue;
    const property = PROPERTIES.find((name) => name.toLowerCase() === (match[1] ?? '').toLowerCase());
    if (!property) return null;
    const wanted = (match[2] ?? '').replace(/''/g, "'").toLowerCase();
    return (row) => {
      const actual = row[property];
      return typeof actual === 'string' && compare(actual.toLowerCase(), wanted);
    };
  }
  return null;
}

/** Splits on ` and ` outside string literals. */
function splitOnAnd(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === "'") inString = !inString;
    if (!inString && /^\s+and\s+/i.test(text.slice(index)) && /\s/.test(char)) {
      const skip = /^\s+and\s+/i.exec(text.slice(index))?.[0].length ?? 0;
      parts.push(current);
      current = '';
      index += skip - 1;
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}
