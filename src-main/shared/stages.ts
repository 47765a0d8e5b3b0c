import type { ErrorCode } from './errors';

/** The tutorial's stages, in order. Ids are stable: they are persisted in state.json. */
export const STAGE_IDS = [
  'prerequisites',
  'cloud-name',
  'server-certificate',
  'azure-services',
  'cloud-management-gateway',
  'configmgr',
  'co-management',
  'intune-app',
  'licences',
  'summary',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

export const STAGE_STATUSES = ['not-started', 'in-progress', 'done', 'needs-attention'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

// The stage pattern's data as it crosses every boundary (engine → IPC → renderer, CLI), defined
// once here in plain TypeScript; the contract re-exports these types and adds the schemas.

/** The error envelope of a failed or cancelled run (same shape as the RPC error). */
export interface StageErrorDto {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly message: string;
}

/** What an action does to its object, as a plan line shows it (a symbol, the object, the fields). */
export const PLANNED_ACTION_KINDS = [
  'create',
  'update',
  'adopt',
  'skip',
  'check',
  'write-file',
  'store-secret',
] as const;
export type PlannedActionKind = (typeof PLANNED_ACTION_KINDS)[number];

/** A message as it crosses: its key and parameters (to re-render) and its text in the admin's language. */
export interface LocalizedTextDto {
  readonly messageKey: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

/** A value that exists only once the object does (an appId, a thumbprint): "known after apply". */
export interface KnownAfterApplyDto {
  readonly knownAfterApply: true;
}
export type PlannedFieldValue = string | number | boolean | null;

export interface PlannedFieldDto {
  readonly name: string;
  /** Absent for an object that does not exist yet. */
  readonly before?: PlannedFieldValue;
  readonly after: PlannedFieldValue | KnownAfterApplyDto;
}

/** The object an action works on: its type and stable key (a path, a display name + tag, an id). */
export interface ActionTargetDto {
  /** e.g. `file`, `keychain-entry`, `application`, `service-principal`, `pfx-preflight`. */
  readonly type: string;
  readonly key: string;
  /** What the admin reads in the plan (a file name, an app's display name). */
  readonly label: string;
}

export interface PlannedActionDto {
  /** Stable: `<stage-id>:<object key>`, never derived from time; the journal is keyed by it. */
  readonly id: string;
  readonly kind: PlannedActionKind;
  readonly target: ActionTargetDto;
  readonly summary: LocalizedTextDto;
  /** Ids of actions that must succeed first. */
  readonly dependsOn: readonly string[];
  readonly fields?: readonly PlannedFieldDto[];
}

export type StageCheckSeverityDto = 'pass' | 'info' | 'warning' | 'error';

export interface StageCheckDto {
  readonly id: string;
  readonly severity: StageCheckSeverityDto;
  readonly message: LocalizedTextDto;
  readonly hint?: LocalizedTextDto;
}

export interface StagePlanDto {
  readonly stageId: StageId;
  /** Of the observation the plan was made from; apply refuses a plan whose world has moved. */
  readonly fingerprint: string;
  readonly actions: readonly PlannedActionDto[];
  /** What stops apply altogether (a missing input, a refused name): nothing is applied while any is left. */
  readonly blockers: readonly StageCheckDto[];
  /** Read-only findings shown with the plan (warnings, passes). */
  readonly checks: readonly StageCheckDto[];
}

/** One object as observe saw it: for the stage frame's "what exists" list. */
export interface ObservedObjectDto {
  readonly type: string;
  readonly key: string;
  readonly label: string;
  readonly exists: boolean;
}

export interface StageObservationDto {
  readonly stageId: StageId;
  /** Derived from state and journal, never set by hand. */
  readonly status: StageStatus;
  readonly fingerprint: string;
  readonly objects: readonly ObservedObjectDto[];
}

export const ACTION_OUTCOMES = [
  'pending',
  'running',
  'planned',
  'applied',
  'adopted',
  'skipped',
  'failed',
  'cancelled',
] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

export interface ActionRunDto {
  readonly actionId: string;
  readonly outcome: ActionOutcome;
  /** What happened, e.g. "Adopted the existing file" or the failure's text. */
  readonly message?: LocalizedTextDto;
}

export const RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface StageRunDto {
  readonly runId: string;
  readonly stageId: StageId;
  readonly state: RunState;
  /** A dry run journals `planned` only and changes nothing. */
  readonly dryRun: boolean;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly plan: StagePlanDto;
  readonly actions: readonly ActionRunDto[];
  /** Set when state is `failed` (the first failing action's error) or `cancelled`. */
  readonly error?: StageErrorDto;
}

/** Pushed as `stage:progress` while a run goes: one per action change, and inside long actions. */
export interface StageProgressDto {
  readonly runId: string;
  readonly stageId: StageId;
  readonly actionId: string;
  readonly outcome: ActionOutcome;
  /** Actions finished so far / in the plan. */
  readonly done: number;
  readonly total: number;
  /** Inside an action that moves bytes (an upload): how far it is. */
  readonly bytes?: { readonly done: number; readonly total: number };
  /** Bytes per second, where it applies. */
  readonly rate?: number;
  /** Seconds left, where it applies. */
  readonly etaSeconds?: number;
}
