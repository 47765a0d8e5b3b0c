import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { redact } from '../shared';

export const JOURNAL_FILE = 'journal.jsonl';

export const JOURNAL_OUTCOMES = [
  'planned',
  'applied',
  'adopted',
  'skipped',
  'failed',
  'checked',
  'cancelled',
] as const;
export type JournalOutcome = (typeof JOURNAL_OUTCOMES)[number];

export interface JournalEntry {
  readonly action: string;
  readonly target?: string;
  readonly outcome: JournalOutcome;
  /** Set by the engine: which run of which stage, and the plan action's stable id. */
  readonly runId?: string;
  readonly stageId?: string;
  readonly actionId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}
export interface JournalRecord extends JournalEntry {
  readonly time: string;
}

/**
 * Append-only action journal (`journal.jsonl`), one JSON line per action, fsynced before the
 * call returns so an applied action is never forgotten by a crash. Details are redacted.
 */
export class Journal {
  readonly #path: string;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(home: string, now: () => Date = () => new Date()) {
    this.#path = join(home, JOURNAL_FILE);
    this.#now = now;
  }

  get path(): string {
    return this.#path;
  }

  append(entry: JournalEntry): Promise<void> {
    const record = redact({ time: this.#now().toISOString(), ...entry });
    const line = `${JSON.stringify(record)}\n`;
    const run = async (): Promise<void> => {
      const handle = await open(this.#path, 'a', 0o600);
      try {
        await handle.write(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Reads every complete line; a torn last line (crash mid-write) is ignored. */
  async readAll(): Promise<JournalRecord[]> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: JournalRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        // a partial line from an interrupted write: skip it
      }
    }
    return records;
  }
}
