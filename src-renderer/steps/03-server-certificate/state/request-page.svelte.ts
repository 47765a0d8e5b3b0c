// Sub-page "Request": the fields with live validation by the host, the renewal choice (only when
// the admin ticks it), and the Summary shown before the key and the request are made.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type {
  CertFindingDto,
  CertPreviewDto,
  CertRequestInputDto,
  CertValidationDto,
  CertWorkshopDto,
  CsrCreatedDto,
} from '../../../../src-main/ipc/contract';
import type { StageTasks } from './tasks.svelte';

export type KeyProvider = 'schannel' | 'ksp';
/** The request's fields as the host keeps them (structured). */
export type RequestFieldsDto = NonNullable<CertWorkshopDto['requestFields']>;

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
  /** Ticked by the admin only: a renewal keeps the previous CN exactly. */
  renewal: boolean;
  previousCn: string;
}

export const VALIDATION_DELAY_MS = 250;

export function emptyForm(): RequestForm {
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

/** The form as the host remembers it (structured fields, never parsed out of a subject). */
export function formFrom(fields: RequestFieldsDto, renewal: boolean, currentCn: string | null): RequestForm {
  return {
    cn: fields.cn,
    sans: fields.sans.filter((name) => name.toLowerCase() !== fields.cn.toLowerCase()).join('\n'),
    org: fields.org ?? '',
    ou: fields.ou ?? '',
    locality: fields.locality ?? '',
    state: fields.state ?? '',
    country: fields.country ?? '',
    keySize: fields.keySize === 4096 ? 4096 : 2048,
    provider: fields.provider ?? 'schannel',
    renewal,
    previousCn: fields.previousCn ?? (renewal ? (currentCn ?? '') : ''),
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

/** Renewal findings come after the format errors of the same field: fix the name first. */
const RENEWAL_KEYS = new Set(['certs.field.renewalCnChanged']);

/** Every error of every field, format errors first; one entry per field. */
export function errorsByField(
  findings: readonly CertFindingDto[],
): Readonly<Record<string, readonly string[]>> {
  const ordered = [...findings].sort(
    (a, b) => Number(RENEWAL_KEYS.has(a.messageKey)) - Number(RENEWAL_KEYS.has(b.messageKey)),
  );
  const byField: Record<string, string[]> = {};
  for (const finding of ordered) (byField[finding.field] ??= []).push(finding.message);
  return byField;
}

export class RequestPage {
  form: RequestForm = $state(emptyForm());
  validation: CertValidationDto | null = $state(null);
  /** The host's preview of the request, shown on the Summary page. */
  preview: CertPreviewDto | null = $state(null);
  /** The CN of the certificate in use (pinned by a passed preflight), offered for a renewal. */
  currentCn: string | null = $state(null);

  readonly fieldErrors: Readonly<Record<string, readonly string[]>> = $derived(
    errorsByField(this.validation?.errors ?? []),
  );
  /** How many fields need attention (not how many findings). */
  readonly fieldsNeedingAttention: number = $derived(Object.keys(this.fieldErrors).length);

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;
  #validationTimer: ReturnType<typeof setTimeout> | null = null;
  #validationRound = 0;

  constructor(api: RpcApi, tasks: StageTasks) {
    this.#api = api;
    this.#tasks = tasks;
  }

  restore(fields: RequestFieldsDto | null, renewal: boolean, currentCn: string | null): void {
    this.currentCn = currentCn;
    if (fields) this.form = formFrom(fields, renewal, currentCn);
    else if (renewal && currentCn)
      this.form = { ...emptyForm(), renewal, previousCn: currentCn, cn: currentCn };
  }

  /** The admin's renewal choice: ticking it proposes the CN in use, unticking drops the check. */
  async setRenewal(renewal: boolean): Promise<void> {
    this.form.renewal = renewal;
    if (renewal && this.form.previousCn.trim() === '' && this.currentCn) {
      this.form.previousCn = this.currentCn;
      if (this.form.cn.trim() === '') this.form.cn = this.currentCn;
    }
    this.scheduleValidation();
    try {
      await this.#api.invoke('certs:set-workshop', { renewal });
    } catch (error) {
      this.#tasks.error = this.#tasks.describe(error);
    }
  }

  /** A blank form for a new request; renewal stays off unless the admin ticks it. */
  reset(): void {
    this.form = emptyForm();
    this.validation = null;
    this.preview = null;
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
      return result;
    } catch (error) {
      if (round === this.#validationRound) this.#tasks.error = this.#tasks.describe(error);
      return null;
    }
  }

  /** Asks the host for the Summary; true when the request is valid and the Summary can open. */
  async review(): Promise<boolean> {
    let valid = false;
    await this.#tasks.run('preview', async () => {
      const preview = await this.#api.invoke('certs:preview-request', toRequestInput(this.form));
      this.validation = preview;
      valid = preview.valid;
      this.preview = preview.valid ? preview : null;
    });
    return valid;
  }

  /** Makes the key (kept encrypted, its passphrase in the keychain) and the request. */
  async create(): Promise<CsrCreatedDto | null> {
    let created: CsrCreatedDto | null = null;
    await this.#tasks.run('create', async () => {
      created = await this.#api.invoke('certs:create-csr', toRequestInput(this.form));
    });
    return created;
  }

  dispose(): void {
    if (this.#validationTimer !== null) clearTimeout(this.#validationTimer);
  }
}
