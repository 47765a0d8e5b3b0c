import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { SecretStore } from '../secrets';
import { defaultState, forgetEverything, type ForgetSummary, type StateStore } from '../state';

/** What "Forget everything" resets besides files and keychain entries. */
export interface ForgetAllDeps {
  readonly home: string;
  readonly secrets: SecretStore;
  readonly state: StateStore;
  /** Signs out of any real tenant first, so no token outlives the forgetting. */
  signOut(): Promise<unknown>;
  /** The simulated tenant running in this process, if any: back to its seed afterwards. */
  resetRehearsalTenant?: () => Promise<void>;
}

/**
 * Sign out, remove every keychain entry and every file the app made, then start again from an
 * empty state (the language follows the OS again) and a freshly seeded simulated tenant.
 */
export async function forgetAll(deps: ForgetAllDeps): Promise<ForgetSummary> {
  await deps.signOut();
  const summary = await forgetEverything(deps.home, deps.secrets);
  // The running app keeps logging (request log, app log): give it its folder back, empty.
  await mkdir(join(deps.home, 'logs'), { recursive: true, mode: 0o700 });
  await deps.state.update(() => defaultState());
  await deps.resetRehearsalTenant?.();
  return summary;
}
