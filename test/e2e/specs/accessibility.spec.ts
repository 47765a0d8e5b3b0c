// Automated accessibility scan (axe-core, WCAG 2.1 A and AA rules) of the pages an admin works in:
// the shell, the certificate form with errors, its preview, the PFX route and the sign-in dialog.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { text } from '../catalogues';
import { expect, test } from '../fixtures';
import { CertificatePage } from '../pages/certificate-page';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

test.describe('accessibility', { tag: ['@smoke'] }, () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`should have no WCAG A/AA violations in the certificate stage and the sign-in dialog (${scheme})`, async ({
      shell,
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await violations(page)).toEqual([]);

      const stage = new CertificatePage(page, 'en');
      await shell.selectStage('server-certificate', 'en');
      await stage.route('request').check();
      await stage.cn.fill('Bad_Name.contoso.com');
      await stage.country.fill('XX');
      await expect(stage.cnError).toBeVisible();
      expect(await violations(page)).toEqual([]);

      await stage.cn.fill('contosocmg.contoso.com');
      await stage.country.fill('BE');
      await expect(stage.cnError).toHaveCount(0);
      await stage.button('cert.form.preview').click();
      await expect(stage.preview).toBeVisible();
      expect(await violations(page)).toEqual([]);

      await page.getByTestId('frame-back').click();
      await expect(stage.frame).toHaveAttribute('data-page', 'request');
      await stage.route('pfx').check();
      expect(await violations(page)).toEqual([]);

      await page.getByRole('button', { name: text('en', 'signIn.open') }).click();
      await page.getByRole('dialog').getByText(text('en', 'signIn.registerHeading')).click();
      await expect(page.getByTestId('sign-in-register-link')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  }
});
