import { describe, expect, it } from 'vitest';

import { subjectText, validateRequest } from '/@/src-main/certs/request-fields';
import { translate } from '/@/src-main/shared';

const base = { cn: 'cmg.contoso.com' };
const errorKeys = (input: Parameters<typeof validateRequest>[0]): string[] =>
  validateRequest(input).errors.map((error) => `${error.field}:${error.key}`);

describe('validateRequest', () => {
  it('should return a normalized request with the CN first in the SANs when every field is valid', () => {
    const result = validateRequest({
      ...base,
      sans: ['CMG.contoso.com', 'cmg2.contoso.com', ' cmg2.contoso.com '],
      org: ' Contoso Ltée ',
      country: 'be',
      keySize: 4096,
      provider: 'ksp',
    });
    expect(result.errors).toEqual([]);
    expect(result.request).toMatchObject({
      cn: 'cmg.contoso.com',
      sans: ['cmg.contoso.com', 'cmg2.contoso.com'],
      org: 'Contoso Ltée',
      country: 'BE',
      keySize: 4096,
      provider: 'ksp',
    });
  });

  it('should default to RSA 2048 and the SChannel provider when they are not given', () => {
    expect(validateRequest(base).request).toMatchObject({
      keySize: 2048,
      provider: 'schannel',
      sans: ['cmg.contoso.com'],
    });
  });

  it.each([
    ['"', 'org:certs.field.specialCharacter'],
    [',', 'org:certs.field.specialCharacter'],
    ['+', 'org:certs.field.specialCharacter'],
    ['=', 'org:certs.field.specialCharacter'],
    [';', 'org:certs.field.specialCharacter'],
    ['<', 'org:certs.field.specialCharacter'],
    ['\\', 'org:certs.field.specialCharacter'],
    ['\n', 'org:certs.field.controlCharacter'],
    ['\u0000', 'org:certs.field.controlCharacter'],
    ['\u2028', 'org:certs.field.controlCharacter'],
  ])('should refuse the organization when it contains %j', (character, expected) => {
    expect(errorKeys({ ...base, org: `Contoso${character}Evil` })).toEqual([expected]);
  });

  it('should refuse a value starting with # when it would read as a hex DN value', () => {
    expect(errorKeys({ ...base, ou: '#IT' })).toEqual(['ou:certs.field.leadingHash']);
  });

  it('should apply the X.520 bounds when fields are at and past their limits', () => {
    expect(errorKeys({ ...base, org: 'o'.repeat(64), locality: 'l'.repeat(128) })).toEqual([]);
    expect(errorKeys({ ...base, org: 'o'.repeat(65) })).toEqual(['org:certs.field.tooLong']);
    expect(errorKeys({ ...base, state: 's'.repeat(129) })).toEqual(['state:certs.field.tooLong']);
  });

  it('should answer quickly with a short message when a field holds 10 MB', () => {
    const result = validateRequest({
      ...base,
      ou: 'x'.repeat(10 * 1024 * 1024),
      cn: 'y'.repeat(10 * 1024 * 1024),
    });
    expect(result.errors.map((error) => error.key)).toEqual(['certs.field.tooLong', 'certs.field.tooLong']);
    expect(JSON.stringify(result.errors).length).toBeLessThan(500);
  });

  it.each([
    ['B', 'country:certs.field.countryFormat'],
    ['BEL', 'country:certs.field.countryFormat'],
    ['UK', 'country:certs.field.countryUnknown'],
    ['ZZ', 'country:certs.field.countryUnknown'],
  ])('should refuse the country "%s"', (country, expected) => {
    expect(errorKeys({ ...base, country })).toEqual([expected]);
  });

  it('should refuse key sizes other than 2048 and 4096', () => {
    expect(errorKeys({ ...base, keySize: 1024 })).toEqual(['keySize:certs.field.keySize']);
    expect(errorKeys({ ...base, keySize: 3072 })).toEqual(['keySize:certs.field.keySize']);
  });

  it('should refuse a bad SAN and warn about a wildcard SAN', () => {
    const result = validateRequest({ ...base, sans: ['bad name.com', '*.contoso.com', 'a.b\nc.com'] });
    expect(result.errors.map((error) => error.key)).toEqual([
      'certs.field.sanInvalid',
      'certs.field.sanInvalid',
    ]);
    expect(result.warnings.map((warning) => warning.key)).toContain('certs.field.sanWildcard');
    expect(JSON.stringify(result.errors)).not.toContain('\n');
  });

  it('should refuse a CN that breaks the CMG rules with the CN analysis attached', () => {
    const result = validateRequest({ cn: 'cmg-prod.contoso.com' });
    expect(result.errors.map((error) => `${error.field}:${error.key}`)).toEqual([
      'cn:certs.cn.prefixCharacters',
    ]);
    expect(result.cnAnalysis.kind).toBe('invalid');
  });

  it('should refuse a renewal when the CN differs from the previous one only by case', () => {
    expect(errorKeys({ ...base, previousCn: 'CMG.contoso.com' })).toEqual([
      'cn:certs.field.renewalCnChanged',
    ]);
    expect(errorKeys({ ...base, previousCn: 'cmg.contoso.com' })).toEqual([]);
  });
});

describe('invisible characters in the request', () => {
  const invisible = [
    ['right-to-left override', '\u202e'],
    ['zero-width space', '\u200b'],
    ['zero-width joiner', '\u200d'],
    ['byte order mark inside', 'a\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['left-to-right isolate', '\u2066'],
    ['Hangul filler', '\u3164'],
    ['private use', '\ue000'],
  ] as const;

  it.each(invisible)('should refuse a %s in every subject field with a localized message', (_name, ch) => {
    const result = validateRequest({
      cn: `cmg${ch}x.contoso.com`,
      org: `Contoso${ch}SA`,
      ou: `IT${ch}x`,
      locality: `Brus${ch}sels`,
      state: `Bru${ch}xelles`,
    });
    const byField = Object.fromEntries(result.errors.map((error) => [error.field, error.key]));
    expect(byField).toEqual({
      cn: 'certs.field.formatCharacter',
      org: 'certs.field.formatCharacter',
      ou: 'certs.field.formatCharacter',
      locality: 'certs.field.formatCharacter',
      state: 'certs.field.formatCharacter',
    });
    expect(result.request).toBeUndefined();
  });

  it.each(invisible)('should refuse a %s in a SAN', (_name, ch) => {
    const result = validateRequest({ cn: 'cmg.contoso.com', sans: [`cmg${ch}.contoso.com`] });
    expect(result.errors).toEqual([{ field: 'sans', key: 'certs.field.formatCharacter', params: {} }]);
  });

  it('should explain the refusal in French and Dutch without leaving the key untranslated', () => {
    for (const locale of ['fr', 'nl'] as const) {
      const text = translate(locale, 'certs.field.formatCharacter');
      expect(text).not.toBe('certs.field.formatCharacter');
      expect(text).not.toBe(translate('en', 'certs.field.formatCharacter'));
    }
  });

  it('should keep accepting accented letters and ordinary spaces', () => {
    const result = validateRequest({ cn: 'cmg.contoso.com', org: 'Société Générale', locality: 'Liège' });
    expect(result.errors).toEqual([]);
  });
});

describe('subjectText', () => {
  it('should spell the state S= for certreq and ST= for display', () => {
    const request = validateRequest({
      ...base,
      ou: 'IT',
      org: 'Contoso',
      locality: 'Gent',
      state: 'OVL',
      country: 'BE',
    }).request!;
    expect(subjectText(request, 'windows')).toBe('CN=cmg.contoso.com, OU=IT, O=Contoso, L=Gent, S=OVL, C=BE');
    expect(subjectText(request)).toContain('ST=OVL');
  });
});
