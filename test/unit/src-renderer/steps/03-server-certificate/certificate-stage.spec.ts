// The certificate stage's sub-page states against the real host in-process (services, engine,
// keychain stand-in, files): each test starts its own host, so they pass in any order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  CertificateStage,
  emptyForm,
  errorsByField,
  fileStem,
  joinPath,
  RequestPage,
  StageTasks,
  toRequestInput,
  VALIDATION_DELAY_MS,
} from '/@/src-renderer/steps/03-server-certificate/state';
import { type CaFixture, createCaFixture } from '/@/test/support/certs-fixtures';

import { FakeApi } from '../../fake-api';
import { type InProcessHost, startInProcessHost } from '../../in-process-api';

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

describe('request input', () => {
  it('should split alternative names on lines, commas and spaces and drop empty subject fields', () => {
    const input = toRequestInput({
      ...emptyForm(),
      cn: ' cmg.contoso.com ',
      sans: 'a.contoso.com\nb.contoso.com, c.contoso.com\n\n',
      org: 'Contoso',
      ou: ' ',
      country: 'be',
      keySize: 4096,
      provider: 'ksp',
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
    expect(
      toRequestInput({ ...emptyForm(), cn: 'a.b.com', renewal: true, previousCn: 'A.b.com' }).previousCn,
    ).toBe('A.b.com');
  });

  it('should name files after the CN and join with the host separator', () => {
    expect(fileStem('*.contoso.com')).toBe('wildcard.contoso.com');
    expect(fileStem('')).toBe('cmg-server');
    expect(joinPath('C:\\Users\\admin\\Documents', 'cmg.csr', '\\')).toBe(
      'C:\\Users\\admin\\Documents\\cmg.csr',
    );
    expect(joinPath('/home/admin/', 'cmg.csr', '/')).toBe('/home/admin/cmg.csr');
  });

  it('should list every error of a field with the format errors before the renewal one', () => {
    const byField = errorsByField([
      { field: 'cn', messageKey: 'certs.field.renewalCnChanged', message: 'renewal' },
      { field: 'cn', messageKey: 'certs.field.cnUppercase', message: 'lowercase' },
      { field: 'country', messageKey: 'certs.field.country', message: 'country' },
    ]);
    expect(byField).toEqual({ cn: ['lowercase', 'renewal'], country: ['country'] });
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
    const page = new RequestPage(api, new StageTasks(describeError));
    for (const text of ['c', 'cm', 'cmg', 'cmg.contoso.com']) {
      page.form.cn = text;
      page.scheduleValidation();
      await vi.advanceTimersByTimeAsync(VALIDATION_DELAY_MS / 2);
    }
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(VALIDATION_DELAY_MS);
    expect(calls).toEqual(['certs:validate-request']);
    expect(page.validation?.valid).toBe(true);
  });
});

describe('CertificateStage against the real host', () => {
  let ca: CaFixture;
  let host: InProcessHost;
  beforeAll(() => {
    ca = createCaFixture();
  });
  afterAll(() => ca.cleanup());
  beforeEach(async () => {
    host = await startInProcessHost('fr');
  });
  afterEach(async () => host.close());

  async function open(): Promise<CertificateStage> {
    const stage = new CertificateStage(host.api, describeError);
    await stage.load();
    expect(stage.tasks.error).toBeNull();
    return stage;
  }

  /** Request → Summary → create, answered by the test CA; the stage is then on Export. */
  async function requestAndAnswer(stage: CertificateStage, cn: string): Promise<void> {
    Object.assign(stage.request.form, { cn, org: 'Contoso', country: 'BE' });
    await stage.review();
    expect(stage.page).toBe('summary');
    await stage.createRequest();
    expect(stage.page).toBe('answer');
    const leaf = ca.sign(stage.answer.csr?.csrPem ?? '');
    await stage.importAnswer(new File([`${leaf}${ca.intermediatePem}${ca.rootPem}`], 'answer.pem'));
    expect(stage.tasks.error).toBeNull();
    await stage.goTo('export');
    expect(stage.page).toBe('export');
  }

  it('should count fields, not findings, and show each field its French findings with format errors first', async () => {
    const stage = await open();
    Object.assign(stage.request.form, { cn: 'Cmg_bad.contoso.com', country: 'ZZ' });
    expect(await stage.request.review()).toBe(false);
    await stage.review();
    expect(stage.page).toBe('request');
    expect(stage.request.fieldErrors['cn']?.length).toBeGreaterThanOrEqual(1);
    expect(stage.request.fieldErrors['country']?.join(' ')).toContain('ZZ');
    expect(stage.request.fieldsNeedingAttention).toBe(2);
    expect(stage.stateOf('answer')).toBe('locked');
    stage.dispose();
  });

  it('should reopen at each sub-page after a reload, with the request, paths, export and check in place', async () => {
    const stage = await open();
    Object.assign(stage.request.form, { cn: 'cmgresume.contoso.com', org: 'Contoso', country: 'BE' });
    await stage.review();
    expect(stage.request.preview?.subject).toBe('CN=cmgresume.contoso.com, O=Contoso, C=BE');
    await stage.createRequest();
    expect(stage.page).toBe('answer');
    stage.answer.csrPath.value = join(host.home, 'out.csr');
    await stage.answer.saveCsr();
    expect(stage.answer.csrSavedTo).toBe(join(host.home, 'out.csr'));
    // Saving again where the file now is asks first, and claims no save while asking.
    await stage.answer.saveCsr();
    expect(stage.answer.confirmReplace).toBe(join(host.home, 'out.csr'));
    expect(stage.answer.csrSavedTo).toBeNull();
    await stage.answer.saveCsr(true);
    expect(stage.answer.csrSavedTo).toBe(join(host.home, 'out.csr'));

    // Reload on "CA answer": the request to send and the chosen path are back, not a blank form.
    let resumed = await open();
    expect(resumed.page).toBe('answer');
    expect(resumed.answer.csr?.id).toBe(stage.answer.csr?.id);
    expect(resumed.answer.csrPath.value).toBe(join(host.home, 'out.csr'));
    expect(resumed.request.form.cn).toBe('cmgresume.contoso.com');
    expect(resumed.request.form.org).toBe('Contoso');
    expect(resumed.stateOf('export')).toBe('locked');

    const leaf = ca.sign(readFileSync(join(host.home, 'out.csr'), 'utf8'));
    await resumed.importAnswer(new File([`${leaf}${ca.intermediatePem}${ca.rootPem}`], 'answer.pem'));
    expect(resumed.answer.answer?.endsAtRoot).toBe(true);
    await resumed.goTo('export');
    resumed.exportPage.pfxPath.value = join(host.home, 'typed.pfx');

    // Reload on "Export": the request can be exported without importing the answer again.
    resumed = await open();
    expect(resumed.page).toBe('export');
    expect(resumed.answer.answerImported).toBe(true);
    resumed.exportPage.pfxPath.value = join(host.home, 'typed.pfx');
    resumed.exportPage.passwordMode = 'type';
    resumed.exportPage.typedPassword = 'short';
    expect(resumed.exportPage.canExport).toBe(false);
    resumed.exportPage.typedPassword = 'A-long-enough-passw0rd';
    await resumed.exportPfx();
    expect(resumed.tasks.error).toBeNull();
    expect(resumed.page).toBe('check');
    expect(resumed.exportPage.typedPassword).toBe('');
    expect(resumed.check.errors).toBe(0);
    expect((await host.api.invoke('wizard:get-state')).stages['server-certificate']).toBe('done');

    // Reload on "Check" (stage done): the checklist is read again, the export path is kept.
    resumed = await open();
    expect(resumed.page).toBe('check');
    expect(resumed.check.result?.checks.find((check) => check.id === 'password')?.severity).toBe('pass');
    expect(resumed.exportPage.pfxPath.value).toBe(join(host.home, 'typed.pfx'));
    expect(resumed.stateOf('check')).toBe('done');
    expect(resumed.stateOf('answer')).toBe('done');
    // No renewal was asked for: the preflight does not compare with a previous CN.
    expect(resumed.check.result?.checks.some((check) => check.id === 'renewal-cn')).toBe(false);
    stage.dispose();
    resumed.dispose();
  });

  it('should keep the old PFX and its password when the admin cancels the replacement', async () => {
    const stage = await open();
    await requestAndAnswer(stage, 'cmgkeep.contoso.com');
    const path = join(host.home, 'keep.pfx');
    stage.exportPage.pfxPath.value = path;
    stage.exportPage.passwordMode = 'type';
    stage.exportPage.typedPassword = 'First-passw0rd-kept';
    await stage.exportPfx();
    const secretName = stage.check.file?.passwordSecretName ?? '';
    expect(await host.secrets.get(secretName)).toBe('First-passw0rd-kept');
    const before = readFileSync(path);

    await stage.goTo('export');
    stage.exportPage.passwordMode = 'type';
    stage.exportPage.typedPassword = 'Second-passw0rd-new';
    await stage.exportPfx();
    // Asked, not written: the page shows the question instead of the result while it is open.
    expect(stage.exportPage.confirmReplace).toBe(path);
    expect(stage.exportPage.askingReplace).toBe(true);
    stage.exportPage.cancelReplace();
    expect(stage.exportPage.confirmReplace).toBeNull();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await host.secrets.get(secretName)).toBe('First-passw0rd-kept');
    stage.dispose();

    // After a reload the refused replacement has not undone the export that exists.
    const reopened = await open();
    expect(reopened.stateOf('export')).toBe('done');
    expect(reopened.exportPage.pfxPath.value).toBe(path);
    reopened.dispose();
  });

  it('should never tick renewal by itself and list the real format errors before the renewal error', async () => {
    // A CN pinned by an earlier certificate that passed its preflight.
    await host.runtime.context.state.update((draft) => {
      draft.certificate.currentCn = 'cmgpinned.contoso.com';
    });
    const stage = await open();
    expect(stage.request.form.renewal).toBe(false);
    stage.request.form.cn = 'corrected.contoso.com';
    await stage.request.validateNow();
    expect(stage.request.fieldErrors['cn']).toBeUndefined();

    await stage.request.setRenewal(true);
    expect(stage.request.form.previousCn).toBe('cmgpinned.contoso.com');
    stage.request.form.cn = 'Other_name.contoso.com';
    await stage.request.validateNow();
    const cnErrors = stage.request.fieldErrors['cn'] ?? [];
    expect(cnErrors.length).toBeGreaterThanOrEqual(2);
    expect(cnErrors.at(-1)).toContain('cmgpinned.contoso.com');
    expect(cnErrors[0]).not.toContain('cmgpinned.contoso.com');
    expect(stage.request.fieldsNeedingAttention).toBe(1);
    // The choice is the admin's and is remembered for the next visit.
    expect((await open()).request.form.renewal).toBe(true);
    stage.dispose();
  });

  it('should ask before starting a new request and keep the one in progress on Cancel', async () => {
    const stage = await open();
    Object.assign(stage.request.form, { cn: 'cmgasked.contoso.com' });
    await stage.review();
    await stage.createRequest();
    await stage.goTo('request');
    expect(stage.showingExistingRequest).toBe(true);
    stage.askNewRequest();
    expect(stage.confirmNewRequest).toBe(true);
    stage.cancelNewRequest();
    expect(stage.showingExistingRequest).toBe(true);
    expect(stage.answer.csr?.subject).toContain('cmgasked.contoso.com');
    stage.askNewRequest();
    stage.startNewRequest();
    expect(stage.showingExistingRequest).toBe(false);
    expect(stage.request.form.cn).toBe('');
    expect(stage.request.form.renewal).toBe(false);
    stage.dispose();
  });

  it('should refuse a dropped file larger than any certificate before sending it', async () => {
    const stage = new CertificateStage(host.api, (error) =>
      error instanceof Error ? error.constructor.name : 'other',
    );
    await stage.load();
    stage.chooseRoute('pfx');
    expect(stage.page).toBe('existing');
    await stage.existing.inspect(new File([new Uint8Array(2 * 1024 * 1024)], 'huge.pfx'), 'x', '');
    expect(stage.tasks.error).toBe('FileTooLargeError');
    expect(stage.check.result).toBeNull();
    stage.dispose();
  });

  it('should not claim a save while asking to replace a CSR file that is not the same', async () => {
    const stage = await open();
    Object.assign(stage.request.form, { cn: 'cmgcsr.contoso.com' });
    await stage.review();
    await stage.createRequest();
    const path = join(host.home, 'other.csr');
    writeFileSync(path, 'the admin put another file here\n');
    stage.answer.csrPath.value = path;
    await stage.answer.saveCsr();
    expect(stage.answer.confirmReplace).toBe(path);
    expect(stage.answer.csrSavedTo).toBeNull();
    stage.answer.cancelReplace();
    expect(readFileSync(path, 'utf8')).toBe('the admin put another file here\n');
    await stage.answer.saveCsr(true);
    expect(stage.answer.csrSavedTo).toBe(path);
    expect(readFileSync(path, 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');
    stage.dispose();
  });

  it('should name the INF as saved, and its .csr, .cer and .pfx, in the certreq commands', async () => {
    const stage = await open();
    const input = toRequestInput({ ...emptyForm(), cn: 'cmg.contoso.com', org: 'Contoso' });
    expect(await stage.inf.build(input)).toBe(true);
    expect(stage.inf.commands).toContain('cmg-server.inf');
    stage.inf.path.value = join(host.home, 'contoso-cmg-2027.inf');
    await stage.inf.save();
    expect(stage.tasks.error).toBeNull();
    expect(stage.inf.savedTo).toBe(join(host.home, 'contoso-cmg-2027.inf'));
    for (const name of [
      'contoso-cmg-2027.inf',
      'contoso-cmg-2027.csr',
      'contoso-cmg-2027.cer',
      'contoso-cmg-2027.pfx',
    ])
      expect(stage.inf.commands).toContain(name);
    expect(stage.inf.commands).not.toContain('cmg-server.');
    stage.dispose();
  });
});
