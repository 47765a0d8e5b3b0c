import { describe, expect, it } from 'vitest';

import {
  formatMessageRefs,
  isValidDnsName,
  maxPublicLifetimeDays,
  parseCmgName,
  PUBLIC_CA_LIFETIME_SCHEDULE,
  suggestCmgName,
} from '/@/src-main/certs/cn-rules';

const keys = (refs: readonly { key: string }[]): string[] => refs.map((ref) => ref.key);

describe('parseCmgName', () => {
  it('should read prefix and region and warn about the enterprise CA when the CN is a VMSS name', () => {
    const name = parseCmgName('contosocmg.westeurope.cloudapp.azure.com');
    expect(name).toMatchObject({ kind: 'vmss', prefix: 'contosocmg', region: 'westeurope' });
    expect(name.azureName).toBe('contosocmg.westeurope.cloudapp.azure.com');
    expect(keys(name.problems)).toEqual([]);
    expect(keys(name.warnings)).toEqual(['certs.cn.enterpriseCaOnly']);
  });

  it('should warn about an unknown region when the VMSS region is misspelled', () => {
    expect(keys(parseCmgName('contosocmg.westeuorpe.cloudapp.azure.com').warnings)).toContain(
      'certs.cn.regionUnknown',
    );
  });

  it('should derive the CNAME target from the first label when the CN is a custom domain name', () => {
    const name = parseCmgName('cmg.contoso.com', { region: 'westeurope' });
    expect(name.kind).toBe('custom');
    expect(name.prefix).toBe('cmg');
    expect(name.cname).toEqual({ from: 'cmg.contoso.com', to: 'cmg.westeurope.cloudapp.azure.com' });
    expect(name.azureName).toBe('cmg.westeurope.cloudapp.azure.com');
  });

  it('should use a region placeholder in the CNAME when no region is chosen yet', () => {
    expect(parseCmgName('cmg.contoso.com').cname?.to).toBe('cmg.<region>.cloudapp.azure.com');
  });

  it.each(['mycsg.cloudapp.net', 'My-CSG.cloudapp.net', 'a.b.cloudapp.net'])(
    'should refuse with one finding, said once, when the CN "%s" is under the retired cloudapp.net',
    (cn) => {
      const name = parseCmgName(cn);
      expect(name.kind).toBe('invalid');
      expect(keys(name.problems)).toEqual(['certs.cn.legacyCloudappNet']);
      expect(name.warnings).toEqual([]);
    },
  );

  it('should warn, not refuse, when the CN has capitals as in Microsoft’s GraniteFalls.contoso.com', () => {
    const name = parseCmgName('GraniteFalls.contoso.com');
    expect(name).toMatchObject({ kind: 'custom', prefix: 'GraniteFalls', problems: [] });
    expect(name.cname?.to).toBe('granitefalls.<region>.cloudapp.azure.com');
    expect(name.warnings).toEqual([
      {
        key: 'certs.cn.uppercase',
        params: { cn: 'GraniteFalls.contoso.com', prefix: 'GraniteFalls', lower: 'granitefalls' },
      },
    ]);
    const text = formatMessageRefs(name.warnings, 'en');
    expect(text).toContain('Azure name prefix');
    expect(text).toContain('renewal must carry exactly "GraniteFalls.contoso.com"');
  });

  it('should propose a valid name and allow hyphens elsewhere when the first label has a hyphen', () => {
    const name = parseCmgName('contoso-cmg.my-company.com');
    expect(name.problems).toEqual([
      {
        key: 'certs.cn.prefixCharacters',
        params: { prefix: 'contoso-cmg', suggestion: 'contosocmg.my-company.com' },
      },
    ]);
    expect(parseCmgName('contosocmg.my-company.com').kind).toBe('custom');
    const text = formatMessageRefs(name.problems, 'en');
    expect(text).toContain('"contosocmg.my-company.com"');
    expect(text).toContain('the other labels of a DNS name may have hyphens');
  });

  it.each([
    ['cm.contoso.com', 'cmcmg.contoso.com'],
    ['abcdefghijklmnopqrstuvwxy.contoso.com', 'abcdefghijklmnopqrstuvwx.contoso.com'],
    ['*.contoso.com', 'cmg.contoso.com'],
  ])('should suggest a usable CMG name for "%s"', (cn, expected) => {
    const suggestion = suggestCmgName(cn);
    expect(suggestion).toBe(expected);
    expect(parseCmgName(suggestion as string).problems).toEqual([]);
  });

  it.each([
    ['cmg-prod.contoso.com', 'certs.cn.prefixCharacters'],
    ['cm.contoso.com', 'certs.cn.prefixLength'],
    ['abcdefghijklmnopqrstuvwxy.contoso.com', 'certs.cn.prefixLength'],
    ['cmg', 'certs.cn.notDnsName'],
    ['cmg.contoso.com.', 'certs.cn.notDnsName'],
    ['', 'certs.cn.empty'],
    ['cmg.cloudapp.azure.com', 'certs.cn.azureDomainShape'],
    ['*.westeurope.cloudapp.azure.com', 'certs.cn.wildcardAzure'],
  ])('should be invalid when the CN is "%s"', (cn, key) => {
    const name = parseCmgName(cn);
    expect(name.kind).toBe('invalid');
    expect(keys(name.problems)).toContain(key);
  });

  it('should refuse without echoing the value when the CN is longer than 64 characters', () => {
    const name = parseCmgName(`${'a'.repeat(70)}.contoso.com`);
    expect(keys(name.problems)).toEqual(['certs.cn.tooLong']);
    expect(JSON.stringify(name.problems)).not.toContain('aaaaaaaaaa');
  });

  it('should accept a wildcard CN with a warning and no prefix when it is under a custom domain', () => {
    const name = parseCmgName('*.contoso.com');
    expect(name).toMatchObject({ kind: 'custom', prefix: null });
    expect(keys(name.warnings)).toEqual(['certs.cn.wildcard']);
  });

  it('should localize findings into one line when formatted in French', () => {
    const text = formatMessageRefs(parseCmgName('cmg-prod.contoso.com').problems, 'fr');
    expect(text).toContain('cmg-prod');
    expect(text).not.toContain('certs.cn');
  });
});

describe('isValidDnsName', () => {
  it.each(['cmg.contoso.com', 'a-b.c.example', 'xn--bcher-kva.example'])('should accept %s', (name) => {
    expect(isValidDnsName(name)).toBe(true);
  });

  it.each([
    '',
    'localhost',
    '-a.contoso.com',
    'a-.contoso.com',
    'a..b',
    '1.2.3.4',
    'a b.com',
    'é.com',
    `${'a'.repeat(64)}.com`,
  ])('should refuse "%s"', (name) => {
    expect(isValidDnsName(name)).toBe(false);
  });

  it('should accept a wildcard only as the whole first label when wildcards are allowed', () => {
    expect(isValidDnsName('*.contoso.com', { allowWildcard: true })).toBe(true);
    expect(isValidDnsName('*.contoso.com')).toBe(false);
    expect(isValidDnsName('cmg*.contoso.com', { allowWildcard: true })).toBe(false);
    expect(isValidDnsName('*.com', { allowWildcard: true })).toBe(false);
  });
});

describe('maxPublicLifetimeDays', () => {
  it('should follow the CA/Browser Forum steps when dates fall on each side of them', () => {
    expect(maxPublicLifetimeDays(new Date('2026-03-14T23:59:59Z'))).toBe(398);
    expect(maxPublicLifetimeDays(new Date('2026-03-15T00:00:00Z'))).toBe(200);
    expect(maxPublicLifetimeDays(new Date('2027-03-15T00:00:00Z'))).toBe(100);
    expect(maxPublicLifetimeDays(new Date('2029-03-14T00:00:00Z'))).toBe(100);
    expect(maxPublicLifetimeDays(new Date('2029-03-15T00:00:00Z'))).toBe(47);
    expect(PUBLIC_CA_LIFETIME_SCHEDULE.map((step) => step.maxDays)).toEqual([200, 100, 47]);
  });
});
