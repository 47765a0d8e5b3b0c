// State of the "Server certificate" stage: which route the admin took, the request form with
// live validation, and each result (CSR, INF, CA answer, PFX, preflight). One instance per
// mounted stage; every remote call goes through the typed RPC contract.
import type {
  CertPreviewDto,
  CertRequestInputDto,
  CertValidationDto,
  CertWorkshopDto,
  CsrCreatedDto,
  ImportedAnswerDto,
  PfxExportedDto,
  PfxInspectedDto,
  RpcApi,
} from '../../../src-main/ipc/contract';
import { RpcError } from '../../lib/rpc-error';
import { MIN_PASSWORD_LENGTH, strengthUserInputs } from './password-strength';
import { readFileAsBase64 } from './read-file';

export type CertificateRoute = 'request' | 'inf' | 'pfx';
export type RequestPhase = 'form' | 'preview' | 'done';
export type KeyProvider = 'schannel' | 'ksp';
export type PfxEncryptionChoice = '3des' | 'aes256';
export type PasswordMode = 'generate' | 'type';
/** The action running now; buttons are disabled and the label shows progress. */
export type BusyAction =
  'validate' | 'preview' | 'create' | 'save-csr' | 'save-inf' | 'import' | 'export' | 'inspect' | 'adopt';

export interface RequestForm {
  cn: string;
  /** One name per line (or comma-separated); the CN is always added by the service. */
  sans: string;
  org: string;
  ou: string;
  locality: string;
  state: string;
  country: string;
  keySize: 2048 | 4096;
  provider: KeyProvider;
  renewal: boolean;
  previousCn: string;
}

/** Turns any failure (host error, file too large, transport) into localized text. */
export type Describe = (error: unknown) => string;

export const VALIDATION_DELAY_MS = 250;

function emptyForm(): RequestForm {
  return {
    cn: '',
    sans: '',
    org: '',
    ou: '',
    locality: '',
    state: '',
    country: '',
    keySize: 2048,
    provider: 'schannel',
    renewal: false,
    previousCn: '',
  };
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

export function toRequestInput(form: RequestForm): CertRequestInputDto {
  const sans = form.sans
    .split(/[\s,;]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const input: CertRequestInputDto = {
    cn: form.cn.trim(),
    keySize: form.keySize,
    provider: form.provider,
  };
  const fields = {
    org: optional(form.org),
    ou: optional(form.ou),
    locality: optional(form.locality),
    state: optional(form.state),
    country: optional(form.country)?.toUpperCase(),
    previousCn: form.renewal ? optional(form.previousCn) : undefined,
  };
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(input, { [name]: value });
  }
  return sans.length > 0 ? { ...input, sans } : input;
}

export function joinPath(folder: string, name: string, separator: '/' | '\\'): string {
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** A file name from the CN: `contosocmg.contoso.com` → `contosocmg.contoso.com`, wildcard `*` → `wildcard`. */
export function fileStem(cn: string): string {
  const stem = cn
    .trim()
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9.-]/g, '_');
  return stem === '' ? 'cmg-server' : stem;
}

export class CertificateWorkshop {
  route: CertificateRoute | null = $state(null);
  phase: RequestPhase = $state('form');
  form: RequestForm = $state(emptyForm());
  workshop: CertWorkshopDto | null = $state(null);
  validation: CertValidationDto | null = $state(null);
  preview: CertPreviewDto | null = $state(null);
  csr: CsrCreatedDto | null = $state(null);
  csrSavedTo: string | null = $state(null);
  infText: string | null = $state(null);
  infCommands: string | null = $state(null);
  infSavedTo: string | null = $state(null);
  answer: ImportedAnswerDto | null = $state(null);
  /** A PFX made elsewhere, taken in to be exported again (route "pfx"). */
  adopted: ImportedAnswerDto | null = $state(null);
  /** The PFX last checked on the "pfx" route and the keychain entry of its password. */
  #existing: { readonly contentBase64: string; readonly secretName: string } | null = null;
  exported: PfxExportedDto | null = $state(null);
  /** Generated password shown once; cleared when the admin confirms it is saved. */
  revealedPassword: string | null = $state(null);
  preflight: PfxInspectedDto | null = $state(null);
  /** The PFX the last preflight read (a path exported here, or the dropped file's name). */
  preflightFile: string | null = $state(null);
  busy: BusyAction | null = $state(null);
  /** Localized text of the last failure, with what to do. */
  error: string | null = $state(null);
  /** A save target that exists: the UI asks before replacing it. */
  confirmOverwrite: { readonly action: 'save-csr' | 'save-inf' | 'export'; readonly path: string } | null =
    $state(null);

  // Export options
  pfxPath = $state('');
  passwordMode: PasswordMode = $state('generate');
  typedPassword = $state('');
  encryption: PfxEncryptionChoice = $state('3des');
  friendlyName = $state('');
  csrPath = $state('');
  infPath = $state('');

  readonly fieldErrors: Readonly<Record<string, string>> = $derived(
    Object.fromEntries((this.validation?.errors ?? []).map((finding) => [finding.field, finding.message])),
  );
  /** The chain the export panel works on: the CA's answer, or an adopted PFX. */
  readonly exportChain: ImportedAnswerDto | null = $derived(
    this.route === 'pfx' ? this.adopted : this.answer,
  );
  /** Words of this request that make a password guessable (for the strength meter). */
  readonly passwordUserInputs = $derived(
    strengthUserInputs({ ...this.form, subject: this.exportChain?.leaf.subject ?? '' }),
  );
  readonly canAdopt: boolean = $derived(
    this.route === 'pfx' &&
      this.adopted === null &&
      (this.preflight?.summary ?? null) !== null &&
      (this.preflight?.passwordSecretName ?? null) !== null,
  );
  readonly canExport: boolean = $derived(
    this.exportChain !== null &&
      this.pfxPath.trim() !== '' &&
      (this.passwordMode === 'generate' || this.typedPassword.length >= MIN_PASSWORD_LENGTH),
  );

  readonly #api: RpcApi;
  readonly #describe: Describe;
  #validationTimer: ReturnType<typeof setTimeout> | null = null;
  #validationRound = 0;

  constructor(api: RpcApi, describe: Describe) {
    this.#api = api;
    this.#describe = describe;
  }

  /** Loads what the host remembers: the last request (to resume) and the CN in use (renewal). */
  async load(): Promise<void> {
    await this.#run(null, async () => {
      const workshop = await this.#api.invoke('certs:get-workshop');
      this.workshop = workshop;
      if (workshop.currentCn) {
        this.form.previousCn = workshop.currentCn;
        this.form.renewal = true;
        this.form.cn = workshop.currentCn;
      }
      const last = workshop.lastRequest;
      if (last) {
        this.route = 'request';
        this.phase = 'done';
        this.form.cn = last.cn;
        this.csr = { id: last.id, csrPem: last.csrPem, subject: last.subject, sans: last.sans };
      }
      this.#suggestPaths();
    });
  }

  chooseRoute(route: CertificateRoute): void {
    this.route = route;
    this.error = null;
    if (route !== 'pfx' && this.phase === 'done' && route !== this.#doneRoute()) this.phase = 'form';
    if (this.form.cn.trim() !== '') this.scheduleValidation();
  }

  /** Starts over with a new request (the old key stays on disk until its request is forgotten). */
  startNewRequest(): void {
    this.phase = 'form';
    this.csr = null;
    this.csrSavedTo = null;
    this.answer = null;
    this.exported = null;
    this.revealedPassword = null;
    this.preflight = null;
    this.infText = null;
    this.infSavedTo = null;
  }

  /** Live validation, debounced: the host owns the rules, the form only shows its findings. */
  scheduleValidation(): void {
    if (this.#validationTimer !== null) clearTimeout(this.#validationTimer);
    this.#validationTimer = setTimeout(() => {
      this.#validationTimer = null;
      void this.validateNow();
    }, VALIDATION_DELAY_MS);
  }

  async validateNow(): Promise<CertValidationDto | null> {
    const round = ++this.#validationRound;
    try {
      const result = await this.#api.invoke('certs:validate-request', toRequestInput(this.form));
      if (round === this.#validationRound) this.validation = result;
      this.#suggestPaths();
      return result;
    } catch (error) {
      if (round === this.#validationRound) this.error = this.#describe(error);
      return null;
    }
  }

  async showPreview(): Promise<void> {
    await this.#run('preview', async () => {
      const preview = await this.#api.invoke('certs:preview-request', toRequestInput(this.form));
      this.validation = preview;
      if (!preview.valid) return;
      this.preview = preview;
      this.phase = 'preview';
    });
  }

  backToForm(): void {
    this.phase = 'form';
    this.preview = null;
  }

  async createRequest(): Promise<void> {
    await this.#run('create', async () => {
      if (this.route === 'inf') {
        const inf = await this.#api.invoke('certs:certreq-inf', toRequestInput(this.form));
        this.infText = inf.text;
        this.infCommands = inf.commands;
      } else {
        this.csr = await this.#api.invoke('certs:create-csr', toRequestInput(this.form));
        this.answer = null;
        this.exported = null;
        this.preflight = null;
      }
      this.phase = 'done';
      this.#suggestPaths();
    });
  }

  async saveCsr(overwrite = false): Promise<void> {
    const csr = this.csr;
    if (!csr) return;
    await this.#run('save-csr', async () => {
      const path = this.csrPath.trim();
      try {
        this.csrSavedTo = (await this.#api.invoke('certs:save-request', csr.id, { path, overwrite })).path;
        this.confirmOverwrite = null;
      } catch (error) {
        if (this.#isExists(error)) this.confirmOverwrite = { action: 'save-csr', path };
        else throw error;
      }
    });
  }

  async saveInf(overwrite = false): Promise<void> {
    await this.#run('save-inf', async () => {
      const path = this.infPath.trim();
      try {
        const input = toRequestInput(this.form);
        this.infSavedTo = (await this.#api.invoke('certs:save-inf', input, { path, overwrite })).path;
        this.confirmOverwrite = null;
      } catch (error) {
        if (this.#isExists(error)) this.confirmOverwrite = { action: 'save-inf', path };
        else throw error;
      }
    });
  }

  async importAnswer(file: File): Promise<void> {
    const csr = this.csr;
    if (!csr) return;
    await this.#run('import', async () => {
      const contentBase64 = await readFileAsBase64(file);
      this.answer = await this.#api.invoke('certs:import-answer', csr.id, { contentBase64 });
      this.exported = null;
      this.preflight = null;
    });
  }

  async exportPfx(overwrite = false): Promise<void> {
    const id = this.exportChain?.id;
    if (id === undefined || !this.canExport) return;
    await this.#run('export', async () => {
      const path = this.pfxPath.trim();
      let exported: PfxExportedDto;
      try {
        exported = await this.#api.invoke('certs:export-pfx', id, {
          path,
          overwrite,
          ...(this.passwordMode === 'type' ? { password: this.typedPassword } : {}),
          encryption: this.encryption,
          csp: this.form.provider,
          ...(this.friendlyName.trim() !== '' ? { friendlyName: this.friendlyName.trim() } : {}),
        });
      } catch (error) {
        if (!this.#isExists(error)) throw error;
        this.confirmOverwrite = { action: 'export', path };
        return;
      }
      this.confirmOverwrite = null;
      // The typed password now lives in the keychain only; the generated one is shown once.
      this.typedPassword = '';
      this.revealedPassword = exported.generatedPassword ?? null;
      const { generatedPassword: _shownOnce, ...withoutPassword } = exported;
      void _shownOnce;
      this.exported = withoutPassword;
      await this.#inspect(
        { path: exported.path },
        exported.path,
        {
          passwordSecretName: exported.passwordSecretName,
        },
        this.#requestCn(),
      );
    });
  }

  forgetRevealedPassword(): void {
    this.revealedPassword = null;
  }

  /** Preflight of a PFX made elsewhere (dropped or picked) with its typed password. */
  async inspectExistingPfx(file: File, password: string, expectCn: string): Promise<void> {
    await this.#run('inspect', async () => {
      const contentBase64 = await readFileAsBase64(file);
      this.adopted = null;
      this.exported = null;
      await this.#inspect({ contentBase64 }, file.name, { password }, expectCn);
      const secretName = this.preflight?.passwordSecretName ?? null;
      this.#existing = secretName !== null ? { contentBase64, secretName } : null;
      this.#suggestPaths();
    });
  }

  /** Takes the checked PFX in (key + chain) so it can be exported again with the Windows profile. */
  async adoptExistingPfx(): Promise<void> {
    const existing = this.#existing;
    if (!existing) return;
    await this.#run('adopt', async () => {
      this.adopted = await this.#api.invoke('certs:import-pfx', {
        source: { contentBase64: existing.contentBase64 },
        passwordSecretName: existing.secretName,
      });
      this.#suggestPaths();
    });
  }

  async #inspect(
    source: { path: string } | { contentBase64: string },
    fileLabel: string,
    secret: { password: string } | { passwordSecretName: string },
    expectCn?: string,
  ): Promise<void> {
    const previousCn = this.form.renewal ? optional(this.form.previousCn) : undefined;
    const expected = optional(expectCn ?? '');
    this.preflight = await this.#api.invoke('certs:inspect-pfx', {
      source,
      ...secret,
      ...(expected !== undefined ? { expectCn: expected } : {}),
      ...(previousCn !== undefined ? { previousCn } : {}),
    });
    this.preflightFile = fileLabel;
  }

  dismissError(): void {
    this.error = null;
  }

  dispose(): void {
    if (this.#validationTimer !== null) clearTimeout(this.#validationTimer);
    this.typedPassword = '';
    this.revealedPassword = null;
  }

  #doneRoute(): CertificateRoute | null {
    if (this.csr) return 'request';
    if (this.infText) return 'inf';
    return null;
  }

  /** The CN of the certificate being worked on (request, or adopted PFX), else the one being typed. */
  #requestCn(): string {
    const subject =
      this.route === 'pfx'
        ? (this.adopted?.leaf.subject ?? this.preflight?.summary?.subject)
        : this.csr?.subject;
    return (subject ? /CN=([^,]+)/.exec(subject)?.[1] : undefined) ?? this.form.cn.trim();
  }

  /** The host refuses to replace an existing file with the `conflict` code; the UI then asks. */
  #isExists(error: unknown): boolean {
    return error instanceof RpcError && error.code === 'conflict';
  }

  /** Proposes file names in the default folder from the CN, unless the admin typed their own. */
  #suggestPaths(): void {
    const workshop = this.workshop;
    if (!workshop) return;
    const stem = fileStem(this.#requestCn());
    const at = (name: string): string => joinPath(workshop.defaultFolder, name, workshop.pathSeparator);
    if (this.#autoPaths.csr === this.csrPath) this.csrPath = this.#autoPaths.csr = at(`${stem}.csr`);
    if (this.#autoPaths.inf === this.infPath) this.infPath = this.#autoPaths.inf = at(`${stem}.inf`);
    if (this.#autoPaths.pfx === this.pfxPath) this.pfxPath = this.#autoPaths.pfx = at(`${stem}.pfx`);
  }

  #autoPaths = { csr: '', inf: '', pfx: '' };

  async #run(action: BusyAction | null, work: () => Promise<void>): Promise<void> {
    if (this.busy !== null && action !== null) return;
    this.busy = action;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = this.#describe(error);
    } finally {
      if (action !== null) this.busy = null;
    }
  }
}
