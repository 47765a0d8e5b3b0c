import { describe, expect, it } from 'vitest';

import { cnFormCheck } from '../../../../../src-main/certs/inspect/checks-certificate';
import { checkMaker } from '../../../../../src-main/certs/inspect/make-check';

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
