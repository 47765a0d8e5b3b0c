// Sign-in from the header: the simulated tenant in rehearsal mode, and the tenant form's checks.
import { text } from '../catalogues';
import { expect, test } from '../fixtures';

test.describe('sign-in', { tag: ['@smoke'] }, () => {
  test.use({ osLanguage: 'fr' });

  test('should sign in to the simulated tenant and out again when the admin uses the header', async ({
    shell,
    page,
  }) => {
    const open = page.getByRole('button', { name: text('fr', 'signIn.open') });
    await open.click();
    const dialog = page.getByRole('dialog', { name: text('fr', 'signIn.title') });
    await expect(dialog).toBeVisible();
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(open).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('radio', { name: text('fr', 'signIn.methodDeviceCode') }).check();
    await dialog.getByRole('button', { name: text('fr', 'signIn.submit') }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('account-name')).toContainText(
      text('fr', 'signIn.signedInAs', { name: '' }).trim(),
    );
    await expect(shell.modeBadge).toHaveText(text('fr', 'shell.badgeRehearsal'));

    await page.getByRole('button', { name: text('fr', 'signIn.signOut') }).click();
    await expect(open).toBeVisible();
  });

  test('should check the tenant and client id before asking Microsoft when a real tenant is chosen', async ({
    shell,
    page,
  }) => {
    await expect(shell.modeBadge).toBeVisible();
    await page.getByRole('button', { name: text('fr', 'signIn.open') }).click();
    const dialog = page.getByRole('dialog', { name: text('fr', 'signIn.title') });
    await dialog.getByRole('radio', { name: text('fr', 'signIn.targetTenant') }).check();
    await dialog.getByLabel(text('fr', 'signIn.tenant')).fill('contoso');
    await dialog.getByLabel(text('fr', 'signIn.clientId')).fill('mon-application');
    await dialog.getByRole('button', { name: text('fr', 'signIn.submit') }).click();
    await expect(dialog.getByText(text('fr', 'signIn.tenantInvalid'))).toBeVisible();
    await expect(dialog.getByText(text('fr', 'signIn.clientIdInvalid'))).toBeVisible();
    await expect(dialog.getByLabel(text('fr', 'signIn.tenant'))).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toBeVisible();
  });
});
