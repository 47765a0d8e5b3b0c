import { expect, type Locator, type Page, test } from '@playwright/test';

import { type Locale, text } from '../catalogues';

/** The header's About dialog and its "Forget everything" confirmation. */
export class AboutDialog {
  readonly page: Page;
  readonly locale: Locale;
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly heading: Locator;
  readonly confirmation: Locator;
  readonly forgetDone: Locator;

  constructor(page: Page, locale: Locale) {
    this.page = page;
    this.locale = locale;
    this.openButton = page.getByRole('banner').getByRole('button', { name: text(locale, 'about.open') });
    const title = text(locale, 'about.title', { product: text(locale, 'app.productName') });
    this.dialog = page.getByRole('dialog', { name: title });
    this.heading = this.dialog.getByRole('heading', { level: 2, name: title });
    this.confirmation = page.getByRole('dialog', { name: text(locale, 'forget.title') });
    this.forgetDone = this.dialog.getByTestId('forget-done');
  }

  button(key: string): Locator {
    return this.dialog.getByRole('button', { name: text(this.locale, key), exact: true });
  }

  async open(): Promise<void> {
    await test.step('open About', async () => {
      await this.openButton.click();
      await expect(this.heading).toBeVisible();
      // Loaded: the version row is there.
      await expect(this.dialog.getByTestId('about-version')).toBeVisible();
    });
  }
}
