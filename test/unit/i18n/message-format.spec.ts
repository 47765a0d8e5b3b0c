import { afterEach, describe, expect, it } from 'vitest';

import { formatMessage as formatNodeMessage } from '/@/src-main/shared/message-format';
import { formatMessage as formatUiMessage } from '/@/src-renderer/i18n/message-format';

const NNBSP = '\u202F';
const CERTIFICATES = '{count, plural, one {# certificate} other {# certificates}}';
const CERTIFICATS = '{count, plural, one {# certificat} other {# certificats}}';
const CERTIFICATEN = '{count, plural, one {# certificaat} other {# certificaten}}';
// Noon UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
const NOON_UTC = '2027-12-04T12:00:00.000Z';

// The Node side and the renderer each have their formatter; both must behave the same.
describe.each([
  { side: 'Node', format: formatNodeMessage },
  { side: 'renderer', format: formatUiMessage },
])('formatMessage ($side)', ({ format }) => {
  const originalTz = process.env['TZ'];
  afterEach(() => {
    if (originalTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalTz;
  });

  it('should choose the plural form of each language when a count is given', () => {
    expect([1, 3].map((count) => format('en', CERTIFICATES, { count }))).toEqual([
      '1 certificate',
      '3 certificates',
    ]);
    // French counts 0 and 1 as singular; Dutch and English say "0 …s".
    expect([0, 1, 2].map((count) => format('fr', CERTIFICATS, { count }))).toEqual([
      '0 certificat',
      '1 certificat',
      '2 certificats',
    ]);
    expect([0, 1, 2].map((count) => format('nl', CERTIFICATEN, { count }))).toEqual([
      '0 certificaten',
      '1 certificaat',
      '2 certificaten',
    ]);
  });

  it('should write a date in the words of each language when an ISO string is passed', () => {
    const template = 'expires on {date, date, medium}';
    expect(format('en', template, { date: NOON_UTC })).toBe('expires on Dec 4, 2027');
    expect(format('fr', 'expire le {date, date, medium}', { date: NOON_UTC })).toBe('expire le 4 déc. 2027');
    expect(format('nl', 'verloopt op {date, date, medium}', { date: NOON_UTC })).toBe(
      'verloopt op 4 dec 2027',
    );
  });

  it('should keep a calendar day on its day when the time zone is west of UTC', () => {
    process.env['TZ'] = 'America/Los_Angeles';
    expect(format('en', '{day, date, medium}', { day: '2027-12-04' })).toBe('Dec 4, 2027');
  });

  it('should group digits the French way when a number argument is formatted', () => {
    expect(format('fr', '{max, number} octets', { max: 10_485_760 })).toBe(`10${NNBSP}485${NNBSP}760 octets`);
    expect(format('nl', '{max, number} bytes', { max: 10_485_760 })).toBe('10.485.760 bytes');
    expect(format('en', '{max, number} bytes', { max: 10_485_760 })).toBe('10,485,760 bytes');
  });

  it('should print a plain argument as given when it is a port or a key size', () => {
    expect(format('en', 'Port {port}, {bits} bits', { port: 65535, bits: 4096 })).toBe(
      'Port 65535, 4096 bits',
    );
  });

  it('should keep angle-bracket placeholders as text when a template shows <region>', () => {
    expect(format('fr', '{n, plural, one {# nom} other {# noms}} : <prefix>.<region>', { n: 2 })).toBe(
      '2 noms : <prefix>.<region>',
    );
  });

  it('should keep the slot visible and not throw when a param is missing', () => {
    expect(format('en', 'Version {version}')).toBe('Version {version}');
    expect(() => format('en', CERTIFICATES)).not.toThrow();
    expect(format('en', `${CERTIFICATES} in {file}`, { file: 'a.pfx' })).toContain('a.pfx');
  });

  it('should return readable text and not throw when a template is broken', () => {
    expect(format('en', 'Broken {count, plural, one {x}', { count: 1 })).toContain('Broken');
  });

  it('should not interpret replacement patterns when a param contains dollar signs', () => {
    expect(format('en', 'Tenant: {tenant}', { tenant: "$& $1 $' ok" })).toBe("Tenant: $& $1 $' ok");
    expect(format('en', '{n, plural, other {# for {tenant}}}', { n: 2, tenant: '$&' })).toBe('2 for $&');
  });

  it('should keep typographic apostrophes when a French message has an ICU argument', () => {
    expect(
      format('fr', 'l’autorité a {n, plural, one {# avertissement} other {# avertissements}}', { n: 2 }),
    ).toBe('l’autorité a 2 avertissements');
  });
});
