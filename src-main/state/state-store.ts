import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import { AppError } from '../shared';
import { defaultState, STATE_VERSION, type WizardState, WizardStateSchema } from './schema';

export const STATE_FILE = 'state.json';

export interface OpenedState {
  readonly store: StateStore;
  /** Set when the file on disk could not be used and was moved aside (shown to the admin once). */
  readonly notice: AppError | null;
}

/**
 * Versioned, schema-validated wizard state in `<home>/state.json`. Every write is atomic
 * (temp file + fsync + rename, by write-file-atomic) and writes are serialised, so a crash at
 * any moment leaves either the old or the new file, never a mix.
 */
export class StateStore {
  #state: WizardState;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #path: string;

  private constructor(path: string, state: WizardState) {
    this.#path = path;
    this.#state = state;
  }

  static async open(home: string, now: () => Date = () => new Date()): Promise<OpenedState> {
    await mkdir(home, { recursive: true });
    const path = join(home, STATE_FILE);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { store: new StateStore(path, defaultState()), notice: null };
      throw error;
    }
    const verdict = judge(raw);
    if (verdict.state) return { store: new StateStore(path, verdict.state), notice: null };
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const aside = join(home, `state.${verdict.reason}-${stamp}.json`);
    await rename(path, aside);
    const key = verdict.reason === 'future' ? 'error.stateFutureVersion' : 'error.stateCorrupt';
    return {
      store: new StateStore(path, defaultState()),
      notice: new AppError('state-corrupt', key, { file: aside }),
    };
  }

  get path(): string {
    return this.#path;
  }

  read(): WizardState {
    return structuredClone(this.#state);
  }

  /** Applies `mutate` to a copy, validates the result and persists it before returning it. */
  update(mutate: (draft: WizardState) => WizardState | void): Promise<WizardState> {
    const run = async (): Promise<WizardState> => {
      const draft = structuredClone(this.#state);
      const next = WizardStateSchema.parse(mutate(draft) ?? draft);
      await writeFileAtomic(this.#path, `${JSON.stringify(next, null, 2)}\n`, {
        encoding: 'utf8',
        fsync: true,
      });
      this.#state = next;
      return structuredClone(next);
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function judge(
  raw: string,
): { state: WizardState; reason?: never } | { state?: never; reason: 'corrupt' | 'future' } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { reason: 'corrupt' };
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STATE_VERSION) return { reason: 'future' };
  const parsed = WizardStateSchema.safeParse(data);
  return parsed.success ? { state: parsed.data } : { reason: 'corrupt' };
}
