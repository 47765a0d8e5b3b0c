// The whole "Server certificate" stage in French, in rehearsal mode, checked with openssl.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type CaFixture, createCaFixture } from '../../support/certs-fixtures';
import { serviceText, statusKey, text } from '../catalogues';
import { expect, test } from '../fixtures';
import { CertificatePage } from '../pages/certificate-page';

const CN = 'contosocmg.contoso.com';

function openssl(args: readonly string[], env: Record<string, string> = {}): { ok: boolean; out: string } {
  const run = spawnSync('openssl', [...args], { env: { ...process.env, ...env } });
  return { ok: run.status === 0, out: `${run.stdout.toString('utf8')}${run.stderr.toString('utf8')}` };
}

test.describe('server certificate stage', { tag: ['@smoke'] }, () => {
  test.use({ osLanguage: 'fr-BE' });
  let ca: CaFixture;
  test.beforeAll(() => {
    ca = createCaFixture();
  });
  test.afterAll(() => ca.cleanup());

  test('should take a request from the form to a checked PFX when the admin works in French', async ({
    shell,
    page,
    served,
  }) => {
    test.setTimeout(90_000);
    const stage = new CertificatePage(page, 'fr');
    await shell.selectStage('server-certificate', 'fr');
    await expect(stage.root).toContainText(text('fr', 'cert.providerNote'));

    await test.step('choose the route with the keyboard', async () => {
      await stage.route('request').focus();
      await page.keyboard.press('Space');
      await expect(stage.route('request')).toBeChecked();
    });

    await test.step('see precise French messages while typing', async () => {
      await stage.cn.fill('mon-cmg.contoso.com');
      await expect(stage.cnError).toHaveText(
        serviceText('fr', 'certs', 'certs.cn.prefixCharacters', {
          prefix: 'mon-cmg',
          suggestion: 'moncmg.contoso.com',
        }),
      );
      await expect(stage.cn).toHaveAttribute('aria-invalid', 'true');
      await stage.country.fill('XX');
      await expect(stage.countryError).toHaveText(
        serviceText('fr', 'certs', 'certs.field.countryUnknown', { value: 'XX' }),
      );
      await stage.org.fill('Contoso, "SA"');
      await expect(page.getByTestId('field-org-error')).toHaveText(
        serviceText('fr', 'certs', 'certs.field.specialCharacter', { character: ',' }),
      );
      await stage.button('cert.form.preview').click();
      await expect(stage.preview).toHaveCount(0);
    });

    await test.step('fix the fields and read the CN helper', async () => {
      await stage.cn.fill(CN);
      await stage.country.fill('BE');
      await stage.org.fill('Contoso SA');
      await stage.sans.fill('cmg-backup.contoso.com');
      await expect(stage.cnError).toHaveCount(0);
      await expect(page.getByTestId('cn-azure-name')).toHaveText('contosocmg.<region>.cloudapp.azure.com');
      await expect(page.getByTestId('cn-cname')).toContainText(
        `${CN}  CNAME  contosocmg.<region>.cloudapp.azure.com`,
      );
    });

    await test.step('preview, then create the key and the CSR', async () => {
      await stage.button('cert.form.preview').click();
      await expect(stage.preview).toContainText(`CN=${CN}, O=Contoso SA, C=BE`);
      await expect(stage.preview).toContainText(`${CN}, cmg-backup.contoso.com`);
      await expect(stage.preview).toContainText('Microsoft RSA SChannel Cryptographic Provider');
      await stage.button('cert.preview.createCsr').click();
      await expect(stage.csrResult).toBeVisible({ timeout: 20_000 });
      await expect(shell.railButton('server-certificate', 'fr')).toContainText(
        text('fr', statusKey('in-progress')),
      );
    });

    const csrPath = join(served.home, 'contosocmg.csr');
    await test.step('save the CSR where the admin chooses; openssl verifies it', async () => {
      await page.getByTestId('csr-path').fill(csrPath);
      await page.getByTestId('csr-save').click();
      await expect(page.getByTestId('csr-saved')).toHaveText(text('fr', 'cert.save.done', { path: csrPath }));
      const verify = openssl(['req', '-in', csrPath, '-noout', '-verify', '-text']);
      expect(verify.ok, verify.out).toBe(true);
      expect(verify.out).toMatch(/verify OK/i);
      expect(verify.out).toContain(`DNS:${CN}, DNS:cmg-backup.contoso.com`);
      expect(verify.out).toContain('sha256WithRSAEncryption');
      // Saving again where a file now is asks first; it is replaced only when confirmed.
      await page.getByTestId('csr-save').click();
      await expect(page.getByTestId('csr-replace')).toBeVisible();
      await page.getByTestId('csr-replace-confirm').click();
      await expect(page.getByTestId('csr-replace')).toHaveCount(0);
      await expect(page.getByTestId('csr-saved')).toBeVisible();
      expect(readFileSync(csrPath, 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');
    });

    await test.step('drop the CA answer: a certificate that is not for this key is refused', async () => {
      const stranger = ca.file(
        'stranger.csr',
        ca.openssl([
          'req',
          '-new',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          'stranger.key',
          '-subj',
          `/CN=${CN}`,
        ]),
      );
      const strangerCert = ca.file('stranger.pem', ca.sign(readFileSync(stranger, 'utf8')));
      await stage.answerFile.setInputFiles(strangerCert);
      await expect(stage.error).toContainText(
        serviceText('fr', 'certs', 'certs.import.noMatchingKey', { count: 1 }),
      );
    });

    await test.step('drop the real answer (PKCS#7 with the chain)', async () => {
      const leaf = ca.sign(readFileSync(csrPath, 'utf8'));
      const p7b = ca.file('answer.p7b', ca.toPkcs7([leaf, ca.intermediatePem, ca.rootPem], 'DER'));
      await stage.answerFile.setInputFiles(p7b);
      await expect(stage.answerChain).toContainText(text('fr', 'cert.answer.matched'));
      await expect(stage.answerChain).toContainText(text('fr', 'cert.answer.complete'));
      await stage.button('frame.next').click();
    });

    const pfxPath = join(served.home, 'contosocmg.pfx');
    await test.step('export the PFX with a generated password shown once', async () => {
      await stage.pfxPath.fill(pfxPath);
      await stage.exportButton.click();
      await expect(stage.passwordReveal).toBeVisible({ timeout: 20_000 });
      const password = (await stage.revealedPassword.textContent())?.trim() ?? '';
      expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
      const info = openssl(
        ['pkcs12', '-in', pfxPath, '-info', '-noout', '-passin', 'env:PFX_PASSWORD', '-legacy'],
        {
          PFX_PASSWORD: password,
        },
      );
      expect(info.ok, info.out).toBe(true);
      expect(info.out).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
      await stage.button('cert.password.saved').click();
      await expect(stage.passwordReveal).toHaveCount(0);
      await expect(page.locator('body')).not.toContainText(password);
    });

    await test.step('read the preflight checklist', async () => {
      await expect(stage.verdict).toBeVisible();
      await expect(stage.verdict).toHaveAttribute('data-errors', '0');
      for (const id of [
        'password',
        'key-match',
        'key-size',
        'signature-hash',
        'server-auth-eku',
        'san-contains-cn',
      ]) {
        await expect(stage.check(id)).toHaveAttribute('data-severity', 'pass');
      }
      // The test CA is private: internet-based devices would not trust it without its root, so a warning.
      await expect(stage.check('chain')).toHaveAttribute('data-severity', 'warning');
      // The CSP attribute is reported as information: which provider Windows will use.
      await expect(stage.check('csp-attribute')).toContainText(
        'Microsoft RSA SChannel Cryptographic Provider',
      );
      await expect(shell.railButton('server-certificate', 'fr')).toContainText(text('fr', statusKey('done')));
    });
    expect(existsSync(pfxPath)).toBe(true);
    // For people to look at (README, reviews); not compared pixel by pixel.
    await page.screenshot({ path: 'test-results/certificate-fr.png', fullPage: true });
  });

  test('should check an existing PFX, explain a wrong password, and export it again for Windows in French', async ({
    shell,
    page,
    served,
  }) => {
    test.setTimeout(60_000);
    const stage = new CertificatePage(page, 'fr');
    await shell.selectStage('server-certificate', 'fr');
    // A PFX made by openssl, as another tool would.
    const key = join(served.home, 'other.key');
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
    const cert = ca.file('other.pem', ca.sign(csr));
    const pfx = join(served.home, 'other.pfx');
    ca.openssl(
      [
        'pkcs12',
        '-export',
        '-in',
        cert,
        '-inkey',
        key,
        '-certfile',
        ca.file('chain.pem', ca.intermediatePem),
        '-out',
        pfx,
        '-passout',
        'env:PW',
      ],
      { PW: 'Correct-horse-42' },
    );

    await stage.route('pfx').check();
    await page.getByTestId('existing-pfx-file').setInputFiles(pfx);
    await page.getByTestId('existing-pfx-password').fill('wrong password');
    await stage.button('cert.existing.check').click();
    await expect(stage.check('password')).toHaveAttribute('data-severity', 'error');
    await expect(stage.verdict).toHaveAttribute('data-errors', '1');

    await page.getByTestId('existing-pfx-password').fill('Correct-horse-42');
    await page.getByLabel(text('fr', 'cert.existing.expectCn')).fill(CN);
    await stage.button('cert.existing.check').click();
    await expect(stage.check('password')).toHaveAttribute('data-severity', 'pass');
    await expect(stage.check('expected-cn')).toHaveAttribute('data-severity', 'pass');
    // openssl 3 writes AES-256 + SHA-256 MAC by default: the preflight warns about old Windows.
    await expect(stage.check('pfx-encryption')).toHaveAttribute('data-severity', 'warning');
    await expect(page.getByTestId('existing-pfx-password')).toHaveValue('');

    // Take it in and export it again with the Windows profile; an existing file is never replaced silently.
    await page.getByTestId('adopt-pfx-button').click();
    await expect(page.getByTestId('pfx-export')).toBeVisible();
    await stage.pfxPath.fill(pfx);
    await stage.exportButton.click();
    await expect(page.getByTestId('pfx-replace')).toBeVisible();
    const again = join(served.home, 'other-windows.pfx');
    await stage.pfxPath.fill(again);
    await stage.exportButton.click();
    await expect(stage.passwordReveal).toBeVisible({ timeout: 20_000 });
    const password = (await stage.revealedPassword.textContent())?.trim() ?? '';
    await expect(stage.check('pfx-encryption')).toHaveAttribute('data-severity', 'pass');
    await expect(stage.check('csp-attribute')).toContainText('Microsoft RSA SChannel Cryptographic Provider');
    const info = openssl(['pkcs12', '-in', again, '-info', '-noout', '-legacy', '-passin', 'env:PW'], {
      PW: password,
    });
    expect(info.ok, info.out).toBe(true);
    expect(info.out).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
  });

  test('should write a certreq INF that certreq can read when the Windows route is chosen', async ({
    shell,
    page,
    served,
  }) => {
    const stage = new CertificatePage(page, 'fr');
    await shell.selectStage('server-certificate', 'fr');
    await stage.route('inf').check();
    await stage.cn.fill(CN);
    await page.getByRole('radio', { name: text('fr', 'cert.form.providerKsp') }).check();
    await stage.button('cert.form.preview').click();
    await expect(stage.preview).toContainText('Microsoft Software Key Storage Provider');
    await stage.button('cert.preview.createInf').click();
    await expect(page.getByTestId('inf-text')).toContainText(`Subject = "CN=${CN}"`);
    const infPath = join(served.home, 'cmg.inf');
    await page.getByTestId('inf-path').fill(infPath);
    await page.getByTestId('inf-save').click();
    await expect(page.getByTestId('inf-saved')).toBeVisible();
    const inf = readFileSync(infPath);
    expect(inf.toString('latin1')).toMatch(/^\[Version\]\r\n/);
    expect(inf.toString('latin1')).toContain('ProviderName = "Microsoft Software Key Storage Provider"\r\n');
    expect(inf.toString('latin1')).toContain('Exportable = TRUE');
    await expect(page.getByTestId('inf-commands')).toContainText('certreq -new');
  });
});
