// Sub-page "Check": the CMG preflight of the exported PFX (or of one made elsewhere), each check
// with its fix. After a reload it is read again from the file and its password in the keychain.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { PfxInspectedDto } from '../../../../src-main/ipc/contract';
import type { CheckItem } from '../../../components/stage';
import type { StageTasks } from './tasks.svelte';

export interface CheckedFile {
  /** A path exported here, or the dropped file's name. */
  readonly label: string;
  readonly path: string | null;
  readonly passwordSecretName: string | null;
}

export class CheckPage {
  result: PfxInspectedDto | null = $state(null);
  file: CheckedFile | null = $state(null);

  readonly checks: readonly CheckItem[] = $derived(
    (this.result?.checks ?? []).map(({ id, severity, message, hint }) => ({ id, severity, message, hint })),
  );
  readonly errors: number = $derived(this.checks.filter((check) => check.severity === 'error').length);
  readonly warnings: number = $derived(this.checks.filter((check) => check.severity === 'warning').length);

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;

  constructor(api: RpcApi, tasks: StageTasks) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /**
   * Preflight of a file exported here (its password named by its keychain entry). The previous CN
   * is passed only for a renewal the admin asked for: no "updated in place" without a gateway.
   */
  async checkExported(
    path: string,
    passwordSecretName: string,
    expectCn: string | null,
    previousCn: string | null,
  ): Promise<void> {
    await this.#tasks.run('inspect', async () => {
      this.result = await this.#api.invoke('certs:inspect-pfx', {
        source: { path },
        passwordSecretName,
        ...(expectCn ? { expectCn } : {}),
        ...(previousCn ? { previousCn } : {}),
      });
      this.file = { label: path, path, passwordSecretName };
    });
  }

  show(result: PfxInspectedDto, file: CheckedFile): void {
    this.result = result;
    this.file = file;
  }

  clear(): void {
    this.result = null;
    this.file = null;
  }
}
