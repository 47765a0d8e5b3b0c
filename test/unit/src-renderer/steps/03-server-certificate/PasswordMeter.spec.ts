import { render, screen, waitFor } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';

import type { Locale } from '/@/src-main/shared';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';
import PasswordMeter from '/@/src-renderer/steps/03-server-certificate/components/PasswordMeter.svelte';
import { strengthUserInputs } from '/@/src-renderer/steps/03-server-certificate/password-strength';

import { FakeApi } from '../../fake-api';
import WithWizard from '../../WithWizard.svelte';

function renderMeter(locale: Locale, password: string, org = 'Contoso'): ReturnType<typeof render> {
  const wizard = new WizardState(new FakeApi(), locale);
  const props = {
    password,
    userInputs: strengthUserInputs({ cn: 'cmg.contoso.com', org }),
    describedBy: 'strength-under-test',
  };
  return render(WithWizard, {
    props: { wizard, component: PasswordMeter as unknown as Component<Record<string, unknown>>, props },
  });
}

const level = (): string | null => screen.getByTestId('password-strength').getAttribute('data-level');

describe('PasswordMeter', () => {
  it('should ask for a password and give no feedback when the field is empty', () => {
    renderMeter('en', '');
    expect(level()).toBe('empty');
    expect(screen.getByTestId('password-strength').textContent?.trim()).toBe('Type a password');
    expect(screen.queryByTestId('password-feedback')).toBeNull();
  });

  it('should state the length rule at once when the password is shorter than 8 characters', () => {
    renderMeter('nl', 'Ab1!');
    expect(level()).toBe('too-short');
    expect(screen.getByTestId('password-strength').textContent?.trim()).toBe(
      'Te kort: gebruik minstens 8 tekens',
    );
  });

  it('should rate Password2024! as not strong and explain why in French', async () => {
    renderMeter('fr', 'Password2024!');
    await waitFor(() => expect(['weak', 'fair']).toContain(level()), { timeout: 20_000 });
    const feedback = screen.getByTestId('password-feedback').textContent ?? '';
    // zxcvbn's French pack: recent years, and the common-password warning.
    expect(feedback).toMatch(/années|mot de passe/);
    expect(feedback).not.toMatch(/\b(recentYears|similarToCommon|capitalization)\b/);
  });

  it('should rate the organisation name as weak when it is the password', async () => {
    renderMeter('en', 'Woodgrove Bank', 'Woodgrove Bank');
    await waitFor(() => expect(level()).toBe('weak'), { timeout: 20_000 });
    expect(screen.getByTestId('password-strength').textContent?.trim()).toBe('Weak: easy to guess');
  });

  it('should rate a long random password as strong with no advice', async () => {
    renderMeter('en', 'hK7mPq2ZrT9vXw4bNc6dFg8j');
    await waitFor(() => expect(level()).toBe('strong'), { timeout: 20_000 });
    expect(screen.queryByTestId('password-feedback')).toBeNull();
  });
});
