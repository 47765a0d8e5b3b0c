// Sub-page "Export": the PFX with the full chain, its password generated (shown once) or typed,
// kept in the keychain; an existing file is replaced only after the admin confirms.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { PfxExportedDto } from '../../../../src-main/ipc/contract';
import { MIN_PASSWORD_LENGTH } from '../password-strength';
import { isConflict } from './answer-page.svelte';
import { SuggestedPath } from './paths.svelte';
import type { StageTasks } from './tasks.svelte';

export type PfxEncryptionChoice = '3des' | 'aes256';
export type PasswordMode = 'generate' | 'type';

/** The export as it ended: the file, without the one-time password (kept apart, shown once). */
export type ExportedFile = Omit<PfxExportedDto, 'generatedPassword'>;

export class ExportPage {
  /** The request (or adopted PFX) whose key and chain are exported. */
  requestId: string | null = $state(null);
  readonly pfxPath = new SuggestedPath();
  passwordMode: PasswordMode = $state('generate');
  typedPassword = $state('');
  encryption: PfxEncryptionChoice = $state('3des');
  friendlyName = $state('');
  provider: 'schannel' | 'ksp' = $state('schannel');
  /** The path that exists: Replace / Cancel before anything is written. */
  confirmReplace: string | null = $state(null);
  exported: ExportedFile | null = $state(null);
  /** Generated password shown once; cleared when the admin confirms it is saved. */
  revealedPassword: string | null = $state(null);

  /** The question is about the path in the field; another path typed since makes it moot. */
  readonly askingReplace: boolean = $derived(
    this.confirmReplace !== null && this.confirmReplace === this.pfxPath.value.trim(),
  );
  readonly canExport: boolean = $derived(
    this.requestId !== null &&
      this.pfxPath.value.trim() !== '' &&
      (this.passwordMode === 'generate' || this.typedPassword.length >= MIN_PASSWORD_LENGTH),
  );

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;

  constructor(api: RpcApi, tasks: StageTasks) {
    this.#api = api;
    this.#tasks = tasks;
  }

  restore(
    requestId: string | null,
    remembered: { readonly path: string; readonly encryption: PfxEncryptionChoice } | null,
  ): void {
    this.requestId = requestId;
    if (remembered) {
      this.pfxPath.restore(remembered.path);
      this.encryption = remembered.encryption;
    }
  }

  /** Exports; null while a replacement waits for the admin's answer or on failure. */
  async exportPfx(overwrite = false): Promise<ExportedFile | null> {
    const id = this.requestId;
    if (id === null || !this.canExport) return null;
    let result: ExportedFile | null = null;
    await this.#tasks.run('export', async () => {
      const path = this.pfxPath.value.trim();
      this.confirmReplace = null;
      let exported: PfxExportedDto;
      try {
        exported = await this.#api.invoke('certs:export-pfx', id, {
          path,
          overwrite,
          ...(this.passwordMode === 'type' ? { password: this.typedPassword } : {}),
          encryption: this.encryption,
          csp: this.provider,
          ...(this.friendlyName.trim() !== '' ? { friendlyName: this.friendlyName.trim() } : {}),
        });
      } catch (error) {
        if (!isConflict(error)) throw error;
        // Nothing was written: the earlier export (if any) stays the one in place.
        this.confirmReplace = path;
        return;
      }
      this.confirmReplace = null;
      // The typed password now lives in the keychain only; the generated one is shown once.
      this.typedPassword = '';
      const { generatedPassword, ...file } = exported;
      this.revealedPassword = generatedPassword ?? null;
      this.exported = result = file;
    });
    return result;
  }

  /** Cancel on "Replace it?": the existing file and its password stay as they are. */
  cancelReplace(): void {
    this.confirmReplace = null;
  }

  forgetRevealedPassword(): void {
    this.revealedPassword = null;
  }

  dispose(): void {
    this.typedPassword = '';
    this.revealedPassword = null;
  }
}
