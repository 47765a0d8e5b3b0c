import { describe, expect, it } from 'vitest';

import {
  psSingleQuoted,
  tokenizePowerShell,
  validateCollectionName,
  validateFqdn,
  validateGuid,
  validateHttpsUrl,
  validateSiteCode,
} from '/@/src-main/configmgr';
import { AppError, translate } from '/@/src-main/shared';
import { randomUnicode, seededRandom } from '/@/test/support/seeded-random';

function messageKeyOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).messageKey;
  }
}

// Stated independently of the implementation: what a value may never contain.
const NEVER_ALLOWED = /[\p{Cc}\p{Cf}\u2028\u2029]|\p{Cs}/u;

describe('psSingleQuoted', () => {
  it('should double every PowerShell single-quote character when the value contains them', () => {
    expect(psSingleQuoted("It's")).toBe("'It''s'");
    expect(psSingleQuoted('don\u2019t \u2018x\u2019 \u201Ay\u201B')).toBe(
      "'don\u2019\u2019t \u2018\u2018x\u2019\u2019 \u201A\u201Ay\u201B\u201B'",
    );
  });

  it('should leave $, backticks and double quotes alone when they are inside single quotes', () => {
    expect(psSingleQuoted('$env:X `n "q" $(Get-Item)')).toBe('\'$env:X `n "q" $(Get-Item)\'');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['CR', 'a\rb'],
    ['LF', 'a\nb'],
    ['tab', 'a\tb'],
    ['line separator', 'a\u2028b'],
    ['paragraph separator', 'a\u2029b'],
    ['right-to-left override', 'a\u202Eb'],
    ['zero-width space', 'a\u200Bb'],
    ['lone surrogate', 'a\uD800b'],
  ])('should refuse a value when it contains a %s', (_name, value) => {
    expect(messageKeyOf(() => psSingleQuoted(value, 'collection'))).toBe('configmgr.value.controlChars');
  });

  it('should name the field in its localized message when it refuses a value', () => {
    const key = messageKeyOf(() => psSingleQuoted('a\nb', 'collection')) ?? '';
    expect(translate('fr', key, { field: 'collection' })).toMatch(
      /^collection\u202F: les caractères de contrôle/,
    );
  });

  it('should keep every random value inside its literal when the text is tokenized as PowerShell', () => {
    const seed = 20261204;
    const random = seededRandom(seed);
    let accepted = 0;
    for (let round = 0; round < 3000; round++) {
      const value = randomUnicode(random, 40);
      const context = `seed ${seed}, case ${round}: ${JSON.stringify(value)}`;
      let literal: string;
      try {
        literal = psSingleQuoted(value);
      } catch {
        expect(NEVER_ALLOWED.test(value), context).toBe(true);
        continue;
      }
      accepted += 1;
      const tokens = tokenizePowerShell(`$v = ${literal}; Write-Output $v # end`).filter(
        (token) => token.kind !== 'space',
      );
      expect(
        tokens.map((token) => [token.kind, token.kind === 'verbatim' ? token.value : token.text]),
        context,
      ).toEqual([
        ['word', '$v'],
        ['word', '='],
        ['verbatim', value],
        ['word', ';'],
        ['word', 'Write-Output'],
        ['word', '$v'],
        ['comment', '# end'],
      ]);
    }
    // The generator must mostly produce accepted values, or the property proves little.
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe('tokenizePowerShell', () => {
  it('should read a doubled apostrophe as one when it is inside a single-quoted string', () => {
    expect(tokenizePowerShell("'It''s'")).toEqual([{ kind: 'verbatim', text: "'It''s'", value: "It's" }]);
  });

  it('should end a single-quoted string at a typographic quote when it is not doubled', () => {
    // The trap the quoting exists for: PowerShell ends 'don’t' after "don".
    const tokens = tokenizePowerShell("'don\u2019t'");
    expect(tokens[0]).toEqual({ kind: 'verbatim', text: "'don\u2019", value: 'don' });
    expect(tokens[1]).toEqual({ kind: 'word', text: 't' });
    expect(tokens[2]).toMatchObject({ kind: 'verbatim', unterminated: true });
  });

  it('should keep the second quote of a mixed pair when two different quote characters meet', () => {
    expect(tokenizePowerShell("'a\u2018\u2019b'")[0]).toMatchObject({ kind: 'verbatim', value: 'a\u2019b' });
  });

  it('should not treat a backtick as an escape when it is inside single quotes', () => {
    expect(tokenizePowerShell("'a`' b")[0]).toEqual({ kind: 'verbatim', text: "'a`'", value: 'a`' });
  });

  it('should resolve doubled and backtick-escaped quotes when the string is double-quoted', () => {
    expect(tokenizePowerShell('"a""b`"c"')).toEqual([
      { kind: 'expandable', text: '"a""b`"c"', value: 'a"b"c' },
    ]);
  });

  it('should read a comment to the end of the line when # starts a token', () => {
    expect(tokenizePowerShell("x # 'not a string'\ny").map((token) => token.kind)).toEqual([
      'word',
      'space',
      'comment',
      'newline',
      'word',
    ]);
  });

  it('should keep a new line inside a single-quoted string when one spans lines', () => {
    expect(tokenizePowerShell("'a\r\nb'")[0]).toMatchObject({ kind: 'verbatim', value: 'a\r\nb' });
  });
});

describe('value validators', () => {
  it.each([
    ['XYZ', null],
    ['P01', null],
    ['xyz', 'configmgr.value.siteCode'],
    ['XY', 'configmgr.value.siteCode'],
    ['XYZW', 'configmgr.value.siteCode'],
    ['X-Z', 'configmgr.value.siteCode'],
    ['SMS', 'configmgr.value.siteCodeReserved'],
    ['CON', 'configmgr.value.siteCodeReserved'],
  ])('should judge site code %j as %s', (value, key) => {
    expect(messageKeyOf(() => validateSiteCode(value))).toBe(key);
  });

  it.each([
    ['cmg.contoso.com', null],
    ['contosocmg.westeurope.cloudapp.azure.com', null],
    ['localhost', 'configmgr.value.fqdn'],
    ['-cmg.contoso.com', 'configmgr.value.fqdn'],
    ['cmg-.contoso.com', 'configmgr.value.fqdn'],
    ['cmg..contoso.com', 'configmgr.value.fqdn'],
    ['cmg.contoso.com.', 'configmgr.value.fqdn'],
    ['10.0.0.1', 'configmgr.value.fqdn'],
    [`${'a'.repeat(64)}.com`, 'configmgr.value.fqdn'],
    ["cmg.contoso'.com", 'configmgr.value.fqdn'],
  ])('should judge FQDN %j as %s', (value, key) => {
    expect(messageKeyOf(() => validateFqdn(value))).toBe(key);
  });

  it.each([
    ['01234567-89ab-cdef-0123-456789ABCDEF', null],
    ['{01234567-89ab-cdef-0123-456789abcdef}', 'configmgr.value.guid'],
    ['01234567-89ab-cdef-0123-456789abcdeg', 'configmgr.value.guid'],
    ['0123456789abcdef0123456789abcdef', 'configmgr.value.guid'],
  ])('should judge GUID %j as %s', (value, key) => {
    expect(messageKeyOf(() => validateGuid(value))).toBe(key);
  });

  it.each([
    ['Co-management pilot', null],
    ['Pilote cogestion – été 2026', null],
    ["Pilot's devices", 'configmgr.value.collectionName'],
    ['Pilot \u2019devices\u2019', 'configmgr.value.collectionName'],
    ['Pilot "A"', 'configmgr.value.collectionName'],
    ['A/B', 'configmgr.value.collectionName'],
    [' Pilot', 'configmgr.value.collectionName'],
    ['', 'configmgr.value.collectionName'],
    ['a\u0007', 'configmgr.value.collectionName'],
    ['Pilot\u200D', 'configmgr.value.collectionName'],
    ['x'.repeat(256), 'configmgr.value.collectionName'],
  ])('should judge collection name %j as %s', (value, key) => {
    expect(messageKeyOf(() => validateCollectionName(value))).toBe(key);
  });

  it.each([
    ['https://mp.contoso.com', null],
    ['https://cmg.contoso.com/CCM_Proxy_MutualAuth/72057594037927939', null],
    ['http://mp.contoso.com', 'configmgr.value.httpsUrl'],
    ['https://user:pw@mp.contoso.com', 'configmgr.value.httpsUrl'],
    ['https://mp', 'configmgr.value.httpsUrl'],
    ['https://mp.contoso.com/a b', 'configmgr.value.httpsUrl'],
    ["https://mp.contoso.com/'x", 'configmgr.value.httpsUrl'],
    ['mp.contoso.com', 'configmgr.value.httpsUrl'],
  ])('should judge URL %j as %s', (value, key) => {
    expect(messageKeyOf(() => validateHttpsUrl(value))).toBe(key);
  });
});
