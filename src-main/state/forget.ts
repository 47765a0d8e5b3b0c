import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '../shared';
import { JOURNAL_FILE } from './journal';
import { STATE_FILE } from './state-store';

/** What the app itself creates in its home folder; nothing else there is touched. */
const HOME_ENTRIES: readonly string[] = [
  STATE_FILE,
  JOURNAL_FILE,
  'logs',
  'certs',
  'identity',
  'rehearsal',
  'reports',
];
// Progress files moved aside (`state.corrupt-<time>.json`, `state.future-<time>.json`) and
// write-file-atomic's temporary files (`state.json.<hash>`).
const HOME_PATTERNS: readonly RegExp[] = [/^state\.(corrupt|future)-[\w-]+\.json$/, /^state\.json\.\d+$/];

/** The keychain calls "Forget everything" needs (structural, so state does not import secrets). */
export interface ForgettableSecrets {
  list(): Promise<string[]>;
  delete(name: string): Promise<boolean>;
}

export interface ForgetSummary {
  /** Entries of the home folder that were removed, by name. */
  readonly removedEntries: readonly string[];
  /** Keychain entries removed (their names are not returned: they name certificates and tenants). */
  readonly removedSecrets: number;
}

/**
 * Removes everything the assistant keeps about this admin: the keychain entries first (when the
 * keychain is locked, nothing is removed and the admin can unlock and retry), then state,
 * journal, logs, reports, keys, the token cache and the simulated tenant's data. The home folder
 * itself stays, and so does anything in it the app did not create (COMANAGE_HOME may be shared).
 */
export async function forgetEverything(home: string, secrets: ForgettableSecrets): Promise<ForgetSummary> {
  const names = await secrets.list();
  let removedSecrets = 0;
  for (const name of names) if (await secrets.delete(name)) removedSecrets += 1;
  const present = await readdir(home).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new AppError('internal', 'state.forget.failed', { code: error.code ?? 'EIO' }, { cause: error });
  });
  const removedEntries = present
    .filter((name) => HOME_ENTRIES.includes(name) || HOME_PATTERNS.some((pattern) => pattern.test(name)))
    .sort();
  for (const name of removedEntries) {
    await rm(join(home, name), { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('internal', 'state.forget.failed', { code: error.code ?? 'EIO' }, { cause: error });
    });
  }
  return { removedEntries, removedSecrets };
}
