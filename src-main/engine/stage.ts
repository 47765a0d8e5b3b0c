// The stage interface every wizard stage implements, and the context the engine gives it.
import type { GraphClient } from '../graph';
import type { SecretStore } from '../secrets';
import type {
  ActionTargetDto,
  Locale,
  MessageParams,
  ObservedObjectDto,
  PlannedActionKind,
  PlannedFieldDto,
  StageCheckSeverityDto,
  StageId,
  StageStatus,
} from '../shared';
import type { JournalRecord, StateStore, WizardState } from '../state';

/** A message before it is rendered in the admin's language. */
export interface MessageRef {
  readonly messageKey: string;
  readonly params?: MessageParams;
}

/**
 * One line of a plan: one object, one action. `data` is the stage's own (non-secret, plain JSON)
 * description of what to do; the engine never reads it.
 */
export interface PlannedAction<D = unknown> {
  /** Stable: `<stage-id>:<object key>`; never derived from time or order. */
  readonly id: string;
  readonly kind: PlannedActionKind;
  readonly target: ActionTargetDto;
  readonly summary: MessageRef;
  readonly dependsOn: readonly string[];
  readonly fields?: readonly PlannedFieldDto[];
  readonly data: D;
}

export interface PlanCheck {
  readonly id: string;
  readonly severity: StageCheckSeverityDto;
  readonly message: MessageRef;
  readonly hint?: MessageRef;
}

export interface StagePlan<D = unknown> {
  readonly stageId: StageId;
  readonly fingerprint: string;
  readonly actions: readonly PlannedAction<D>[];
  readonly blockers: readonly PlanCheck[];
  readonly checks: readonly PlanCheck[];
}

/** What observe saw. `fingerprint` changes whenever anything the plan depends on changes. */
export interface Observation {
  readonly fingerprint: string;
  readonly objects: readonly ObservedObjectDto[];
}

/** What `apply` reports: it made the object, found it and took it over, or had nothing to do. */
export interface ApplyResult {
  readonly outcome: 'applied' | 'adopted' | 'skipped';
  readonly message?: MessageRef;
  /** Non-secret facts for the journal (ids, paths, thumbprints); redacted again on write. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Reports progress inside a long action (bytes moved); the engine adds rate and ETA. */
export type ProgressReporter = (bytes: { readonly done: number; readonly total: number }) => void;

/** What every stage may use. Built once per process; the same for IPC, the CLI and tests. */
export interface StageContext {
  readonly home: string;
  readonly secrets: SecretStore;
  readonly state: StateStore;
  locale(): Locale;
  now(): Date;
  /** The Graph/ARM client for the tenant in force (the simulated one in rehearsal); absent offline. */
  readonly graph?: () => GraphClient;
}

/**
 * Given to `apply` for one run. `handoff` carries values from one action to a later one of the
 * same run in memory only (a generated password between "write the file" and "store its
 * password"): it is never journaled, and a crash loses it, which the next plan sees.
 */
export interface RunContext extends StageContext {
  readonly runId: string;
  readonly handoff: Map<string, unknown>;
}

export interface StageModule<O extends Observation = Observation, D = unknown> {
  readonly id: StageId;
  /** Reads what exists (files, keychain entries, tenant objects). Never writes. */
  observe(ctx: StageContext, signal: AbortSignal): Promise<O>;
  /** Pure: the same state and observation give deep-equal plans; no I/O, no clock, no randomness. */
  plan(state: Readonly<WizardState>, observed: Readonly<O>): StagePlan<D>;
  /**
   * Idempotent: looks for the object first (stored id, then name/tag), adopts it when found,
   * otherwise makes it, then reads it back. Checks `signal` where it can stop safely.
   */
  apply(
    action: PlannedAction<D>,
    ctx: RunContext,
    signal: AbortSignal,
    progress: ProgressReporter,
  ): Promise<ApplyResult>;
  /** The rail's status, derived; no handler sets a status by hand. */
  status(state: Readonly<WizardState>, journal: readonly JournalRecord[]): StageStatus;
}

/** Any stage, as the registry and the engine hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each stage has its own observation/data types; the engine only passes them back to the same stage
export type AnyStage = StageModule<any, any>;
