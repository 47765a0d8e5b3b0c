// The About dialog from the header, in each language (screenshots to look at), and "Forget
// everything" run in the browser: asked first with Cancel as default, then the counts.
import AxeBuilder from '@axe-core/playwright';

import { LOCALES, text } from '../catalogues';
import { expect, test } from '../fixtures';
import { AboutDialog } from '../pages/about-dialog';

test.describe('about', { tag: ['@full'] }, () => {
  for (const locale of LOCALES) {
    test(`should show versions, folders, updates and licences in ${locale} for the screenshot`, async ({
      shell,
      page,
      served,
    }) => {
      if (locale !== 'en') await shell.switchLanguage('en', locale);
      const about = new AboutDialog(page, locale);
      await about.open();
      await expect(about.dialog.getByTestId('about-data-folder')).toHaveText(served.home);
      await expect(about.dialog.getByTestId('update-not-configured')).toContainText('COMANAGE_UPDATE_URL');
      await expect(about.button('about.copyLogsFolder')).toBeVisible();
      // `comanage serve` cannot open folders on this machine's desktop: no button that would fail.
      await expect(about.button('about.openLogsFolder')).toHaveCount(0);
      await expect(page.getByTestId('load-error')).toHaveCount(0);
      await expect(page.getByTestId('action-error')).toHaveCount(0);
      await expect(page.getByRole('alert')).toHaveCount(0);
      await page.screenshot({ path: `test-results/about-${locale}.png` });

      // Escape closes it and gives the focus back to the header button.
      await page.keyboard.press('Escape');
      await expect(about.dialog).toHaveCount(0);
      await expect(about.openButton).toBeFocused();
    });
  }

  test('should have no WCAG A/AA violations in the About dialog and its confirmation', async ({
    shell,
    page,
  }) => {
    await expect(shell.welcome.or(shell.stagePanel)).toBeVisible();
    const about = new AboutDialog(page, 'en');
    await about.open();
    const scan = async (): Promise<string[]> =>
      (
        await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      ).violations.map(
        (violation) => `${violation.id}: ${violation.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      );
    expect(await scan()).toEqual([]);
    await about.button('forget.open').click();
    await expect(about.confirmation).toBeVisible();
    expect(await scan()).toEqual([]);
  });

  test.describe('forget everything', () => {
    test.use({ osLanguage: 'nl' });

    test('should ask first, keep everything on Cancel, then forget and show the counts', async ({
      shell,
      page,
    }) => {
      await expect(shell.welcome.or(shell.stagePanel)).toBeVisible();
      // Some progress first: the certificate stage becomes the current one.
      await shell.leaveWelcome('server-certificate', 'nl');

      const about = new AboutDialog(page, 'nl');
      await about.open();
      await about.button('forget.open').click();
      await expect(about.confirmation).toBeVisible();
      await expect(about.confirmation).toContainText(text('nl', 'forget.warning'));
      const cancel = about.confirmation.getByRole('button', { name: text('nl', 'forget.cancel') });
      await expect(cancel).toBeFocused();
      // Enter right away is Cancel: nothing is removed.
      await page.keyboard.press('Enter');
      await expect(about.confirmation).toHaveCount(0);
      await expect(about.forgetDone).toHaveCount(0);
      await expect(about.button('forget.open')).toBeFocused();

      await about.button('forget.open').click();
      await about.confirmation.getByRole('button', { name: text('nl', 'forget.confirm') }).click();
      await expect(about.confirmation).toHaveCount(0);
      await expect(about.forgetDone).toBeVisible();
      await expect(about.forgetDone).toHaveText(
        /^Alles is vergeten: \d+ bestanden en mappen en .+ verwijderd\./,
      );
      await page.screenshot({ path: 'test-results/about-forgotten-nl.png' });

      await page.keyboard.press('Escape');
      await expect(about.dialog).toHaveCount(0);
      await expect(page.getByRole('button', { name: text('nl', 'signIn.open') })).toBeVisible();
      await expect(shell.welcome.or(shell.stagePanel)).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  });
});
