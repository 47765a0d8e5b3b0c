import { execFileSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type CheckId, inspectPfx, type InspectResult, type Severity } from '/@/src-main/certs/inspect';
import {
  createPfxFixtures,
  FIXTURE_CN,
  FIXTURE_NAMES,
  FIXTURE_PASSWORD,
  type FixtureName,
  type PfxFixtures,
  SCHANNEL_CSP,
} from '/@/test/support/pfx-fixtures';

let fixtures: PfxFixtures;
beforeAll(() => {
  fixtures = createPfxFixtures();
});
afterAll(() => fixtures.cleanup());

function passwordFor(name: FixtureName): string {
  return name === 'empty-password' || name === 'windows-empty-password' ? '' : FIXTURE_PASSWORD;
}

function run(name: FixtureName, options: { expectCn?: string; previousCn?: string } = {}): InspectResult {
  return inspectPfx(fixtures.files[name], passwordFor(name), { locale: 'en', ...options });
}

function severities(result: InspectResult): Partial<Record<CheckId, Severity>> {
  return Object.fromEntries(result.checks.map((check) => [check.id, check.severity]));
}

// Every check of a clean, 3DES-protected, CA-issued file passes; each variant differs only where stated.
const CLEAN: Record<string, Severity> = {
  'pfx-file': 'pass',
  password: 'pass',
  'pfx-encryption': 'pass',
  'key-match': 'pass',
  'key-size': 'pass',
  'signature-hash': 'pass',
  'server-auth-eku': 'pass',
  'cn-form': 'pass',
  'san-contains-cn': 'pass',
  validity: 'pass',
  lifetime: 'info',
  // The fixture PKI's root is private (not in Node's Mozilla bundle): a warning, not a pass.
  chain: 'warning',
  'csp-attribute': 'info',
};

const EXPECTED: Record<FixtureName, Record<string, Severity>> = {
  'good-default': { ...CLEAN, 'pfx-encryption': 'warning' },
  'good-legacy': CLEAN,
  'good-3des': CLEAN,
  'good-csp': CLEAN,
  'empty-password': { ...CLEAN, password: 'error' },
  'windows-empty-password': { ...CLEAN, password: 'error', 'pfx-encryption': 'error' },
  'sha1-leaf': { ...CLEAN, 'signature-hash': 'error' },
  'client-auth-only': { ...CLEAN, 'server-auth-eku': 'error' },
  expired: { ...CLEAN, validity: 'error' },
  'not-yet-valid': { ...CLEAN, validity: 'error' },
  'expires-in-10-days': { ...CLEAN, validity: 'warning' },
  'ec-intermediate': CLEAN,
  'ec-leaf': { ...CLEAN, 'key-size': 'error' },
  'rsa-1024': { ...CLEAN, 'key-size': 'error' },
  'self-signed': { ...CLEAN, chain: 'error' },
  'missing-intermediate': { ...CLEAN, chain: 'error' },
  'no-san': { ...CLEAN, 'san-contains-cn': 'error' },
  // cloudapp.net is retired: no CMG can use it any more.
  'legacy-cn': { ...CLEAN, 'cn-form': 'error' },
  'no-key': { ...CLEAN, 'key-match': 'error' },
  'two-keys': { ...CLEAN, 'key-match': 'error' },
};

describe('inspectPfx on openssl-made variants', () => {
  it.each(FIXTURE_NAMES)(
    'should report the expected id and severity of every check when the file is %s',
    (name) => {
      expect(severities(run(name))).toEqual(EXPECTED[name]);
    },
  );

  it('should name the weak hash when the leaf is signed with SHA-1', () => {
    const check = run('sha1-leaf').checks.find((c) => c.id === 'signature-hash');
    expect(check?.params).toMatchObject({ hash: 'SHA-1', algorithm: 'sha1WithRSAEncryption' });
    expect(check?.hint).toMatch(/SHA-256/);
  });

  it('should call an elliptic-curve leaf key unsupported rather than a wrong size', () => {
    expect(run('ec-leaf').checks.find((c) => c.id === 'key-size')?.messageKey).toBe('inspect.keySize.ecc');
    expect(run('rsa-1024').checks.find((c) => c.id === 'key-size')?.params).toMatchObject({ bits: 1024 });
  });

  it('should verify the RSA leaf through an ECDSA intermediate that node-forge cannot parse', () => {
    const result = run('ec-intermediate');
    expect(result.summary?.chainSubjects).toHaveLength(3);
    expect(result.summary?.chainSubjects[1]).toContain('Fixture ECC Issuing CA');
  });

  it('should tell a self-signed leaf and a missing intermediate apart', () => {
    expect(run('self-signed').checks.find((c) => c.id === 'chain')?.messageKey).toBe(
      'inspect.chain.selfSigned',
    );
    const missing = run('missing-intermediate').checks.find((c) => c.id === 'chain');
    expect(missing?.messageKey).toBe('inspect.chain.missingIntermediate');
    expect(missing?.params).toMatchObject({ issuer: 'Fixture RSA Issuing CA' });
  });

  it('should count the keys when a file holds two of them', () => {
    expect(run('two-keys').checks.find((c) => c.id === 'key-match')).toMatchObject({
      severity: 'error',
      messageKey: 'inspect.key.several',
      params: { count: 2 },
    });
  });

  it('should warn with the remaining days when the certificate expires within 30 days', () => {
    const check = run('expires-in-10-days').checks.find((c) => c.id === 'validity');
    expect(check?.params['days']).toBeGreaterThanOrEqual(9);
    expect(check?.params['days']).toBeLessThanOrEqual(10);
  });

  it('should judge validity against the injected clock when a date is given', () => {
    const later = new Date(Date.now() + 200 * 24 * 3600 * 1000);
    const result = inspectPfx(fixtures.files['good-3des'], FIXTURE_PASSWORD, { locale: 'en', now: later });
    expect(severities(result).validity).toBe('error');
  });
});

describe('inspectPfx encryption and CSP reporting', () => {
  it('should report the MAC digest, PBES2 cipher and iteration count of a default openssl 3 file', () => {
    const { summary, checks } = run('good-default');
    expect(summary?.encryption).toMatchObject({
      keyEncryption: { name: 'PBES2 AES-256-CBC', prf: 'hmacWithSHA256', iterations: 2048 },
      certEncryption: { family: 'aes' },
      macDigest: 'SHA-256',
      macIterations: 2048,
    });
    expect(checks.find((c) => c.id === 'pfx-encryption')?.message).toMatch(/Server 2016/);
  });

  it('should read the RC2-40 certificate bag of a legacy (old Windows style) file', () => {
    expect(run('good-legacy').summary?.encryption).toMatchObject({
      keyEncryption: { name: 'PBE-SHA1-3DES' },
      certEncryption: { name: 'PBE-SHA1-RC2-40', family: 'rc2' },
      macDigest: 'SHA-1',
    });
  });

  it('should name the Microsoft CSP when the key bag carries it', () => {
    const result = run('good-csp');
    expect(result.summary?.cspName).toBe(SCHANNEL_CSP);
    expect(result.checks.find((c) => c.id === 'csp-attribute')).toMatchObject({
      severity: 'info',
      params: { provider: SCHANNEL_CSP },
    });
  });

  it('should describe the leaf with the thumbprints openssl computes', () => {
    const { summary } = run('good-3des');
    const opensslSha1 = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha1'], {
      input: fixtures.pem.leaf,
    })
      .toString()
      .split('=')[1]
      ?.trim()
      .replace(/:/g, '');
    expect(summary).toMatchObject({
      commonName: FIXTURE_CN,
      subjectAltNames: [FIXTURE_CN],
      thumbprintSha1: opensslSha1,
      keyType: 'RSA',
      keySize: 2048,
      friendlyName: FIXTURE_CN,
    });
    expect(summary?.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);
  });
});

describe('inspectPfx names given by the admin', () => {
  it('should pass when the CN is exactly the expected name', () => {
    expect(severities(run('good-3des', { expectCn: FIXTURE_CN }))['expected-cn']).toBe('pass');
  });
  it('should warn when the expected name differs only in case and fail when it differs otherwise', () => {
    expect(severities(run('good-3des', { expectCn: 'CMG.contoso.com' }))['expected-cn']).toBe('warning');
    expect(severities(run('good-3des', { expectCn: 'gw.contoso.com' }))['expected-cn']).toBe('error');
  });
  it('should fail a renewal whose CN differs only in letter case', () => {
    const check = run('good-3des', { previousCn: 'Cmg.Contoso.com' }).checks.find(
      (c) => c.id === 'renewal-cn',
    );
    expect(check).toMatchObject({ severity: 'error', messageKey: 'inspect.renewal.caseOnly' });
    expect(check?.hint).toContain('Cmg.Contoso.com');
  });
  it('should pass a renewal with the same CN and leave the renewal check out when no previous CN is known', () => {
    expect(severities(run('good-3des', { previousCn: FIXTURE_CN }))['renewal-cn']).toBe('pass');
    expect(severities(run('good-3des'))['renewal-cn']).toBeUndefined();
  });
});

describe('inspectPfx on hostile or broken input', () => {
  const cases: [string, () => Buffer, string][] = [
    ['the file is empty', () => Buffer.alloc(0), 'inspect.file.empty'],
    ['the file is 50 MB', () => Buffer.alloc(50 * 1024 * 1024, 0x30), 'inspect.file.tooLarge'],
    [
      'the file is random bytes',
      () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'inspect.file.notPkcs12',
    ],
    [
      'the file is cut in half',
      () => fixtures.files['good-3des'].subarray(0, fixtures.files['good-3des'].length >> 1),
      'inspect.file.notPkcs12',
    ],
    ['the file is a PEM text', () => Buffer.from(fixtures.pem.leaf), 'inspect.file.notPkcs12'],
  ];
  it.each(cases)(
    'should return one localized file error instead of throwing when %s',
    (_label, data, key) => {
      const result = inspectPfx(data(), FIXTURE_PASSWORD, { locale: 'en' });
      expect(result.summary).toBeNull();
      expect(result.checks).toHaveLength(1);
      expect(result.checks[0]).toMatchObject({ id: 'pfx-file', severity: 'error', messageKey: key });
      expect(result.checks[0]?.hint).not.toBe('');
    },
  );

  it('should report a wrong password as a password error and reveal nothing about the contents', () => {
    const result = inspectPfx(fixtures.files['good-default'], 'not-the-password', { locale: 'en' });
    expect(severities(result)).toEqual({ 'pfx-file': 'pass', password: 'error' });
    expect(result.summary).toBeNull();
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });

  it('should never include the password in any message when the file opens', () => {
    expect(JSON.stringify(run('good-3des', { expectCn: 'x.contoso.com' }))).not.toContain(FIXTURE_PASSWORD);
  });

  it('should survive every single-byte truncation point of the header without throwing', () => {
    const data = fixtures.files['good-3des'];
    for (let length = 1; length < 64; length++) {
      const result = inspectPfx(data.subarray(0, length), FIXTURE_PASSWORD, { locale: 'en' });
      expect(result.checks[0]?.severity).toBe('error');
    }
  });
});

describe('inspectPfx localization', () => {
  it('should write messages and hints in French and Dutch when asked', () => {
    const fr = inspectPfx(fixtures.files['no-san'], FIXTURE_PASSWORD, { locale: 'fr' });
    const nl = inspectPfx(fixtures.files['no-san'], FIXTURE_PASSWORD, { locale: 'nl' });
    const frSan = fr.checks.find((c) => c.id === 'san-contains-cn');
    const nlSan = nl.checks.find((c) => c.id === 'san-contains-cn');
    expect(frSan?.message).toMatch(/autre nom de l’objet/);
    expect(frSan?.hint).toContain(FIXTURE_CN);
    expect(nlSan?.message).toMatch(/alternatieve naam/);
  });
});
