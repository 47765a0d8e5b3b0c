import { describe, expect, it } from 'vitest';

import type { CertFields } from '/@/src-main/certs/inspect/cert-fields';
import { ekuCheck, sameNameCheck, sanCheck } from '/@/src-main/certs/inspect/checks-certificate';
import { encryptionCheck } from '/@/src-main/certs/inspect/checks-container';
import { checkMaker } from '/@/src-main/certs/inspect/make-check';
import type { EncryptionProfile } from '/@/src-main/certs/inspect/types';

const make = checkMaker('en');

function fields(overrides: Partial<CertFields>): CertFields {
  return {
    commonName: 'cmg.contoso.com',
    dnsNames: ['cmg.contoso.com'],
    extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'],
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'SHA-256',
    isCa: false,
    keyCertSign: null,
    ...overrides,
  };
}

const TRIPLE_DES = { name: 'PBE-SHA1-3DES', family: '3des', iterations: 2000 } as const;
function profile(overrides: Partial<EncryptionProfile>): EncryptionProfile {
  return {
    keyEncryption: TRIPLE_DES,
    certEncryption: TRIPLE_DES,
    macDigest: 'SHA-1',
    macIterations: 2000,
    ...overrides,
  };
}

describe('extended key usage check', () => {
  it('should warn when the certificate has no EKU extension or only anyExtendedKeyUsage', () => {
    expect(ekuCheck(make, fields({ extendedKeyUsage: null }), 'none').severity).toBe('warning');
    expect(ekuCheck(make, fields({ extendedKeyUsage: ['2.5.29.37.0'] }), 'none').messageKey).toBe(
      'inspect.eku.any',
    );
  });
  it('should list the usages found when Server Authentication is missing', () => {
    const check = ekuCheck(make, fields({ extendedKeyUsage: ['1.3.6.1.5.5.7.3.2'] }), 'none');
    expect(check).toMatchObject({ severity: 'error', params: { usages: '1.3.6.1.5.5.7.3.2' } });
  });
});

describe('subject alternative name check', () => {
  it('should warn when only a wildcard one level up covers the CN', () => {
    const check = sanCheck(make, fields({ dnsNames: ['*.contoso.com'] }), 'none');
    expect(check).toMatchObject({ severity: 'warning', params: { wildcard: '*.contoso.com' } });
  });
  it('should fail when a wildcard would need to cover two levels', () => {
    const check = sanCheck(
      make,
      fields({ commonName: 'cmg.eu.contoso.com', dnsNames: ['*.contoso.com'] }),
      'none',
    );
    expect(check?.severity).toBe('error');
  });
  it('should compare DNS names without regard to case', () => {
    expect(sanCheck(make, fields({ dnsNames: ['CMG.Contoso.COM'] }), 'none')?.severity).toBe('pass');
  });
  it('should skip the comparison when the certificate has no CN', () => {
    expect(sanCheck(make, fields({ commonName: null }), 'none')).toBeNull();
  });
});

describe('PFX encryption check', () => {
  it('should pass the classic Windows profile and the old RC2-40 certificate bag', () => {
    expect(encryptionCheck(make, profile({}), true, 'none').severity).toBe('pass');
    const rc2 = { name: 'PBE-SHA1-RC2-40', family: 'rc2', iterations: 2000 } as const;
    expect(encryptionCheck(make, profile({ certEncryption: rc2 }), true, 'none').severity).toBe('pass');
  });
  it('should warn when only the MAC uses SHA-256', () => {
    expect(encryptionCheck(make, profile({ macDigest: 'SHA-256' }), true, 'none').messageKey).toBe(
      'inspect.encryption.modern',
    );
  });
  it('should warn about a key protected with RC2 and fail a key stored in the clear', () => {
    const rc2 = { name: 'PBE-SHA1-RC2-128', family: 'rc2', iterations: 2000 } as const;
    expect(encryptionCheck(make, profile({ keyEncryption: rc2 }), true, 'none').messageKey).toBe(
      'inspect.encryption.weakKey',
    );
    expect(encryptionCheck(make, profile({ keyEncryption: null }), true, 'none').severity).toBe('error');
  });
  it('should not blame key encryption when the file has no key at all', () => {
    expect(encryptionCheck(make, profile({ keyEncryption: null }), false, 'none').severity).toBe('pass');
  });
});

describe('same-name checks', () => {
  it('should fail a renewal to a different name and say what the previous name was', () => {
    const check = sameNameCheck(make, 'renewal-cn', 'cmg2.contoso.com', 'cmg.contoso.com');
    expect(check).toMatchObject({ severity: 'error', messageKey: 'inspect.renewal.mismatch' });
    expect(check.message).toContain('cmg.contoso.com');
  });
  it('should fail an expectation when the certificate has no CN', () => {
    expect(sameNameCheck(make, 'expected-cn', null, 'cmg.contoso.com').severity).toBe('error');
  });
});

describe('subject alternative name fix', () => {
  it('should propose a valid CMG name, not the CN the name check refuses, when the CN has a hyphenated prefix', () => {
    const check = sanCheck(make, fields({ commonName: 'contoso-cmg.contoso.com', dnsNames: null }), 'none');
    expect(check?.hint).toContain('contosocmg.contoso.com');
    expect(check?.hint).not.toContain('contoso-cmg.contoso.com');
    const missing = sanCheck(
      make,
      fields({ commonName: 'contoso-cmg.contoso.com', dnsNames: ['other.contoso.com'] }),
      'none',
    );
    expect(missing?.hint).toContain('contosocmg.contoso.com');
  });
  it('should propose the CN itself when it is a usable name', () => {
    const check = sanCheck(make, fields({ dnsNames: null }), 'none');
    expect(check?.hint).toContain('cmg.contoso.com');
  });
});
