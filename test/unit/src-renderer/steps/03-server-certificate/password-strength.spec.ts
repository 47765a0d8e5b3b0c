import { randomInt } from 'node:crypto';

import * as enPack from '@zxcvbn-ts/language-en';
import * as nlPack from '@zxcvbn-ts/language-nl-be';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  lengthVerdict,
  loadStrengthEstimator,
  MIN_PASSWORD_LENGTH,
  type StrengthEstimator,
  strengthUserInputs,
} from '/@/src-renderer/steps/03-server-certificate/password-strength';

// Same alphabet as the passwords the host generates (no 0/O, 1/l/I).
const GENERATED_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const generated = (length: number): string =>
  Array.from({ length }, () => GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)]).join('');

const contosoForm = { cn: 'cmg.contoso.com', org: 'Contoso Pharmaceuticals', sans: '' };

describe('password strength', () => {
  let estimator: StrengthEstimator;
  beforeAll(async () => {
    estimator = await loadStrengthEstimator();
  });

  it('should apply the length rule before any dictionary when the password is empty or short', () => {
    expect(lengthVerdict('')?.level).toBe('empty');
    expect(lengthVerdict('Zx9!qW3')?.level).toBe('too-short');
    expect(lengthVerdict('x'.repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(estimator.estimate('Zx9!qW3', [], 'en').level).toBe('too-short');
  });

  it('should not rate the usual year-and-symbol passwords as strong when typed for a Contoso CMG', () => {
    const inputs = strengthUserInputs(contosoForm);
    for (const password of ['Password2024!', 'Contoso@2025']) {
      const { level } = estimator.estimate(password, inputs, 'en');
      expect(['weak', 'fair'], password).toContain(level);
    }
    // Without the product's words, Contoso@2025 is still no better than fair.
    expect(['weak', 'fair']).toContain(estimator.estimate('Contoso@2025', [], 'en').level);
  });

  it('should rate a 24-character generated password as strong', () => {
    for (let round = 0; round < 5; round += 1) {
      const password = generated(24);
      expect(estimator.estimate(password, strengthUserInputs(contosoForm), 'en').level, password).toBe(
        'strong',
      );
    }
  });

  it('should rate the organisation name or the CN as weak when used as the password', () => {
    const form = { cn: 'cmg.fabrikam-industries.com', org: 'Fabrikam Industries' };
    const inputs = strengthUserInputs(form);
    expect(estimator.estimate('Fabrikam Industries', inputs, 'en').level).toBe('weak');
    expect(estimator.estimate('FabrikamIndustries', inputs, 'en').level).toBe('weak');
    expect(estimator.estimate('cmg.fabrikam-industries.com', inputs, 'en').level).toBe('weak');
    // The same words score higher when the estimator is not told they belong to the request.
    expect(estimator.estimate('FabrikamIndustries', [], 'en').score).toBeGreaterThan(
      estimator.estimate('FabrikamIndustries', inputs, 'en').score,
    );
  });

  it('should list the organisation, the CN labels and the product words as user inputs', () => {
    const inputs = strengthUserInputs({
      cn: 'GraniteFalls.contoso.com',
      org: 'Woodgrove Bank',
      sans: 'a.b.org',
    });
    expect(inputs).toEqual(
      expect.arrayContaining([
        'contoso',
        'configmgr',
        'cmg',
        'intune',
        'granitefalls',
        'granitefalls.contoso.com',
        'woodgrove bank',
        'woodgrovebank',
        'woodgrove',
        'bank',
        'org',
      ]),
    );
    expect(inputs).not.toContain('');
  });

  it('should take the words of an exported certificate subject when the form is empty', () => {
    const inputs = strengthUserInputs({
      cn: '',
      org: '',
      subject: 'C=BE, O=Fabrikam, CN=gateway.fabrikam.com',
    });
    expect(inputs).toEqual(expect.arrayContaining(['fabrikam', 'gateway', 'gateway.fabrikam.com']));
    expect(inputs).not.toContain('cn=gateway.fabrikam.com');
    expect(inputs).not.toContain('be'); // too short to matter, and a country code
  });

  it('should explain a common password in the admin language, with zxcvbn translations for fr and nl', () => {
    const en = estimator.estimate('password', [], 'en');
    const fr = estimator.estimate('password', [], 'fr');
    const nl = estimator.estimate('password', [], 'nl');
    expect(en.level).toBe('weak');
    expect(en.warning).toBe(enPack.translations.warnings.topTen);
    expect(fr.warning).toBe('Ce mot de passe est très utilisé.');
    expect(nl.warning).toBe(nlPack.translations.warnings.topTen);
    expect(new Set([en.warning, fr.warning, nl.warning]).size).toBe(3);
    expect(fr.suggestions.length).toBeGreaterThan(0);
    expect(fr.suggestions.join(' ')).not.toMatch(/[A-Za-z]+[A-Z][a-z]+[A-Z]/); // no raw keys
  });

  it('should share one estimator between calls so the dictionaries load once', async () => {
    await expect(loadStrengthEstimator()).resolves.toBe(estimator);
  });
});
