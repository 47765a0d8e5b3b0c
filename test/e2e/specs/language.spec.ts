import { type Locale, STAGE_IDS, stageKey, statusKey, text } from '../catalogues';
import { expect, test } from '../fixtures';
import type { ShellPage } from '../pages/shell-page';

/** Stages with their own page; the rail says "Coming later" for the others. */
const BUILT_STAGES: ReadonlySet<string> = new Set(['server-certificate']);

async function expectShellIn(shell: ShellPage, locale: Locale, onStage = true): Promise<void> {
  await expect(shell.html).toHaveAttribute('lang', locale);
  await expect(shell.productHeading).toHaveText(text(locale, 'app.productName'));
  await expect(shell.modeBadge).toHaveText(text(locale, 'shell.badgeRehearsal'));
  await expect(shell.languageCombobox(locale)).toBeVisible();
  await expect(shell.rail).toHaveAccessibleName(text(locale, 'shell.stagesLabel'));
  for (const stage of STAGE_IDS) {
    await expect(shell.railButton(stage, locale)).toContainText(
      BUILT_STAGES.has(stage) ? text(locale, statusKey('not-started')) : text(locale, 'status.comingLater'),
    );
  }
  if (onStage) await expect(shell.comingLater).toContainText(text(locale, 'comingLater.intro'));
  await expect(shell.page).toHaveTitle(text(locale, 'app.productName'));
}

test.describe('language switch', { tag: ['@smoke'] }, () => {
  test('should show the catalogue texts of each language when switching en → fr → nl', async ({ shell }) => {
    await shell.selectStage('cloud-management-gateway', 'en');
    await expectShellIn(shell, 'en');
    await shell.switchLanguage('en', 'fr');
    await expectShellIn(shell, 'fr');
    await expect(shell.stageTitle).toHaveText(text('fr', stageKey('cloud-management-gateway', 'title')));
    await expect(shell.comingLaterPlan).toHaveText(text('fr', stageKey('cloud-management-gateway', 'plan')));
    await shell.switchLanguage('fr', 'nl');
    await expectShellIn(shell, 'nl');
    await expect(shell.stageTitle).toHaveText(text('nl', stageKey('cloud-management-gateway', 'title')));
  });

  test('should keep the language and the stage when the page is reloaded', async ({ shell, page }) => {
    await shell.leaveWelcome('prerequisites', 'en');
    await shell.switchLanguage('en', 'nl');
    await shell.selectStage('intune-app', 'nl');
    await page.reload();
    await expect(shell.stagePanel).toHaveAttribute('data-stage', 'intune-app');
    await expectShellIn(shell, 'nl');
    await expect(shell.stageTitle).toHaveText(text('nl', stageKey('intune-app', 'title')));
  });
});

test.describe('first run in French', () => {
  test.use({ osLanguage: 'fr_BE.UTF-8' });

  test('should follow the operating system language when no language was chosen', async ({ shell, page }) => {
    await expectShellIn(shell, 'fr', false);
    await expect(page.getByRole('heading', { level: 2, name: text('fr', 'welcome.heading') })).toBeVisible();
    await expect(shell.welcome).toContainText(text('fr', 'welcome.simulation'));
  });
});
