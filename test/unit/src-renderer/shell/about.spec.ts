// The About dialog and "Forget everything" against the real host in-process: licences from a
// licences file, each update-check answer as the dialog shows it, and forgetting only once confirmed.
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { UPDATE_URL_VARIABLE as HOST_UPDATE_URL_VARIABLE } from '/@/src-main/maintenance';
import en from '/@/src-renderer/i18n/en.json';
import fr from '/@/src-renderer/i18n/fr.json';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';
import { AboutState, filterLicenses, UPDATE_URL_VARIABLE } from '/@/src-renderer/shell/about.svelte';
import AboutDialog from '/@/src-renderer/shell/AboutDialog.svelte';

import { type InProcessHost, startInProcessHost } from '../in-process-api';
import WithWizard from '../WithWizard.svelte';

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// jsdom has no modal dialogs: opening one is enough for these tests (Chromium runs the real thing in e2e).
beforeAll(() => {
  Object.defineProperty(HTMLDialogElement.prototype, 'showModal', {
    configurable: true,
    value(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    },
  });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLDialogElement.prototype, 'showModal');
});

function renderDialog(wizard: WizardState, about: AboutState): void {
  render(WithWizard, {
    props: {
      wizard,
      component: AboutDialog as unknown as Component<Record<string, unknown>>,
      props: { about, onclose: () => {} },
    },
  });
}

describe('licence filter', () => {
  const licenses = [
    { name: 'zod', version: '4.1.0', license: 'MIT' },
    { name: '@napi-rs/keyring', version: '1.2.0', license: 'MIT' },
    { name: 'node-forge', version: '1.3.1', license: '(BSD-3-Clause OR GPL-2.0)' },
  ];

  it('should sort by name and match name, version or licence case-insensitively', () => {
    expect(filterLicenses(licenses, '').map((entry) => entry.name)).toEqual([
      '@napi-rs/keyring',
      'node-forge',
      'zod',
    ]);
    expect(filterLicenses(licenses, ' bsd ').map((entry) => entry.name)).toEqual(['node-forge']);
    expect(filterLicenses(licenses, 'zod@4').map((entry) => entry.name)).toEqual(['zod']);
    expect(filterLicenses(licenses, 'apache')).toEqual([]);
  });

  it('should name the same update variable as the host', () => {
    expect(UPDATE_URL_VARIABLE).toBe(HOST_UPDATE_URL_VARIABLE);
  });
});

describe('About against the real host', () => {
  let host: InProcessHost;
  let server: Server;
  let answer = '';
  const env: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(answer);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    host = await startInProcessHost('fr', { env, version: '1.2.0' });
  });
  afterAll(async () => {
    await host.close();
    server.close();
  });
  beforeEach(() => {
    delete env[UPDATE_URL_VARIABLE];
  });

  function configureUpdates(): void {
    env[UPDATE_URL_VARIABLE] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest.json`;
  }

  it('should say the organisation can configure the check, with the variable, when it is not configured', async () => {
    const wizard = new WizardState(host.api, 'fr');
    const about = new AboutState(host.api, describeError, async () => {});
    await about.load();
    expect(about.about?.updateCheckConfigured).toBe(false);
    expect(about.about?.licenses).toBeNull();
    expect(about.about?.canOpenFolders).toBe(false);
    renderDialog(wizard, about);
    expect(screen.getByTestId('update-not-configured')).toHaveTextContent(UPDATE_URL_VARIABLE);
    expect(screen.queryByRole('button', { name: fr['about.checkUpdate'] })).toBeNull();
    expect(screen.queryByRole('button', { name: fr['about.openLogsFolder'] })).toBeNull();
    expect(screen.getByTestId('about-no-licenses')).toHaveTextContent(fr['about.licensesFromSources']);
    expect(screen.getByTestId('about-data-folder')).toHaveTextContent(host.home);
    expect(screen.getByTestId('about-logs-folder')).toHaveTextContent(join(host.home, 'logs'));
    expect(screen.getByTestId('about-version')).toHaveTextContent('1.2.0');
  });

  const cases = [
    {
      status: 'up-to-date',
      body: JSON.stringify({ version: '1.2.0', url: 'https://downloads.contoso.com/comanage' }),
      shows: 'Vous avez la dernière version (1.2.0).',
    },
    {
      status: 'available',
      body: JSON.stringify({ version: '1.3.0', url: 'https://downloads.contoso.com/comanage/1.3.0' }),
      shows: 'La version 1.3.0 est disponible.',
    },
    { status: 'failed', body: '{"version": "soon"}', shows: fr['about.updateInvalidAnswer'] },
  ] as const;
  for (const { status, body, shows } of cases) {
    it(`should show the ${status} answer of the update check in French`, async () => {
      configureUpdates();
      answer = body;
      const wizard = new WizardState(host.api, 'fr');
      const about = new AboutState(host.api, describeError, async () => {});
      await about.load();
      renderDialog(wizard, about);
      await fireEvent.click(screen.getByRole('button', { name: fr['about.checkUpdate'] }));
      const result = await screen.findByTestId('update-result');
      await waitFor(() => expect(result).toHaveAttribute('data-status', status));
      expect(result).toHaveTextContent(shows);
      if (status === 'available') {
        // Not a link: the window opens only allow-listed Microsoft sites, so the address is copied.
        expect(within(result).getByTestId('update-url')).toHaveTextContent(
          'https://downloads.contoso.com/comanage/1.3.0',
        );
        expect(within(result).getByRole('button', { name: fr['about.copyUpdateUrl'] })).toBeVisible();
        expect(within(result).queryByRole('link')).toBeNull();
      }
    });
  }

  it('should say the address is unreachable, and that an http address off this computer is refused', async () => {
    const about = new AboutState(host.api, describeError, async () => {});
    env[UPDATE_URL_VARIABLE] = 'http://127.0.0.1:1/latest.json';
    await about.checkUpdate();
    expect(about.update).toEqual({ status: 'failed', reason: 'unreachable' });

    env[UPDATE_URL_VARIABLE] = 'http://downloads.contoso.com/latest.json';
    await about.load();
    renderDialog(new WizardState(host.api, 'fr'), about);
    await fireEvent.click(screen.getByRole('button', { name: fr['about.checkUpdate'] }));
    await waitFor(() => expect(screen.getByTestId('update-result')).toHaveAttribute('data-status', 'failed'));
    expect(screen.getByTestId('update-result')).toHaveTextContent(UPDATE_URL_VARIABLE);
    expect(screen.getByTestId('update-result')).toHaveTextContent('https://');
  });
});

describe('About with a licences file', () => {
  let host: InProcessHost;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'licences-'));
    const file = join(folder, 'third-party-licenses.json');
    await writeFile(
      file,
      JSON.stringify([
        { name: 'zod', version: '4.1.0', license: 'MIT' },
        { name: '@napi-rs/keyring', version: '1.2.0', license: 'MIT' },
        { name: 'node-forge', version: '1.3.1', license: '(BSD-3-Clause OR GPL-2.0)' },
        // The build lists a package once per place it is installed: shown once.
        { name: 'zod', version: '4.1.0', license: 'MIT' },
      ]),
    );
    host = await startInProcessHost('en', { licensesFile: file });
  });
  afterAll(async () => {
    await host.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('should list every licence once as name@version — licence and narrow the list as the admin searches', async () => {
    const about = new AboutState(host.api, describeError, async () => {});
    await about.load();
    renderDialog(new WizardState(host.api, 'en'), about);
    const list = screen.getByTestId('about-licenses');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '@napi-rs/keyring@1.2.0 — MIT',
      'node-forge@1.3.1 — (BSD-3-Clause OR GPL-2.0)',
      'zod@4.1.0 — MIT',
    ]);
    expect(screen.getByText('3 components of 3 shown')).toBeVisible();
    await fireEvent.input(screen.getByLabelText(en['about.licenseFilter']), { target: { value: 'forge' } });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['node-forge@1.3.1 — (BSD-3-Clause OR GPL-2.0)']);
    expect(screen.getByText('1 component of 3 shown')).toBeVisible();
  });
});

describe('Forget everything against the real host', () => {
  let host: InProcessHost;
  beforeEach(async () => {
    host = await startInProcessHost('nl');
    await host.secrets.set('pfx-password:cmg', 'geheim-1');
    await host.secrets.set('cert-key-passphrase:cmg', 'geheim-2');
  });
  afterEach(async () => host.close());

  it('should refuse to forget when the admin was not asked first, and the host refuses an unconfirmed request', async () => {
    let reloaded = 0;
    const about = new AboutState(host.api, describeError, async () => {
      reloaded += 1;
    });
    expect(await about.forget()).toBe(false);
    about.askToForget();
    about.cancelForget();
    expect(await about.forget()).toBe(false);
    expect(about.forgotten).toBeNull();
    expect(reloaded).toBe(0);
    // The host checks the confirmation in as many words too.
    const unconfirmed = host.api.invoke as unknown as (
      channel: string,
      ...args: unknown[]
    ) => Promise<unknown>;
    await expect(unconfirmed('app:forget-everything', {})).rejects.toMatchObject({ code: 'invalid-input' });
    expect(host.secrets.names()).toEqual(['cert-key-passphrase:cmg', 'pfx-password:cmg']);
  });

  it('should remove the keychain entries once confirmed, show the counts in Dutch and reload the app', async () => {
    const wizard = new WizardState(host.api, 'nl');
    await wizard.load();
    await wizard.setLanguage('fr');
    expect(wizard.info?.localeChosen).toBe(true);
    const about = new AboutState(host.api, describeError, () => wizard.load());
    await about.load();
    renderDialog(wizard, about);

    await fireEvent.click(screen.getByRole('button', { name: fr['forget.open'] }));
    const confirmation = await screen.findByRole('dialog', { name: fr['forget.title'] });
    // Cancel is the default: it has the focus, so Enter right away destroys nothing.
    expect(within(confirmation).getByRole('button', { name: fr['forget.cancel'] })).toHaveFocus();
    expect(confirmation).toHaveTextContent(fr['forget.warning']);
    await fireEvent.click(within(confirmation).getByRole('button', { name: fr['forget.confirm'] }));

    const done = await screen.findByTestId('forget-done');
    expect(host.secrets.names()).toEqual([]);
    expect(about.forgotten?.removedSecrets).toBe(2);
    // Forgetting drops the chosen language too: the shell reloads and follows the OS (nl) again.
    await waitFor(() => expect(wizard.i18n.locale).toBe('nl'));
    expect(wizard.info?.localeChosen).toBe(false);
    expect(done).toHaveTextContent(/2 geheimen verwijderd/);
    expect(screen.queryByRole('dialog', { name: fr['forget.title'] })).toBeNull();
  });
});
