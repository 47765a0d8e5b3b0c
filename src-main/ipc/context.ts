import type { StageContext, StageEngine } from '../engine';
import type { GraphClient } from '../graph';
import type { IdentitySession, RehearsalIdentityProvider } from '../identity';
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
  /** Follows the identity session: rehearsal until the admin signs in to a real tenant. */
  readonly mode: 'rehearsal' | 'tenant';
  /** Who is signed in, where Graph/ARM calls go, and the token callback for the Graph client. */
  readonly identity: IdentitySession;
  /**
   * The Graph/ARM client for the tenant in force (the simulated one in rehearsal), with the
   * signed-in admin's tokens and the redacted request log `<home>/logs/requests.jsonl`.
   */
  graph(): GraphClient;
  /** The native Save dialog (desktop app); null where there is none (web host, CLI, tests). */
  readonly chooseSavePath: SavePathChooser | null;
  /** The simulated tenant running in this process (rehearsal), or null when not started. */
  readonly tenant: RehearsalTenant | null;
  /** The language in force: the admin's choice, else the OS locale. */
  locale(): Locale;
  readonly osLocale: Locale;
  /** Runs every registered stage's plan (journal, cancel, progress); see src-main/stages. */
  readonly engine: StageEngine;
  /** What stages get: home, keychain, state, language, clock, Graph. */
  readonly stageContext: StageContext;
  /** Notices raised while opening (state moved aside…), shown once through `app:get-info`. */
  readonly notices: AppError[];
}

/** The in-process simulated tenant: Graph/ARM emulator (+ Azurite for Intune) and its sign-in. */
export interface RehearsalTenant {
  readonly graphBaseUrl: string;
  readonly armBaseUrl: string;
  readonly identity: RehearsalIdentityProvider;
}

/** Asks the admin where to save a file; resolves to null when they cancel. */
export type SavePathChooser = (request: {
  readonly defaultPath: string;
  readonly filters: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}) => Promise<string | null>;
