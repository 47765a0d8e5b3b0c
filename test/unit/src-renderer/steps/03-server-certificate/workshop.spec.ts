// The stage's state class against the real host in-process (services, keychain stand-in, files).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  CertificateWorkshop,
  fileStem,
  joinPath,
  toRequestInput,
  VALIDATION_DELAY_MS,
} from '../../../../../src-renderer/steps/03-server-certificate/workshop.svelte';
import { type CaFixture, createCaFixture } from '../../../../support/certs-fixtures';
import { FakeApi } from '../../fake-api';
import { type InProcessHost, startInProcessHost } from '../../in-process-api';

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

describe('toRequestInput', () => {
  it('should split alternative names on lines, commas and spaces and drop empty subject fields', () => {
    const input = toRequestInput({
      cn: ' cmg.contoso.com ',
      sans: 'a.contoso.com\nb.contoso.com, c.contoso.com\n\n',
      org: 'Contoso',
      ou: ' ',
      locality: '',
      state: '',
      country: 'be',
      keySize: 4096,
      provider: 'ksp',
      renewal: false,
      previousCn: 'old.contoso.com',
    });
    expect(input).toEqual({
      cn: 'cmg.contoso.com',
      sans: ['a.contoso.com', 'b.contoso.com', 'c.contoso.com'],
      org: 'Contoso',
      country: 'BE',
      keySize: 4096,
      provider: 'ksp',
    });
  });

  it('should pass the previous CN only when the admin says it is a renewal', () => {
    const form = {
      cn: 'cmg.contoso.com',
      sans: '',
      org: '',
      ou: '',
      locality: '',
      state: '',
      country: '',
      keySize: 2048 as const,
      provider: 'schannel' as const,
      renewal: true,
      previousCn: 'CMG.contoso.com',
    };
    expect(toRequestInput(form).previousCn).toBe('CMG.contoso.com');
  });
});

describe('file names', () => {
  it('should name files after the CN and join with the host separator', () => {
    expect(fileStem('*.contoso.com')).toBe('wildcard.contoso.com');
    expect(fileStem('')).toBe('cmg-server');
    expect(joinPath('C:\\Users\\admin\\Documents', 'cmg.csr', '\\')).toBe(
      'C:\\Users\\admin\\Documents\\cmg.csr',
    );
    expect(joinPath('/home/admin/', 'cmg.csr', '/')).toBe('/home/admin/cmg.csr');
  });
});

describe('live validation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should ask the host once for a burst of keystrokes, after the typing pauses', async () => {
    const api = new FakeApi();
    const calls: string[] = [];
    api.invoke = (async (channel: string) => {
      calls.push(channel);
      return { valid: true, errors: [], warnings: [], cn: { kind: 'custom', prefix: 'cmg' } };
    }) as FakeApi['invoke'];
    const workshop = new CertificateWorkshop(api, describeError);
    for (const text of ['c', 'cm', 'cmg', 'cmg.contoso.com']) {
      workshop.form.cn = text;
      workshop.scheduleValidation();
      await vi.advanceTimersByTimeAsync(VALIDATION_DELAY_MS / 2);
    }
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(VALIDATION_DELAY_MS);
    expect(calls).toEqual(['certs:validate-request']);
    expect(workshop.validation?.valid).toBe(true);
  });
});

describe('CertificateWorkshop against the real host', () => {
  let host: InProcessHost;
  let ca: CaFixture;
  beforeAll(async () => {
    host = await startInProcessHost('fr');
    ca = createCaFixture();
  });
  afterAll(async () => {
    ca.cleanup();
    await host.close();
  });

  const fillForm = (workshop: CertificateWorkshop, cn: string): void => {
    workshop.form.cn = cn;
    workshop.form.org = 'Contoso';
    workshop.form.country = 'BE';
  };

  it('should show the host findings per field in French and keep the preview closed while invalid', async () => {
    const workshop = new CertificateWorkshop(host.api, describeError);
    await workshop.load();
    workshop.chooseRoute('request');
    fillForm(workshop, 'Cmg.contoso.com');
    workshop.form.country = 'ZZ';
    await workshop.showPreview();
    expect(workshop.phase).toBe('form');
    expect(workshop.fieldErrors['cn']).toContain('minuscules');
    expect(workshop.fieldErrors['country']).toContain('ZZ');
    workshop.dispose();
  });

  it('should create, save, import, export and check, then resume from the host after a reload', async () => {
    const workshop = new CertificateWorkshop(host.api, describeError);
    await workshop.load();
    workshop.chooseRoute('request');
    fillForm(workshop, 'cmgresume.contoso.com');
    await workshop.showPreview();
    expect(workshop.phase).toBe('preview');
    expect(workshop.preview?.subject).toBe('CN=cmgresume.contoso.com, O=Contoso, C=BE');
    await workshop.createRequest();
    expect(workshop.error).toBeNull();
    const csr = workshop.csr;
    expect(csr?.csrPem).toContain('BEGIN CERTIFICATE REQUEST');

    // Save: saving the same CSR again replaces nothing, so nothing is asked; another file at that
    // path is not replaced until the admin confirms.
    workshop.csrPath = join(host.home, 'out.csr');
    await workshop.saveCsr();
    expect(workshop.csrSavedTo).toBe(join(host.home, 'out.csr'));
    await workshop.saveCsr();
    expect(workshop.confirmOverwrite).toBeNull();
    writeFileSync(join(host.home, 'out.csr'), 'the admin put another file here\n');
    await workshop.saveCsr();
    expect(workshop.confirmOverwrite).toEqual({ action: 'save-csr', path: join(host.home, 'out.csr') });
    await workshop.saveCsr(true);
    expect(workshop.confirmOverwrite).toBeNull();

    // A new window (or a restart) resumes at the same request.
    const resumed = new CertificateWorkshop(host.api, describeError);
    await resumed.load();
    expect(resumed.route).toBe('request');
    expect(resumed.phase).toBe('done');
    expect(resumed.csr?.id).toBe(csr?.id);

    expect(resumed.canExport).toBe(false);
    const leaf = ca.sign(readFileSync(join(host.home, 'out.csr'), 'utf8'));
    const chain = new File([`${leaf}${ca.intermediatePem}${ca.rootPem}`], 'answer.pem');
    await resumed.importAnswer(chain);
    expect(resumed.error).toBeNull();
    expect(resumed.answer?.endsAtRoot).toBe(true);

    resumed.pfxPath = join(host.home, 'typed.pfx');
    resumed.passwordMode = 'type';
    resumed.typedPassword = 'short';
    expect(resumed.canExport).toBe(false);
    resumed.typedPassword = 'A-long-enough-passw0rd';
    await resumed.exportPfx();
    expect(resumed.error).toBeNull();
    expect(existsSync(join(host.home, 'typed.pfx'))).toBe(true);
    // The typed password went to the keychain and left the form; nothing is revealed.
    expect(resumed.typedPassword).toBe('');
    expect(resumed.revealedPassword).toBeNull();
    expect(JSON.stringify(resumed.exported)).not.toContain('A-long-enough-passw0rd');
    expect(await host.secrets.get(resumed.exported?.passwordSecretName ?? '')).toBe('A-long-enough-passw0rd');
    expect(resumed.preflight?.checks.find((check) => check.id === 'password')?.severity).toBe('pass');
    expect(resumed.preflight?.checks.filter((check) => check.severity === 'error')).toEqual([]);
    // Derived by the stage from the exported file's preflight, not set by a handler.
    expect((await host.api.invoke('wizard:get-state')).stages['server-certificate']).toBe('done');
    expect(host.runtime.context.state.read().certificate.currentCn).toBe('cmgresume.contoso.com');

    // Generated: shown once, then forgotten by the UI (the keychain keeps it).
    resumed.pfxPath = join(host.home, 'generated.pfx');
    resumed.passwordMode = 'generate';
    await resumed.exportPfx();
    const shown = resumed.revealedPassword;
    expect(shown).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(JSON.stringify(resumed.exported)).not.toContain(shown);
    resumed.forgetRevealedPassword();
    expect(resumed.revealedPassword).toBeNull();
    resumed.dispose();

    // Everything written or checked is in the journal for the report, and no password is.
    const journal = await host.runtime.context.journal.readAll();
    const actions = journal.map((entry) => `${entry.action}:${entry.outcome}`);
    for (const action of [
      'server-certificate.write-file:planned',
      'server-certificate.write-file:applied',
      'server-certificate.store-secret:applied',
      'certs.import-answer:applied',
      'server-certificate.check:checked',
      'certs.preflight:checked',
    ]) {
      expect(actions).toContain(action);
    }
    expect(
      journal.find((entry) => entry.actionId === `server-certificate:pfx:${join(host.home, 'typed.pfx')}`)
        ?.outcome,
    ).toBe('planned');
    const text = JSON.stringify(journal);
    expect(text).not.toContain('A-long-enough-passw0rd');
    expect(text).not.toContain(shown ?? 'no generated password');
  });

  it('should complete a chain one file at a time when the CA sends the leaf and the intermediates apart', async () => {
    const workshop = new CertificateWorkshop(host.api, describeError);
    await workshop.load();
    workshop.chooseRoute('request');
    workshop.startNewRequest();
    workshop.form.renewal = false;
    fillForm(workshop, 'cmgchain.contoso.com');
    await workshop.createRequest();
    const csrPem = workshop.csr?.csrPem ?? '';
    await workshop.importAnswer(new File([ca.sign(csrPem)], 'leaf.cer'));
    expect(workshop.error).toBeNull();
    expect(workshop.answer?.missingIssuer).toContain('Issuing');
    expect(workshop.answer?.endsAtRoot).toBe(false);
    // The intermediate and root alone: no leaf in this file, the earlier one is kept.
    await workshop.importAnswer(new File([`${ca.intermediatePem}${ca.rootPem}`], 'chain.pem'));
    expect(workshop.error).toBeNull();
    expect(workshop.answer?.leaf.subject).toContain('CN=cmgchain.contoso.com');
    expect(workshop.answer?.missingIssuer).toBeNull();
    expect(workshop.answer?.endsAtRoot).toBe(true);
    expect(workshop.answer?.issuers).toHaveLength(2);
    // Another certificate of the same CA is not taken for the leaf: it is left out as unrelated.
    const stranger = ca.openssl([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'x.key',
      '-subj',
      '/CN=x.contoso.com',
    ]);
    await workshop.importAnswer(new File([ca.sign(stranger)], 'other.cer'));
    expect(workshop.answer?.leaf.subject).toContain('CN=cmgchain.contoso.com');
    expect(workshop.answer?.unrelatedCount).toBe(1);
    workshop.dispose();
  });

  it('should propose the current CN as a renewal and flag a different CN as an error', async () => {
    const workshop = new CertificateWorkshop(host.api, describeError);
    await workshop.load();
    expect(workshop.form.renewal).toBe(true);
    expect(workshop.form.previousCn).toBe('cmgresume.contoso.com');
    workshop.startNewRequest();
    workshop.form.cn = 'othercmg.contoso.com';
    await workshop.validateNow();
    expect(workshop.fieldErrors['cn']).toContain('cmgresume.contoso.com');
    workshop.dispose();
  });

  it('should refuse a dropped file larger than any certificate before sending it', async () => {
    const workshop = new CertificateWorkshop(host.api, (error) =>
      error instanceof Error ? error.constructor.name : 'other',
    );
    await workshop.load();
    const big = new File([new Uint8Array(2 * 1024 * 1024)], 'huge.pfx');
    await workshop.inspectExistingPfx(big, 'x', '');
    expect(workshop.error).toBe('FileTooLargeError');
    expect(workshop.preflight).toBeNull();
    workshop.dispose();
  });
});
