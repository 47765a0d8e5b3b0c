import type { Page } from '@playwright/test';

import { type Locale, LOCALES, type StageId, stageKey, text } from '../catalogues';
import { expect, test } from '../fixtures';

// Screenshots for people to look at (README, reviews); they are not compared pixel by pixel,
// so each one first checks what it shows: the product and stage headings, and no error banner.
async function expectCleanStage(page: Page, stage: StageId, locale: Locale): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: text(locale, 'app.productName') })).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: text(locale, stageKey(stage, 'title')) }),
  ).toBeVisible();
  await expect(page.getByTestId('stage-panel')).toHaveAttribute('data-stage', stage);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('action-error')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test.describe('shell screenshots', { tag: ['@full'] }, () => {
  for (const locale of LOCALES) {
    test(`should render the shell in ${locale} for the screenshot`, async ({ shell, page }) => {
      if (locale !== 'en') await shell.switchLanguage('en', locale);
      await shell.selectStage('server-certificate', locale);
      await expectCleanStage(page, 'server-certificate', locale);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await page.screenshot({ path: `test-results/shell-${locale}.png`, fullPage: true });
    });
  }

  test('should stack the rail above the stage when the window is narrow as at 200% zoom', async ({
    shell,
    page,
  }) => {
    await page.setViewportSize({ width: 640, height: 900 });
    await shell.selectStage('cloud-name', 'en');
    const rail = await shell.rail.boundingBox();
    const panel = await shell.stagePanel.boundingBox();
    expect(rail && panel && rail.y + rail.height <= panel.y).toBe(true);
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(640);
    await expectCleanStage(page, 'cloud-name', 'en');
    await page.screenshot({ path: 'test-results/shell-narrow-en.png', fullPage: true });
  });

  test('should use the dark palette when the system prefers a dark scheme', async ({ shell, page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await shell.selectStage('co-management', 'en');
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(32, 32, 32)');
    await expectCleanStage(page, 'co-management', 'en');
    await page.screenshot({ path: 'test-results/shell-dark-en.png', fullPage: true });
  });
});

test.describe('keyboard focus', { tag: ['@full'] }, () => {
  test('should draw a visible focus ring when a rail entry gets keyboard focus', async ({ shell, page }) => {
    await shell.railButton('prerequisites', 'en').focus();
    await page.keyboard.press('ArrowDown');
    const focused = shell.railButton('cloud-name', 'en');
    await expect(focused).toBeFocused();
    await expect(focused).toHaveCSS('outline-style', 'solid');
    await expect(focused).toHaveCSS('outline-width', '2px');
    // Focus alone changes no page: the welcome of a fresh start is still shown, without an error banner.
    await expect(shell.welcome).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/shell-focus-en.png' });
  });
});
