// The one action running in the stage (buttons disabled, its label shows progress) and the last
// failure's localized text. Shared by the stage's sub-page states: one action at a time.
export type BusyAction =
  | 'validate'
  | 'preview'
  | 'create'
  | 'save-csr'
  | 'save-inf'
  | 'import'
  | 'export'
  | 'inspect'
  | 'adopt'
  | 'resume';

/** Turns any failure (host error, file too large, transport) into localized text. */
export type Describe = (error: unknown) => string;

export class StageTasks {
  busy: BusyAction | null = $state(null);
  /** Localized text of the last failure, with what to do. */
  error: string | null = $state(null);
  readonly describe: Describe;

  constructor(describe: Describe) {
    this.describe = describe;
  }

  /** Runs `work` unless another action runs; a failure becomes `error`, never an exception. */
  async run(action: BusyAction, work: () => Promise<void>): Promise<boolean> {
    if (this.busy !== null) return false;
    this.busy = action;
    this.error = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.error = this.describe(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
