import type { AppInfo, Locale, RpcApi, StageId, WizardSummary } from '../../src-main/ipc/contract';
import { type MessageKey, type MessageParams, Translator, UI_CATALOGUES } from '../i18n';
import { RpcError } from './rpc-error';

/** Nothing done yet and still on the default stage: the welcome comes first. */
export function isFreshStart(summary: WizardSummary): boolean {
  return (
    summary.currentStage === 'prerequisites' &&
    Object.values(summary.stages).every((status) => status === 'not-started')
  );
}

export type LoadPhase = 'loading' | 'ready' | 'failed';

/**
 * Wizard-wide state of one window: app info, stage statuses, the current stage and the UI
 * language. Created per window (and per test) and handed down through Svelte context.
 */
export class WizardState {
  readonly i18n: Translator;
  phase: LoadPhase = $state('loading');
  info: AppInfo | null = $state(null);
  summary: WizardSummary | null = $state(null);
  /** Localized text of the last failed load or action, shown until dismissed or retried. */
  errorMessage: string | null = $state(null);
  readonly currentStage: StageId | null = $derived(this.summary?.currentStage ?? null);
  /** The short welcome shown first on a fresh start, until the admin moves on. */
  welcomeOpen = $state(false);
  /** The RPC API, for stages that call their own domain's channels. */
  readonly api: RpcApi;

  constructor(api: RpcApi, locale: Locale = 'en') {
    this.api = api;
    this.i18n = new Translator(locale);
  }

  t = (key: MessageKey, params?: MessageParams): string => this.i18n.t(key, params);

  async load(): Promise<void> {
    this.phase = 'loading';
    this.errorMessage = null;
    try {
      const [info, summary] = await Promise.all([
        this.api.invoke('app:get-info'),
        this.api.invoke('wizard:get-state'),
      ]);
      this.#applyInfo(info);
      this.summary = summary;
      this.welcomeOpen = isFreshStart(summary);
      this.phase = 'ready';
    } catch (error) {
      this.errorMessage = this.describe(error);
      this.phase = 'failed';
    }
  }

  /** Re-reads the app info (mode badge, tenant name) after a sign-in or sign-out. */
  async refreshInfo(): Promise<void> {
    try {
      this.#applyInfo(await this.api.invoke('app:get-info'));
    } catch (error) {
      this.errorMessage = this.describe(error);
    }
  }

  /** Keeps the view in step with changes made elsewhere (CLI, another window). */
  listen(): () => void {
    return this.api.on('wizard:changed', (summary) => {
      this.summary = summary;
    });
  }

  /** Leaves the welcome for a stage (the first usable one, or any stage picked in the rail). */
  async openStage(stage: StageId): Promise<void> {
    this.welcomeOpen = false;
    await this.selectStage(stage);
  }

  async selectStage(stage: StageId): Promise<void> {
    this.welcomeOpen = false;
    const previous = this.summary;
    if (!previous || previous.currentStage === stage) return;
    // Optimistic: the rail answers at once; the host's reply (persisted) replaces it.
    this.summary = { ...previous, currentStage: stage };
    try {
      this.summary = await this.api.invoke('wizard:set-current-stage', stage);
    } catch (error) {
      this.summary = previous;
      this.errorMessage = this.describe(error);
    }
  }

  async setLanguage(locale: Locale): Promise<void> {
    const previous = this.i18n.locale;
    this.i18n.locale = locale;
    try {
      this.#applyInfo(await this.api.invoke('settings:set-language', locale));
    } catch (error) {
      this.i18n.locale = previous;
      this.errorMessage = this.describe(error);
    }
  }

  dismissError(): void {
    this.errorMessage = null;
  }

  /** UI-side keys (transport failures) are translated here; service errors arrive localized. */
  describe(error: unknown): string {
    if (error instanceof RpcError) {
      const key = error.messageKey;
      if (Object.hasOwn(UI_CATALOGUES.en, key)) return this.t(key as MessageKey);
      return error.message;
    }
    return this.t('transport.unavailable');
  }

  #applyInfo(info: AppInfo): void {
    this.info = info;
    this.i18n.locale = info.locale;
  }
}
