import { describe, expect, it } from 'vitest';

import { compileDisplayNameFilter } from '/@/src-main/rehearsal/intune';

const rows = [
  { displayName: 'ConfigMgr client', publisher: 'Microsoft', fileName: 'ccmsetup.msi' },
  { displayName: "O'Brien and Co tools", publisher: 'Contoso', fileName: 'tools.msi' },
  { displayName: 'ccmsetup (pilot)', publisher: 'Microsoft', fileName: 'ccmsetup.msi' },
  { displayName: 42, publisher: null, fileName: undefined },
];

function matching(filter: string): unknown[] {
  const compiled = compileDisplayNameFilter(filter);
  if (!compiled.ok) throw new Error(compiled.message);
  return rows.filter(compiled.test).map((row) => row.displayName);
}

describe('compileDisplayNameFilter', () => {
  it('should match case-insensitively when eq is used', () => {
    expect(matching("displayName eq 'configmgr CLIENT'")).toEqual(['ConfigMgr client']);
    expect(matching("DisplayName eq 'nothing'")).toEqual([]);
  });

  it('should unescape doubled quotes and keep " and " inside literals when a name contains them', () => {
    expect(matching("displayName eq 'O''Brien and Co tools'")).toEqual(["O'Brien and Co tools"]);
  });

  it('should combine clauses when and joins startswith, contains and ne', () => {
    expect(matching("startswith(displayName,'ccm') and publisher eq 'Microsoft'")).toEqual([
      'ccmsetup (pilot)',
    ]);
    expect(matching("contains(fileName, 'setup') and displayName ne 'ConfigMgr client'")).toEqual([
      'ccmsetup (pilot)',
    ]);
  });

  it('should refuse properties, operators and syntax outside the subset', () => {
    for (const filter of [
      'size gt 3',
      "id eq 'x'",
      "displayName eq 'unterminated",
      "displayName eq 'a' or displayName eq 'b'",
      "endswith(displayName,'x')",
      '',
      "displayName eq 'x'".repeat(200),
    ]) {
      const compiled = compileDisplayNameFilter(filter);
      expect(compiled.ok, filter.slice(0, 40)).toBe(false);
    }
  });

  it('should quote at most 200 characters of the clause when it refuses one', () => {
    const compiled = compileDisplayNameFilter(`bogus ${'x'.repeat(1500)}`);
    expect(!compiled.ok && compiled.message.length).toBeLessThan(300);
  });
});
