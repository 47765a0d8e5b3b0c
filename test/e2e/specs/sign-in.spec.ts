// Sign-in from the header: the organisation's tenant only (simulation mode needs none), and the form's checks.
import { text } from '../catalogues';
import { expect, test } from '../fixtures';

test.describe('sign-in', { tag: ['@smoke'] }, () => {
  test.use({ osLanguage: 'fr' });

  test('should offer the organisation tenant only, with the registration steps, when the admin uses the header', async ({
    shell,
    page,
  }) => {
    const open = page.getByRole('button', { name: text('fr', 'signIn.open') });
    await open.click();
    const dialog = page.getByRole('dialog', { name: text('fr', 'signIn.title') });
    await expect(dialog).toBeVisible();
    // Simulation mode needs no sign-in: the dialog has no "simulated tenant" choice.
    await expect(dialog).toContainText(text('fr', 'signIn.tenantOnly'));
    await expect(dialog.getByRole('radio', { name: /simul/i })).toHaveCount(0);
    await expect(dialog.getByLabel(text('fr', 'signIn.tenant'))).toBeVisible();
    await dialog.getByText(text('fr', 'signIn.registerHeading')).click();
    await expect(dialog).toContainText(text('fr', 'signIn.registerStep2'));
    const link = dialog.getByRole('link', { name: new RegExp(text('fr', 'signIn.registerLink')) });
    await expect(link).toHaveAttribute('href', /^https:\/\/learn\.microsoft\.com\//);
    await expect(link).toHaveAttribute('target', '_blank');
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(shell.modeBadge).toHaveText(text('fr', 'shell.badgeRehearsal'));
  });

  test('should check the tenant and client id before asking Microsoft when a real tenant is chosen', async ({
    shell,
    page,
  }) => {
    await expect(shell.modeBadge).toBeVisible();
    await page.getByRole('button', { name: text('fr', 'signIn.open') }).click();
    const dialog = page.getByRole('dialog', { name: text('fr', 'signIn.title') });
    await dialog.getByLabel(text('fr', 'signIn.tenant')).fill('contoso');
    await dialog.getByLabel(text('fr', 'signIn.clientId')).fill('mon-application');
    await dialog.getByRole('button', { name: text('fr', 'signIn.submit') }).click();
    await expect(dialog.getByText(text('fr', 'signIn.tenantInvalid'))).toBeVisible();
    await expect(dialog.getByText(text('fr', 'signIn.clientIdInvalid'))).toBeVisible();
    await expect(dialog.getByLabel(text('fr', 'signIn.tenant'))).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toBeVisible();
  });
});
