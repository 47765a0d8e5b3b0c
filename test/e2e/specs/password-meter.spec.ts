// The PFX password meter in the served app: its dictionaries are not part of the first screen,
// they arrive when a password is first typed, and the usual year-and-symbol passwords are not strong.
import { join } from 'node:path';

import type { Response } from '@playwright/test';

import { type CaFixture, createCaFixture } from '../../support/certs-fixtures';
import { text } from '../catalogues';
import { expect, test } from '../fixtures';
import { CertificatePage } from '../pages/certificate-page';

const CN = 'cmg.contoso.com';
const PFX_PASSWORD = 'Correct-horse-42';
// Words only zxcvbn's English and common dictionaries hold: a script carrying them is a dictionary chunk.
const DICTIONARY_MARKERS = ['commonWords-en', 'diceware-common'];

test.describe('password meter', { tag: ['@full'] }, () => {
  let ca: CaFixture;
  test.beforeAll(() => {
    ca = createCaFixture();
  });
  test.afterAll(() => ca.cleanup());

  test('should load the dictionaries only once a password is typed, and rate Contoso@2025 as not strong', async ({
    shell,
    page,
    served,
  }) => {
    test.setTimeout(60_000);
    const scripts: Promise<string>[] = [];
    const onResponse = (response: Response): void => {
      if (response.url().endsWith('.js')) scripts.push(response.text().catch(() => ''));
    };
    const dictionaryLoaded = async (): Promise<boolean> => {
      const bodies = await Promise.all(scripts);
      return bodies.some((body) => DICTIONARY_MARKERS.some((marker) => body.includes(marker)));
    };
    // The fixture opened the first screen already: reload it with the listener in place.
    page.on('response', onResponse);
    await page.reload();
    await expect(shell.welcome.or(shell.stagePanel)).toBeVisible();

    // A PFX made by openssl, taken in to reach the export panel.
    const key = join(served.home, 'meter.key');
    const csr = ca.openssl([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      `/CN=${CN}`,
    ]);
    const cert = ca.file('meter.pem', ca.sign(csr));
    const pfx = join(served.home, 'meter.pfx');
    ca.openssl(
      [
        'pkcs12',
        '-export',
        '-in',
        cert,
        '-inkey',
        key,
        '-certfile',
        ca.file('meter-chain.pem', ca.intermediatePem),
      ].concat(['-out', pfx, '-passout', 'env:PW']),
      { PW: PFX_PASSWORD },
    );
    const stage = new CertificatePage(page, 'en');
    await shell.selectStage('server-certificate', 'en');
    await stage.route('pfx').check();
    await page.getByTestId('existing-pfx-file').setInputFiles(pfx);
    await page.getByTestId('existing-pfx-password').fill(PFX_PASSWORD);
    await stage.button('cert.existing.check').click();
    await expect(stage.check('password')).toHaveAttribute('data-severity', 'pass');
    await page.getByTestId('adopt-pfx-button').click();
    await expect(page.getByTestId('pfx-export')).toBeVisible();
    await page.getByTestId('password-mode-type').check();
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', 'empty');
    expect(await dictionaryLoaded()).toBe(false);

    await page.getByTestId('pfx-password').fill('Contoso@2025');
    const meter = page.getByTestId('password-strength');
    await expect(meter).toHaveAttribute('data-level', /^(weak|fair)$/, { timeout: 20_000 });
    await expect(meter).not.toHaveText(text('en', 'cert.password.strengthStrong'));
    await expect(page.getByTestId('password-feedback')).toBeVisible();
    await expect.poll(dictionaryLoaded).toBe(true);

    await page.getByTestId('pfx-password').fill('hK7mPq2ZrT9vXw4bNc6dFg8j');
    await expect(meter).toHaveAttribute('data-level', 'strong');
    await expect(meter).toHaveText(text('en', 'cert.password.strengthStrong'));
    page.off('response', onResponse);
  });
});
