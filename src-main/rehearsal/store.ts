import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../shared';

export interface Entity {
  readonly id: string;
}

interface CollectionData {
  items: Record<string, Entity>;
  /** id → epoch ms before which the object is invisible to reads (replication delay). */
  hiddenUntil: Record<string, number>;
}

export interface StoreDocument {
  readonly format: typeof DOCUMENT_FORMAT;
  readonly version: 1;
  collections: Record<string, CollectionData>;
}

const DOCUMENT_FORMAT = 'comanage-rehearsal-tenant';
export const STORE_FILE_NAME = 'tenant.json';
const WRITE_DEBOUNCE_MS = 20;

export interface ReadOptions {
  /** Also return objects still hidden by a replication delay (writes and internal lookups). */
  readonly includeHidden?: boolean;
}

/** One named set of objects (applications, users, mobileApps…), in insertion order. */
export class Collection<T extends Entity> {
  /** `resolve` is called on every access so a collection held by a route survives a store reset. */
  constructor(
    private readonly resolve: () => CollectionData,
    private readonly changed: () => void,
    private readonly now: () => Date,
  ) {}

  private get data(): CollectionData {
    return this.resolve();
  }

  insert(item: T, options: { hiddenForMs?: number } = {}): T {
    this.data.items[item.id] = structuredClone(item);
    if (options.hiddenForMs && options.hiddenForMs > 0) {
      this.data.hiddenUntil[item.id] = this.now().getTime() + options.hiddenForMs;
    }
    this.changed();
    return structuredClone(item);
  }

  get(id: string, options: ReadOptions = {}): T | undefined {
    const item = this.data.items[id];
    if (!item || (!options.includeHidden && this.isHidden(id))) return undefined;
    return structuredClone(item) as T;
  }

  find(predicate: (item: T) => boolean, options: ReadOptions = {}): T | undefined {
    return this.list(options).find(predicate);
  }

  list(options: ReadOptions = {}): T[] {
    return Object.values(this.data.items)
      .filter((item) => options.includeHidden || !this.isHidden(item.id))
      .map((item) => structuredClone(item) as T);
  }

  /** Shallow-merges `patch` into the object; returns the new value, or undefined when absent. */
  update(id: string, patch: Partial<T>): T | undefined {
    const current = this.data.items[id];
    if (!current) return undefined;
    const next = { ...current, ...structuredClone(patch), id } as T;
    this.data.items[id] = next;
    this.changed();
    return structuredClone(next);
  }

  remove(id: string): boolean {
    if (!this.data.items[id]) return false;
    delete this.data.items[id];
    delete this.data.hiddenUntil[id];
    this.changed();
    return true;
  }

  count(options: ReadOptions = { includeHidden: true }): number {
    return this.list(options).length;
  }

  isHidden(id: string): boolean {
    const until = this.data.hiddenUntil[id];
    if (until === undefined) return false;
    if (this.now().getTime() >= until) {
      delete this.data.hiddenUntil[id];
      this.changed();
      return false;
    }
    return true;
  }
}

/**
 * The simulated tenant's objects, as generic collections persisted to one JSON file
 * (`<dataDir>/tenant.json`, atomic writes shortly after each change, flushed on close).
 * Without a data directory the store lives in memory only.
 */
export class EmulatorStore {
  private document: StoreDocument;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    private readonly dataDir: string | undefined,
    private readonly now: () => Date,
    private readonly logger: Logger,
    document: StoreDocument,
  ) {
    this.document = document;
  }

  /**
   * Loads `<dataDir>/tenant.json`, or calls `seed` when there is none. A file that cannot be
   * read as a tenant document is moved aside (`tenant.json.corrupt-<time>`) and the tenant reseeded.
   */
  static async open(options: {
    dataDir?: string;
    now: () => Date;
    logger: Logger;
    seed: (store: EmulatorStore) => void;
  }): Promise<{ store: EmulatorStore; seeded: boolean }> {
    const { dataDir, now, logger } = options;
    let document: StoreDocument | null = null;
    if (dataDir) {
      await mkdir(dataDir, { recursive: true });
      document = await readDocument(join(dataDir, STORE_FILE_NAME), now, logger);
    }
    const store = new EmulatorStore(dataDir, now, logger, document ?? emptyDocument());
    if (!document) {
      options.seed(store);
      store.markChanged();
    }
    return { store, seeded: !document };
  }

  collection<T extends Entity>(name: string): Collection<T> {
    this.dataOf(name);
    return new Collection<T>(
      () => this.dataOf(name),
      () => this.markChanged(),
      this.now,
    );
  }

  private dataOf(name: string): CollectionData {
    let data = this.document.collections[name];
    if (!data) {
      data = { items: {}, hiddenUntil: {} };
      this.document.collections[name] = data;
    }
    return data;
  }

  collectionNames(): string[] {
    return Object.keys(this.document.collections);
  }

  /** Object count per collection, hidden (not yet replicated) objects included. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, data] of Object.entries(this.document.collections)) {
      counts[name] = Object.keys(data.items).length;
    }
    return counts;
  }

  /** Drops every object, then lets `seed` fill the store again. */
  reset(seed: (store: EmulatorStore) => void): void {
    this.document = emptyDocument();
    seed(this);
    this.markChanged();
  }

  /** Writes pending changes now; resolves once they are on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.dirty) this.scheduleWrite();
    await this.writing;
  }

  /** Forgets changes not yet written (used when the emulator fails to start). */
  discardPendingWrites(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
  }

  private markChanged(): void {
    if (!this.dataDir) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scheduleWrite();
    }, WRITE_DEBOUNCE_MS);
    this.timer.unref();
  }

  private scheduleWrite(): void {
    if (!this.dataDir || !this.dirty) return;
    this.dirty = false;
    const file = join(this.dataDir, STORE_FILE_NAME);
    const text = `${JSON.stringify(this.document, null, 1)}\n`;
    this.writing = this.writing
      .then(() => writeFileAtomic(file, text, { mode: 0o600 }))
      .catch((error: unknown) => {
        this.logger.error('rehearsal: could not save the simulated tenant', {
          error: error instanceof Error ? error.message : String(error),
        });
      });
  }
}

function emptyDocument(): StoreDocument {
  return { format: DOCUMENT_FORMAT, version: 1, collections: {} };
}

async function readDocument(file: string, now: () => Date, logger: Logger): Promise<StoreDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const document = parseDocument(text);
  if (document) return document;
  const aside = `${file}.corrupt-${now().getTime()}`;
  await rename(file, aside);
  logger.warn('rehearsal: the saved simulated tenant was unreadable; it was moved aside and reseeded', {
    movedTo: aside,
  });
  return null;
}

function parseDocument(text: string): StoreDocument | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<StoreDocument>;
  if (candidate.format !== DOCUMENT_FORMAT || candidate.version !== 1) return null;
  if (typeof candidate.collections !== 'object' || candidate.collections === null) return null;
  for (const data of Object.values(candidate.collections)) {
    if (typeof data !== 'object' || data === null) return null;
    if (typeof data.items !== 'object' || data.items === null) return null;
    if (typeof data.hiddenUntil !== 'object' || data.hiddenUntil === null) return null;
  }
  return candidate as StoreDocument;
}
