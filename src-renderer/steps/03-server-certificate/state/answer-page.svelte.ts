// Sub-page "CA answer": the request to send (copy or save it), then the CA's answer dropped or
// picked; a missing intermediate can follow and joins what is already imported.
import type { RpcApi } from '../../../../src-main/ipc/contract';
import type { CsrCreatedDto, ImportedAnswerDto } from '../../../../src-main/ipc/contract';
import { RpcError } from '../../../lib/rpc-error';
import { readFileAsBase64 } from '../read-file';
import { SuggestedPath } from './paths.svelte';
import type { StageTasks } from './tasks.svelte';

/** The host refuses to replace an existing file with the `conflict` code; the UI then asks. */
export const isConflict = (error: unknown): boolean => error instanceof RpcError && error.code === 'conflict';

export class AnswerPage {
  csr: CsrCreatedDto | null = $state(null);
  readonly csrPath = new SuggestedPath();
  csrSavedTo: string | null = $state(null);
  /** The path that exists: the page asks (Replace / Cancel) before writing over it. */
  confirmReplace: string | null = $state(null);
  answer: ImportedAnswerDto | null = $state(null);
  /** The host says the answer was imported (after a reload the chain itself is not kept in the UI). */
  answerImported = $state(false);

  readonly #api: RpcApi;
  readonly #tasks: StageTasks;

  constructor(api: RpcApi, tasks: StageTasks) {
    this.#api = api;
    this.#tasks = tasks;
  }

  restore(csr: CsrCreatedDto | null, savedTo: string | null, answerImported: boolean): void {
    this.csr = csr;
    this.csrSavedTo = savedTo;
    this.csrPath.restore(savedTo);
    this.answerImported = answerImported;
  }

  /** A new request replaces the old one here (its key stays on disk until forgotten). */
  startWith(csr: CsrCreatedDto): void {
    this.csr = csr;
    this.csrSavedTo = null;
    this.confirmReplace = null;
    this.answer = null;
    this.answerImported = false;
  }

  async saveCsr(overwrite = false): Promise<void> {
    const csr = this.csr;
    if (!csr) return;
    await this.#tasks.run('save-csr', async () => {
      const path = this.csrPath.value.trim();
      try {
        this.csrSavedTo = (await this.#api.invoke('certs:save-request', csr.id, { path, overwrite })).path;
        this.confirmReplace = null;
      } catch (error) {
        if (!isConflict(error)) throw error;
        // Asked, not saved: nothing claims "Saved to …" while the question is open.
        this.csrSavedTo = null;
        this.confirmReplace = path;
      }
    });
  }

  cancelReplace(): void {
    this.confirmReplace = null;
  }

  async importAnswer(file: File): Promise<boolean> {
    const csr = this.csr;
    if (!csr) return false;
    return this.#tasks.run('import', async () => {
      const contentBase64 = await readFileAsBase64(file);
      this.answer = await this.#api.invoke('certs:import-answer', csr.id, { contentBase64 });
      this.answerImported = true;
    });
  }
}
