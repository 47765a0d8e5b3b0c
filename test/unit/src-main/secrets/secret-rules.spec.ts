import { describe, expect, it } from 'vitest';

import {
  assertStorableSecret,
  MAX_SECRET_BYTES,
  MAX_SECRET_NAME_LENGTH,
  secretName,
  storedSecretSize,
} from '/@/src-main/secrets';
import { AppError } from '/@/src-main/shared';

function refusalKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.messageKey : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('secretName', () => {
  it('should join kind and id with a colon when both are valid', () => {
    expect(secretName('pfx-password', '3F2A9C')).toBe('pfx-password:3F2A9C');
    expect(secretName('client-secret', 'c0b7e4d2-11aa-4bcd-9e0f-1234567890ab')).toBe(
      'client-secret:c0b7e4d2-11aa-4bcd-9e0f-1234567890ab',
    );
  });

  it('should keep printable unicode, quotes and colons in the id when they are given', () => {
    expect(secretName('key-passphrase', `Zoë's "cmg":1`)).toBe(`key-passphrase:Zoë's "cmg":1`);
  });

  it.each([
    ['empty', ''],
    ['upper case', 'PFX-password'],
    ['a colon', 'pfx:password'],
    ['a space', 'pfx password'],
    ['a trailing dash', 'pfx-'],
    ['a leading digit', '1pfx'],
    ['too many characters', 'a'.repeat(41)],
  ])('should refuse the kind when it contains %s', (_label, kind) => {
    expect(refusalKey(() => secretName(kind, 'id'))).toBe('secrets.name.invalid');
  });

  it.each([
    ['empty', ''],
    ['a newline', 'abc\ndef'],
    ['a NUL byte', 'abc\u0000'],
    ['an escape sequence', '\u001b[31mred'],
    ['DEL', 'abc\u007f'],
    ['a C1 control', 'abc\u0085'],
    ['a right-to-left override', 'cert\u202Etxt.exe'],
    ['a bidi isolate', 'a\u2066b'],
    ['a zero-width space', 'a\u200Bb'],
    ['a byte order mark', '\uFEFFabc'],
    ['a line separator', 'a\u2028b'],
    ['a lone surrogate', 'a\uD800b'],
    ['a leading space', ' abc'],
    ['a trailing tab', 'abc\t'],
  ])('should refuse the id when it is %s', (_label, id) => {
    expect(refusalKey(() => secretName('pfx-password', id))).toBe('secrets.name.invalid');
  });

  it('should refuse the name when kind and id together exceed the length limit', () => {
    const kind = 'pfx-password';
    const fits = 'x'.repeat(MAX_SECRET_NAME_LENGTH - kind.length - 1);
    expect(secretName(kind, fits)).toHaveLength(MAX_SECRET_NAME_LENGTH);
    expect(refusalKey(() => secretName(kind, `${fits}x`))).toBe('secrets.name.invalid');
  });

  it('should not echo the refused id in the error when the id is hostile', () => {
    try {
      secretName('pfx-password', 'hunter2\u0000');
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify({ error, params: (error as AppError).params })).not.toContain('hunter2');
      expect(String(error)).not.toContain('hunter2');
    }
  });
});

describe('storable secret size', () => {
  it('should count two bytes per UTF-16 unit when the value is ASCII', () => {
    expect(storedSecretSize('abc')).toBe(6);
  });

  it('should count UTF-8 bytes when they exceed the UTF-16 size', () => {
    expect(storedSecretSize('€€')).toBe(6);
    expect(storedSecretSize('😀')).toBe(4);
  });

  it.each([
    ['ASCII', 'a', MAX_SECRET_BYTES / 2],
    ['two-byte UTF-8', 'é', MAX_SECRET_BYTES / 2],
    ['three-byte UTF-8', '€', Math.floor(MAX_SECRET_BYTES / 3)],
    ['astral', '😀', MAX_SECRET_BYTES / 4],
  ])(
    'should accept %s up to the limit and refuse one more character when it is exceeded',
    (_l, unit, fit) => {
      expect(() => assertStorableSecret(unit.repeat(fit))).not.toThrow();
      expect(refusalKey(() => assertStorableSecret(unit.repeat(fit + 1)))).toBe('secrets.value.tooLarge');
    },
  );

  it('should report size and limit without the value when a secret is too large', () => {
    try {
      assertStorableSecret('s3cr3t'.repeat(500));
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).params).toEqual({ size: 6000, limit: MAX_SECRET_BYTES });
      expect(String(error)).not.toContain('s3cr3t');
    }
  });

  it('should refuse an empty value when asked to store one', () => {
    expect(refusalKey(() => assertStorableSecret(''))).toBe('secrets.value.empty');
  });

  it('should refuse a value with a lone surrogate when it would be mangled by encoding', () => {
    expect(refusalKey(() => assertStorableSecret('abc\uDC00'))).toBe('secrets.value.malformed');
  });

  it('should accept control characters and quotes inside a value when a password contains them', () => {
    expect(() => assertStorableSecret(`a\tb\u0000c'"\``)).not.toThrow();
  });
});
