import { STAGE_IDS, stageKey, statusKey, text } from '../catalogues';
import { expect, test } from '../fixtures';

/** Stages that have their own page; the others still show the coming-later panel. */
const BUILT_STAGES: ReadonlySet<string> = new Set(['server-certificate']);

test.describe('wizard shell navigation', { tag: ['@smoke'] }, () => {
  test('should show every stage with its status in tutorial order when the assistant opens', async ({
    shell,
  }) => {
    const buttons = shell.rail.getByRole('button');
    await expect(buttons).toHaveCount(STAGE_IDS.length);
    for (const [index, stage] of STAGE_IDS.entries()) {
      const button = buttons.nth(index);
      await expect(button).toContainText(text('en', stageKey(stage, 'title')));
      // Stages not built yet say so, instead of "Not started" like the ones that can be used.
      await expect(button).toContainText(
        BUILT_STAGES.has(stage) ? text('en', statusKey('not-started')) : text('en', 'status.comingLater'),
      );
    }
    await expect(shell.modeBadge).toHaveText(text('en', 'shell.badgeRehearsal'));
    await expect(shell.productHeading).toHaveText(text('en', 'app.productName'));
  });

  test('should open each stage (built or coming-later panel) when its rail entry is chosen', async ({
    shell,
    page,
  }) => {
    for (const stage of STAGE_IDS) {
      await shell.selectStage(stage, 'en');
      await expect(shell.stageTitle).toHaveText(text('en', stageKey(stage, 'title')));
      await expect(shell.railButton(stage, 'en')).toHaveAttribute('aria-current', 'step');
      if (BUILT_STAGES.has(stage)) {
        await expect(page.getByTestId('coming-later')).toHaveCount(0);
        continue;
      }
      await expect(shell.comingLater).toBeVisible();
      await expect(shell.comingLater).toContainText(text('en', 'comingLater.badge'));
      await expect(shell.comingLaterPlan).toHaveText(text('en', stageKey(stage, 'plan')));
    }
    await expect(shell.rail.locator('[aria-current="step"]')).toHaveCount(1);
  });

  test('should open on the welcome, then on the first usable stage', async ({ shell, page }) => {
    await expect(shell.welcome).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: text('en', 'welcome.heading') })).toBeVisible();
    await expect(shell.welcome).toContainText(text('en', 'welcome.nothingReal'));
    // Where progress and secrets are kept, before anything is made.
    await expect(page.getByTestId('welcome-storage')).toHaveText(text('en', 'welcome.storage'));
    await page.getByRole('button', { name: text('en', 'welcome.start') }).click();
    await expect(shell.stagePanel).toHaveAttribute('data-stage', 'server-certificate');
    await page.reload();
    await expect(shell.stagePanel).toHaveAttribute('data-stage', 'server-certificate');
    await expect(shell.welcome).toHaveCount(0);
  });

  test('should walk forward through all stages when the next button is used', async ({ shell }) => {
    await shell.leaveWelcome('prerequisites', 'en');
    for (const [index, stage] of STAGE_IDS.entries()) {
      await expect(shell.stagePanel).toHaveAttribute('data-stage', stage);
      await expect(shell.stagePanel).toContainText(
        text('en', 'shell.stagePosition', { current: index + 1, total: STAGE_IDS.length }),
      );
      if (index < STAGE_IDS.length - 1) await shell.nextButton('en').click();
    }
    await expect(shell.nextButton('en')).toHaveCount(0);
  });

  test('should move through the rail with the keyboard when arrow keys and Enter are pressed', async ({
    shell,
    page,
  }) => {
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: text('en', 'shell.skipToContent') });
    await expect(skipLink).toBeFocused();
    await shell.railButton('prerequisites', 'en').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(shell.railButton('server-certificate', 'en')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(shell.stagePanel).toHaveAttribute('data-stage', 'server-certificate');
    await page.keyboard.press('End');
    await expect(shell.railButton('summary', 'en')).toBeFocused();
  });

  test('should come back to the chosen stage when the page is reloaded', async ({ shell, page }) => {
    await shell.selectStage('co-management', 'en');
    await page.reload();
    await expect(shell.stagePanel).toHaveAttribute('data-stage', 'co-management');
    await expect(shell.railButton('co-management', 'en')).toHaveAttribute('aria-current', 'step');
  });
});
