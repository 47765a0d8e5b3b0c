import type { SecretStore } from '../secrets/secret-store';
import type { AppError, Locale, Logger } from '../shared';
import type { Journal, StateStore } from '../state';
import type { EventBus } from './event-bus';

/** What every domain's handlers may use. Built once per process by `createRuntime`. */
export interface AppContext {
  readonly home: string;
  readonly version: string;
  readonly state: StateStore;
  readonly journal: Journal;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly secrets: SecretStore;
  readonly mode: 'rehearsal' | 'tenant';
  /** The language in force: the admin's choice, else the OS locale. */
  locale(): Locale;
  readonly osLocale: Locale;
  /** Notices raised while opening (state moved aside…), shown once through `app:get-info`. */
  readonly notices: AppError[];
}
