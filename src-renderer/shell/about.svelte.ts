// The About dialog's state: what the host reports about itself, the optional update check that
// only tells, and "Forget everything", which the admin must confirm before it is even asked for.
import type { AboutDto, ForgetSummaryDto, RpcApi, UpdateCheckDto } from '../../src-main/ipc/contract';

/** The host's variable (src-main/maintenance/update-check.ts): the renderer imports only types. */
export const UPDATE_URL_VARIABLE = 'COMANAGE_UPDATE_URL';

export type AboutLicense = NonNullable<AboutDto['licenses']>[number];

/**
 * The licences whose name, version or licence contains `filter` (case-insensitive), sorted by name,
 * each name@version once: the generated list repeats a package that is installed in several places.
 */
export function filterLicenses(licenses: readonly AboutLicense[], filter: string): AboutLicense[] {
  const needle = filter.trim().toLowerCase();
  const sorted = [...licenses].sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en'),
  );
  return sorted.filter((entry, index) => {
    const previous = sorted[index - 1];
    if (previous && previous.name === entry.name && previous.version === entry.version) return false;
    return !needle || `${entry.name}@${entry.version} ${entry.license}`.toLowerCase().includes(needle);
  });
}

export type ForgetPhase = 'idle' | 'confirming' | 'forgetting' | 'done';

export class AboutState {
  about: AboutDto | null = $state(null);
  /** Localized text of the last failure (load, update check, folder, forget). */
  error: string | null = $state(null);
  licenseFilter = $state('');
  readonly filteredLicenses: AboutLicense[] = $derived(
    filterLicenses(this.about?.licenses ?? [], this.licenseFilter),
  );
  readonly licenseTotal: number = $derived(filterLicenses(this.about?.licenses ?? [], '').length);
  checkingUpdate = $state(false);
  update: UpdateCheckDto | null = $state(null);
  forgetPhase: ForgetPhase = $state('idle');
  forgotten: ForgetSummaryDto | null = $state(null);

  readonly #api: RpcApi;
  readonly #describe: (error: unknown) => string;
  readonly #onForgotten: () => Promise<void>;

  /** `onForgotten` reloads the app state once everything is forgotten. */
  constructor(api: RpcApi, describe: (error: unknown) => string, onForgotten: () => Promise<void>) {
    this.#api = api;
    this.#describe = describe;
    this.#onForgotten = onForgotten;
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      this.about = await this.#api.invoke('app:get-about');
    } catch (error) {
      this.error = this.#describe(error);
    }
  }

  async checkUpdate(): Promise<void> {
    if (this.checkingUpdate) return;
    this.checkingUpdate = true;
    this.update = null;
    this.error = null;
    try {
      this.update = await this.#api.invoke('app:check-update');
    } catch (error) {
      this.error = this.#describe(error);
    } finally {
      this.checkingUpdate = false;
    }
  }

  async openLogsFolder(): Promise<void> {
    this.error = null;
    try {
      await this.#api.invoke('app:open-logs-folder');
    } catch (error) {
      this.error = this.#describe(error);
    }
  }

  /** First step: the confirmation, which explains what goes and that it cannot be undone. */
  askToForget(): void {
    if (this.forgetPhase === 'forgetting') return;
    this.forgotten = null;
    this.error = null;
    this.forgetPhase = 'confirming';
  }

  cancelForget(): void {
    if (this.forgetPhase === 'confirming') this.forgetPhase = 'idle';
  }

  /** Second step; does nothing unless the admin was asked first. Returns true once forgotten. */
  async forget(): Promise<boolean> {
    if (this.forgetPhase !== 'confirming') return false;
    this.forgetPhase = 'forgetting';
    this.error = null;
    try {
      this.forgotten = await this.#api.invoke('app:forget-everything', { confirm: 'forget-everything' });
      this.forgetPhase = 'done';
    } catch (error) {
      this.error = this.#describe(error);
      this.forgetPhase = 'confirming';
      return false;
    }
    // The language follows the OS again and every stage starts over: reload what is shown.
    await this.#onForgotten();
    await this.load();
    return true;
  }
}
