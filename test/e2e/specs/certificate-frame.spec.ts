// The certificate stage in its frame, in each language: every sub-page in turn, a reload at each
// one reopens it, the focus lands on the new page's heading, and Cancel on "Replace it?" keeps the
// old PFX and its password (openssl opens the file with it; the preflight reads it from the keychain).
// Screenshots of every sub-page go to test-results/ for people to look at.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type CaFixture, createCaFixture } from '../../support/certs-fixtures';
import { type Locale, text } from '../catalogues';
import { expect, test } from '../fixtures';
import { CertificatePage } from '../pages/certificate-page';

const CN = 'contosocmg.contoso.com';
const FIRST_PASSWORD = 'First-Passw0rd-kept-42';
const SECOND_PASSWORD = 'Second-Passw0rd-new-42';

function opensWith(path: string, password: string): { ok: boolean; out: string } {
  const run = spawnSync('openssl', ['pkcs12', '-in', path, '-noout', '-legacy', '-passin', 'env:PW'], {
    env: { ...process.env, PW: password },
  });
  return { ok: run.status === 0, out: `${run.stdout.toString('utf8')}${run.stderr.toString('utf8')}` };
}

for (const locale of ['en', 'fr', 'nl'] as const satisfies readonly Locale[]) {
  test.describe(`certificate stage frame (${locale})`, { tag: ['@smoke'] }, () => {
    test.use({ osLanguage: locale });
    let ca: CaFixture;
    test.beforeAll(() => {
      ca = createCaFixture();
    });
    test.afterAll(() => ca.cleanup());

    test(`should go through the sub-pages, reopen each after a reload and keep the old PFX on Cancel (${locale})`, async ({
      shell,
      page,
      served,
    }) => {
      test.setTimeout(120_000);
      await expect(shell.welcome).toBeVisible();
      const stage = new CertificatePage(page, locale);
      const onPage = async (id: string, headingKey: string): Promise<void> => {
        await expect(stage.frame).toHaveAttribute('data-page', id, { timeout: 20_000 });
        await expect(stage.heading).toHaveText(text(locale, headingKey));
      };
      const stepTo = async (id: string, headingKey: string): Promise<void> => {
        await onPage(id, headingKey);
        await expect(stage.heading).toBeFocused();
      };
      const reloadAt = async (id: string, headingKey: string): Promise<void> => {
        await page.reload();
        await onPage(id, headingKey);
      };
      const shot = async (name: string): Promise<void> => {
        await expect(stage.heading).toBeVisible();
        await expect(stage.error).toHaveCount(0);
        await expect(page.getByTestId('action-error')).toHaveCount(0);
        await page.screenshot({ path: `test-results/certificate-${name}-${locale}.png`, fullPage: true });
      };

      await test.step('welcome, then the first usable stage', async () => {
        await page.screenshot({ path: `test-results/welcome-${locale}.png`, fullPage: true });
        await page.getByRole('button', { name: text(locale, 'welcome.start') }).click();
        await onPage('request', 'cert.heading.request');
        await expect(stage.subPage('answer')).toBeDisabled();
        await shot('request');
      });

      await test.step('Request → Summary: the plan before anything is made', async () => {
        await stage.cn.fill(CN);
        await stage.org.fill('Contoso');
        await stage.country.fill('BE');
        await expect(stage.cnError).toHaveCount(0);
        await stage.button('cert.form.preview').click();
        await stepTo('summary', 'cert.heading.summary');
        await expect(stage.preview).toContainText(`CN=${CN}, O=Contoso, C=BE`);
        await expect(stage.preview.getByTestId('plan-line')).toHaveCount(2);
        await shot('summary');
      });

      await test.step('create → CA answer; a reload reopens it with the request to send', async () => {
        await stage.button('cert.preview.createCsr').click();
        await stepTo('answer', 'cert.heading.answer');
        await shot('answer');
        await reloadAt('answer', 'cert.heading.answer');
        await expect(stage.csrResult).toContainText(CN);
      });

      await test.step('the CA answer, then Export; a reload reopens Export', async () => {
        const csrPem = (await page.getByTestId('csr-pem').textContent()) ?? '';
        const leaf = ca.sign(csrPem);
        await stage.answerFile.setInputFiles(
          ca.file(`answer-${locale}.pem`, `${leaf}${ca.intermediatePem}${ca.rootPem}`),
        );
        await expect(stage.answerChain).toContainText(text(locale, 'cert.answer.matched'));
        await stage.button('frame.next').click();
        await stepTo('export', 'cert.export.heading');
        await reloadAt('export', 'cert.export.heading');
      });

      const pfxPath = join(served.home, `cmg-${locale}.pfx`);
      await test.step('export with a typed password → Check; a reload reopens Check from the keychain', async () => {
        await stage.pfxPath.fill(pfxPath);
        await page.getByTestId('password-mode-type').check();
        await page.getByTestId('pfx-password').fill(FIRST_PASSWORD);
        await shot('export');
        await stage.exportButton.click();
        await stepTo('check', 'cert.preflight.heading');
        await expect(stage.verdict).toHaveAttribute('data-errors', '0');
        await expect(page.getByTestId('what-happens-next').getByRole('link').first()).toHaveAttribute(
          'href',
          /^https:\/\/learn\.microsoft\.com\//,
        );
        await shot('check');
        await reloadAt('check', 'cert.preflight.heading');
        await expect(stage.check('password')).toHaveAttribute('data-severity', 'pass');
        await expect(stage.subPage('answer')).toContainText(text(locale, 'cert.page.answer'));
      });

      await test.step('"Replace it?" → Cancel keeps the old file and its password', async () => {
        await stage.subPage('export').click();
        await stepTo('export', 'cert.export.heading');
        await expect(stage.pfxPath).toHaveValue(pfxPath);
        const before = readFileSync(pfxPath);
        await page.getByTestId('password-mode-type').check();
        await page.getByTestId('pfx-password').fill(SECOND_PASSWORD);
        await stage.exportButton.click();
        await expect(page.getByTestId('pfx-replace')).toBeVisible();
        // Asked, not done: no "saved" line while the question is open; Cancel has the focus.
        await expect(page.getByTestId('pfx-exported')).toHaveCount(0);
        await expect(page.getByTestId('pfx-replace-cancel')).toBeFocused();
        await shot('replace');
        await page.getByTestId('pfx-replace-cancel').click();
        await expect(page.getByTestId('pfx-replace')).toHaveCount(0);
        expect(readFileSync(pfxPath).equals(before)).toBe(true);
        const first = opensWith(pfxPath, FIRST_PASSWORD);
        expect(first.ok, first.out).toBe(true);
        expect(opensWith(pfxPath, SECOND_PASSWORD).ok).toBe(false);
        // The preflight reads the password from the keychain: still the first one.
        await stage.subPage('check').click();
        await reloadAt('check', 'cert.preflight.heading');
        await expect(stage.check('password')).toHaveAttribute('data-severity', 'pass');
      });

      if (locale === 'en') {
        await test.step('narrow window (640 px) and dark mode', async () => {
          await page.setViewportSize({ width: 640, height: 900 });
          const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
          expect(scrollWidth).toBeLessThanOrEqual(640);
          await shot('check-narrow');
          await page.setViewportSize({ width: 1024, height: 800 });
          await page.emulateMedia({ colorScheme: 'dark' });
          await stage.subPage('export').click();
          await expect(stage.pfxPath).toBeVisible();
          expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            1024,
          );
          await shot('export-dark-1024');
        });
      }
    });
  });
}
