import { expect, type Locator, type Page, test } from '@playwright/test';

import { type Locale, type StageId, stageKey, text } from '../catalogues';

function startsWith(value: string): RegExp {
  return new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** The wizard shell: header, stage rail and the current stage's panel. */
export class ShellPage {
  readonly page: Page;
  readonly html: Locator;
  readonly productHeading: Locator;
  readonly modeBadge: Locator;
  readonly languageSwitch: Locator;
  readonly rail: Locator;
  readonly stagePanel: Locator;
  readonly stageTitle: Locator;
  readonly comingLater: Locator;
  readonly comingLaterPlan: Locator;
  readonly welcome: Locator;

  constructor(page: Page) {
    this.page = page;
    this.html = page.locator('html');
    this.productHeading = page.getByRole('heading', { level: 1 });
    this.modeBadge = page.getByTestId('mode-badge');
    this.languageSwitch = page.getByTestId('language-switch');
    // The stage rail (a stage's own sub-page list is a navigation region too).
    this.rail = page.getByTestId('stage-rail');
    this.stagePanel = page.getByTestId('stage-panel');
    this.stageTitle = page.getByTestId('stage-title');
    this.comingLater = page.getByTestId('coming-later');
    this.comingLaterPlan = page.getByTestId('coming-later-plan');
    this.welcome = page.getByTestId('welcome');
  }

  /** Opens the printed URL (token → cookie → redirect) and waits for the rail and the first screen. */
  async open(url: string): Promise<void> {
    await test.step('open the assistant', async () => {
      await this.page.goto(url);
      await expect(this.rail).toBeVisible();
      await expect(this.welcome.or(this.stagePanel)).toBeVisible();
    });
  }

  /** From the welcome (a fresh start) to the stage the host has as current, through the rail. */
  async leaveWelcome(stage: StageId, locale: Locale): Promise<void> {
    await test.step('leave the welcome', async () => {
      await this.railButton(stage, locale).click();
      await expect(this.stagePanel).toHaveAttribute('data-stage', stage);
    });
  }

  railButton(stage: StageId, locale: Locale): Locator {
    return this.rail.getByRole('button', { name: startsWith(text(locale, stageKey(stage, 'title'))) });
  }

  languageCombobox(locale: Locale): Locator {
    return this.page.getByRole('combobox', { name: text(locale, 'shell.languageLabel') });
  }

  nextButton(locale: Locale): Locator {
    return this.stagePanel.getByRole('button', { name: text(locale, 'shell.nextStage') });
  }

  async selectStage(stage: StageId, locale: Locale): Promise<void> {
    await test.step(`select stage ${stage}`, async () => {
      await this.railButton(stage, locale).click();
      await expect(this.stagePanel).toHaveAttribute('data-stage', stage);
    });
  }

  /** Switches language through the visible control, named in the language shown before. */
  async switchLanguage(from: Locale, to: Locale): Promise<void> {
    await test.step(`switch language ${from} → ${to}`, async () => {
      await this.languageCombobox(from).selectOption(to);
      await expect(this.html).toHaveAttribute('lang', to);
    });
  }
}
