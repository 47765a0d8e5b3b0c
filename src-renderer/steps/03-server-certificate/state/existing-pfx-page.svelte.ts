// Route "check a PFX made elsewhere": its preflight with the typed password (kept in the keychain
// once it opens the file), then, if wanted, taken in to be exported again with the Windows profile.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { ImportedAnswerDto } from '../../../../src-main/ipc/contract';
import { readFileAsBase64 } from '../read-file';
import type { CheckPage } from './check-page.svelte';
import type { StageTasks } from './tasks.svelte';

export class ExistingPfxPage {
  adopted: ImportedAnswerDto | null = $state(null);
  /** The file last checked and the keychain entry of its password (set once the password opened it). */
  #checked: { readonly contentBase64: string; readonly secretName: string } | null = null;
  canAdopt = $state(false);

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;
  readonly #check: CheckPage;

  constructor(api: RpcApi, tasks: StageTasks, check: CheckPage) {
    this.#api = api;
    this.#tasks = tasks;
    this.#check = check;
  }

  async inspect(file: File, password: string, expectCn: string): Promise<void> {
    await this.#tasks.run('inspect', async () => {
      const contentBase64 = await readFileAsBase64(file);
      this.adopted = null;
      const expected = expectCn.trim();
      const result = await this.#api.invoke('certs:inspect-pfx', {
        source: { contentBase64 },
        password,
        ...(expected !== '' ? { expectCn: expected } : {}),
      });
      this.#check.show(result, {
        label: file.name,
        path: null,
        passwordSecretName: result.passwordSecretName,
      });
      const secretName = result.passwordSecretName;
      this.#checked = secretName !== null && result.summary !== null ? { contentBase64, secretName } : null;
      this.canAdopt = this.#checked !== null;
    });
  }

  /** Takes the checked PFX in (key + chain) so it can be exported again; returns it, or null. */
  async adopt(): Promise<ImportedAnswerDto | null> {
    const checked = this.#checked;
    if (!checked) return null;
    await this.#tasks.run('adopt', async () => {
      this.adopted = await this.#api.invoke('certs:import-pfx', {
        source: { contentBase64: checked.contentBase64 },
        passwordSecretName: checked.secretName,
      });
    });
    return this.adopted;
  }
}
