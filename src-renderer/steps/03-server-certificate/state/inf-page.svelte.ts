// Route "certreq INF": the request file for the Windows-native route and the commands to run.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { CertRequestInputDto } from '../../../../src-main/ipc/contract';
import { isConflict } from './answer-page.svelte';
import { SuggestedPath } from './paths.svelte';
import type { StageTasks } from './tasks.svelte';

export class InfPage {
  text: string | null = $state(null);
  commands: string | null = $state(null);
  readonly path = new SuggestedPath();
  savedTo: string | null = $state(null);
  confirmReplace: string | null = $state(null);
  #input: CertRequestInputDto | null = null;

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;

  constructor(api: RpcApi, tasks: StageTasks) {
    this.#api = api;
    this.#tasks = tasks;
  }

  restore(savedTo: string | null): void {
    this.savedTo = savedTo;
    this.path.restore(savedTo);
  }

  async build(input: CertRequestInputDto): Promise<boolean> {
    return this.#tasks.run('create', async () => {
      const inf = await this.#api.invoke('certs:certreq-inf', input);
      this.#input = input;
      this.text = inf.text;
      this.commands = inf.commands;
      this.savedTo = null;
    });
  }

  async save(overwrite = false): Promise<void> {
    const input = this.#input;
    if (!input) return;
    await this.#tasks.run('save-inf', async () => {
      const path = this.path.value.trim();
      try {
        this.savedTo = (await this.#api.invoke('certs:save-inf', input, { path, overwrite })).path;
        this.confirmReplace = null;
        // The commands now name the file as saved (and the .csr/.cer/.pfx beside it).
        const fileName = this.savedTo.split(/[\\/]/).pop() ?? '';
        if (fileName !== '') {
          this.commands = (await this.#api.invoke('certs:certreq-inf', input, { fileName })).commands;
        }
      } catch (error) {
        if (!isConflict(error)) throw error;
        this.savedTo = null;
        this.confirmReplace = path;
      }
    });
  }

  cancelReplace(): void {
    this.confirmReplace = null;
  }
}
