import { describe, expect, it } from 'vitest';

import { compileFilter, FilterError } from '/@/src-main/rehearsal/filter';

const PROPERTIES = ['id', 'displayName', 'appId', 'tags', 'accountEnabled', 'principalId'];
const rows = [
  {
    id: '1',
    displayName: 'ConfigMgrService',
    appId: 'AAAA',
    tags: ['comanage-assistant'],
    accountEnabled: true,
    principalId: null,
  },
  { id: '2', displayName: "O'Brien", appId: 'bbbb', tags: [], accountEnabled: false, principalId: 'p' },
  { id: '3', displayName: 'ConfigMgrClient', appId: 'cccc', tags: ['other'], accountEnabled: true },
];
const ids = (filter: string): string[] => rows.filter(compileFilter(filter, PROPERTIES)).map((row) => row.id);

describe('compileFilter', () => {
  it('should compare strings case-insensitively when eq is used', () => {
    expect(ids("displayname eq 'configmgrservice'")).toEqual(['1']);
    expect(ids("appId eq 'aaaa'")).toEqual(['1']);
  });

  it("should unescape doubled quotes when a literal contains '", () => {
    expect(ids("displayName eq 'O''Brien'")).toEqual(['2']);
  });

  it('should support startswith, any(), ne, booleans, null, not, and/or with parentheses', () => {
    expect(ids("startswith(displayName,'configmgr')")).toEqual(['1', '3']);
    expect(ids("tags/any(t:t eq 'comanage-assistant')")).toEqual(['1']);
    expect(ids("displayName ne 'ConfigMgrClient'")).toEqual(['1', '2']);
    expect(ids('accountEnabled eq false')).toEqual(['2']);
    expect(ids('principalId eq null')).toEqual(['1', '3']);
    expect(ids("not (appId eq 'bbbb') and (startswith(displayName,'Config') or id eq '2')")).toEqual([
      '1',
      '3',
    ]);
  });

  it('should throw a syntax error when the clause is malformed', () => {
    for (const filter of [
      "displayName eq 'x",
      'displayName eq',
      "(displayName eq 'x'",
      "displayName eq 'x' extra",
      "tags/any(t:u eq 'x')",
      '$%^',
      '',
    ]) {
      expect(() => compileFilter(filter, PROPERTIES), filter).toThrow(FilterError);
    }
  });

  it('should flag unsupported operators and functions as unsupported, not as syntax errors', () => {
    for (const filter of ["displayName gt 'a'", "endswith(displayName,'x')", "tags/all(t:t eq 'x')"]) {
      try {
        compileFilter(filter, PROPERTIES);
        expect.unreachable(filter);
      } catch (error) {
        expect((error as FilterError).kind, filter).toBe('unsupported');
      }
    }
  });

  it('should reject a property the type does not declare', () => {
    expect(() => compileFilter("passwordCredentials eq 'x'", PROPERTIES)).toThrow(
      /Could not find a property/,
    );
  });

  it('should refuse a filter longer than Graph accepts', () => {
    expect(() => compileFilter(`displayName eq '${'x'.repeat(3000)}'`, PROPERTIES)).toThrow(/too long/);
  });
});
