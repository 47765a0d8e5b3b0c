import { describe, expect, it } from 'vitest';

import { cnFormCheck } from '/@/src-main/certs/inspect/checks-certificate';
import { checkMaker } from '/@/src-main/certs/inspect/make-check';

describe('cnFormCheck', () => {
  it('should spell out the name problems in the admin’s language when the CN is not a usable CMG name', () => {
    for (const locale of ['en', 'fr', 'nl'] as const) {
      const check = cnFormCheck(checkMaker(locale), 'cmg_bad..contoso', locale);
      expect(check.severity).toBe('error');
      expect(check.message).not.toContain('[object');
      expect(check.message).not.toMatch(/\{problems\}/);
      expect(check.message.length).toBeGreaterThan(20);
    }
  });
});

describe('cnFormCheck uses the same name analysis as the request form', () => {
  const make = checkMaker('en');

  it('should say the CN is a wildcard, with the wildcard warning, instead of an empty prefix', () => {
    const check = cnFormCheck(make, '*.contoso.com', 'en');
    expect(check).toMatchObject({ severity: 'warning', messageKey: 'inspect.cn.wildcard' });
    expect(check.message).not.toMatch(/use\s+as/);
    expect(check.message).toContain('ConfigMgr then asks for the CMG service name separately');
  });

  it('should show the unknown-region warning that csr gives for a scale-set name', () => {
    const check = cnFormCheck(make, 'contosocmg.westeuorpe.cloudapp.azure.com', 'en');
    expect(check.severity).toBe('warning');
    expect(check.message).toContain('"westeuorpe" is not an Azure region');
  });

  it('should warn and explain the Azure prefix and the renewal case when the CN has capitals', () => {
    const check = cnFormCheck(make, 'GraniteFalls.contoso.com', 'en');
    expect(check).toMatchObject({ severity: 'warning', messageKey: 'inspect.cn.custom' });
    expect(check.message).toContain('granitefalls');
    expect(check.message).toContain('same capitals');
  });

  it('should refuse a cloudapp.net CN once, with its own message and hint', () => {
    const check = cnFormCheck(make, 'contosocmg.cloudapp.net', 'en');
    expect(check).toMatchObject({ severity: 'error', messageKey: 'inspect.cn.legacy' });
    expect(check.message.match(/cloudapp\.net/g)).toHaveLength(2);
    expect(check.hint).toContain('custom name');
  });

  it('should pass a lowercase custom name without warnings', () => {
    expect(cnFormCheck(make, 'cmg.contoso.com', 'en').severity).toBe('pass');
  });
});
