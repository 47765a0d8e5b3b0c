import { describe, expect, it } from 'vitest';

import { createRedactingLogger, localeFrom, redact, redactText, translate } from '/@/src-main/shared';

describe('localeFrom', () => {
  it('should pick the language from POSIX and BCP 47 tags when they are supported', () => {
    expect(localeFrom('fr_BE.UTF-8')).toBe('fr');
    expect(localeFrom('nl-NL')).toBe('nl');
    expect(localeFrom('de-DE')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
  });
});

describe('translate', () => {
  it('should fill placeholders in the requested language', () => {
    expect(translate('fr', 'error.invalidInput', { detail: 'x' })).toBe(
      'La demande n’est pas valide\u202F: x',
    );
  });
  it('should fall back to the key when the key is unknown', () => {
    expect(translate('nl', 'no.such.key')).toBe('no.such.key');
  });
  it('should leave unknown placeholders visible rather than inventing values', () => {
    expect(translate('en', 'error.invalidInput')).toContain('{detail}');
  });
});

describe('redaction', () => {
  it('should mask values of secret-named keys at any depth', () => {
    const out = redact({
      a: { clientSecret: 's3cr3t', password: 'p', list: [{ token: 't' }] },
      name: 'ok',
    }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toMatch(/s3cr3t|"p"|"t"/);
    expect(JSON.stringify(out)).toContain('"name":"ok"');
  });
  it('should mask PEM private keys, bearer tokens, JWTs and SAS signatures inside free text', () => {
    const text = [
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIabc\n-----END ENCRYPTED PRIVATE KEY-----',
      'Authorization: Bearer abc.def-ghi',
      'jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig',
      'https://x.blob.core.windows.net/c/b?sv=2020&sig=AbC%2Fdef&se=1',
    ].join(' ');
    const out = redactText(text);
    expect(out).not.toMatch(/MIIabc|abc\.def-ghi|eyJhbGciOiJSUzI1NiJ9|AbC%2Fdef/);
    expect(out).toContain('sig=[redacted]');
  });
  it('should write redacted JSON lines through the logger sink', () => {
    const lines: string[] = [];
    createRedactingLogger((l) => lines.push(l)).info('signed in with Bearer abcdef', {
      refreshToken: 'r-123',
    });
    expect(lines[0]).not.toMatch(/abcdef|r-123/);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'info' });
  });
});
